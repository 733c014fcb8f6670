/**
 * The SamlSigningSettings resource's Graph provider, run in this process against the fake Graph server the tests use
 * (test/support/fake-graph-server.ts): what its outputs hold after `pulumi up`, and what its error says when Graph
 * refuses one assignment and the policy it replaced is put back.
 */
import { once, type DocBlockSource } from "../doc-block-source";

/** The objects the azuread provider created: fixed IDs, so the examples read the same on every run. */
const ids = {
  tenantId: "6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31",
  applicationObjectId: "5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
  servicePrincipalObjectId: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
  portalPolicyId: "77e1c0de-0000-4000-8000-00000000a11c",
};
/** The thumbprint ServicePrincipalTokenSigningCertificate reports, as the resource's input. */
const thumbprint = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678";

/** The outputs of the resource that say what Entra holds, in the order the docs explain them. */
const shownOutputs = [
  "tokenResponseSigningPolicy",
  "applicationTokenResponseSigningPolicy",
  "servicePrincipalTokenResponseSigningPolicy",
  "preferredTokenSigningKeyThumbprint",
  "tokenIssuancePolicyDisplayName",
] as const;

/**
 * Creates the resource in a fake tenant where the portal's signing option already put a policy on the service
 * principal; `refuseServicePrincipalAssignment` makes Graph answer 403 to assigning ours there.
 */
async function createSigningSettings(refuseServicePrincipalAssignment: boolean): Promise<{ outs?: Record<string, unknown>; error?: Error }> {
  const [{ FakeGraphServer, fakeToken }, { GraphClient }, { createSamlSigningProvider }] = await Promise.all([
    import("../../../test/support/fake-graph-server"),
    import("../../../components/graph/graph-client"),
    import("../../../components/graph/saml-signing-provider"),
  ]);
  const graph = await new FakeGraphServer().start();
  try {
    const application = graph.addApplication({ id: ids.applicationObjectId });
    const servicePrincipal = graph.addServicePrincipal(application, { id: ids.servicePrincipalObjectId });
    const portal = graph.addPolicy({
      id: ids.portalPolicyId,
      displayName: "SAML app signing (portal)",
      definition: [JSON.stringify({ TokenIssuancePolicy: { Version: 1, SigningAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", TokenResponseSigningPolicy: "TokenOnly" } })],
    });
    servicePrincipal.tokenIssuancePolicyIds.push(portal.id);
    if (refuseServicePrincipalAssignment) {
      graph.injectFault({
        method: "POST",
        path: `/servicePrincipals/${ids.servicePrincipalObjectId}/tokenIssuancePolicies/$ref`,
        status: 403,
        code: "Authorization_RequestDenied",
        message: "Insufficient privileges to complete the operation.",
      });
    }
    const provider = createSamlSigningProvider(() => new GraphClient({ baseUrl: graph.baseUrl, getToken: async () => fakeToken, sleep: async () => undefined }));
    try {
      const result = await provider.create!({
        tenantId: ids.tenantId,
        environment: "global",
        applicationObjectId: ids.applicationObjectId,
        servicePrincipalObjectId: ids.servicePrincipalObjectId,
        signingCertificateThumbprint: thumbprint,
      });
      return { outs: result.outs as Record<string, unknown> };
    } catch (error) {
      return { error: error as Error };
    }
  } finally {
    await graph.stop();
  }
}

const created = once(() => createSigningSettings(false));

/** Graph's request IDs differ on every run. */
const requestId = /request-id [0-9a-f-]{36}/g;

export const graphExampleBlocks: readonly DocBlockSource[] = [
  {
    id: "example-signing-settings-outputs",
    async generate() {
      const { outs, error } = await created();
      if (!outs) throw new Error(`creating SamlSigningSettings against the fake Graph failed: ${error?.message}`);
      const shown = Object.fromEntries(shownOutputs.map((name) => [name, outs[name]]));
      return ["```json", JSON.stringify(shown, null, 2), "```"].join("\n");
    },
  },
  {
    id: "example-signing-settings-rollback",
    volatile: [requestId],
    async generate() {
      const { error } = await createSigningSettings(true);
      if (!error) throw new Error("Graph refused nothing: the rollback example needs the service principal's assignment refused");
      return ["```text", error.message, "```"].join("\n");
    },
  },
];

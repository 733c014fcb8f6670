/**
 * The dynamic provider behind SamlSigningSettings: makes Entra sign the SAML response and assertion
 * (a token issuance policy assigned to the application) and activates the managed signing certificate
 * (the service principal's preferredTokenSigningKeyThumbprint), through Microsoft Graph v1.0.
 *
 * Pulumi serializes this object into the state and runs the copy in its own process
 * (https://www.pulumi.com/docs/iac/concepts/resources/dynamic-providers/). So it captures no client,
 * no credential and no config: the Graph client is made per call from the resource's inputs, the
 * credential from the stack config handed to `configure` (kept in memory only) and the environment,
 * and @azure/identity is required only when a token is needed.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  assignTokenIssuancePolicy,
  createTokenIssuancePolicy,
  deleteTokenIssuancePolicy,
  findTokenIssuancePoliciesByDisplayName,
  getServicePrincipalSigning,
  getTokenIssuancePolicy,
  listApplicationTokenIssuancePolicies,
  removeTokenIssuancePolicy,
  setPreferredTokenSigningKeyThumbprint,
  updateTokenIssuancePolicyDefinition,
} from "./graph-api";
import { connectToGraph } from "./graph-connect";
import type { GraphClient, GraphError } from "./graph-client";
import { checkSigningInputs } from "./saml-signing-inputs";
import {
  diffSigning,
  type LiveSigning,
  normalizeThumbprint,
  planSigningSteps,
  policyDisplayName,
  responseAndToken,
  type SamlSigningInputs,
  type SamlSigningState,
  stateFromLive,
} from "./saml-signing-plan";

/** The azuread provider settings our credential choice reads from the stack config. */
export const azureadCredentialKeys = [
  "clientId",
  "clientSecret",
  "clientCertificatePath",
  "clientCertificatePassword",
  "useOidc",
  "oidcToken",
  "oidcTokenFilePath",
  "oidcRequestToken",
  "oidcRequestUrl",
  "useMsi",
  "useCli",
];

/** Makes the Graph client for one resource; the default signs in, tests point it at a fake. */
export type GraphConnector = (
  target: { tenantId: string; environment: string },
  azureadConfig: Readonly<Record<string, string | undefined>>,
) => GraphClient;

function inputsOf(props: Record<string, unknown>): SamlSigningInputs {
  return {
    tenantId: String(props.tenantId ?? ""),
    environment: String(props.environment ?? "global"),
    applicationObjectId: String(props.applicationObjectId ?? ""),
    servicePrincipalObjectId: String(props.servicePrincipalObjectId ?? ""),
    signingCertificateThumbprint: String(props.signingCertificateThumbprint ?? ""),
  };
}

/** Reads what Graph has now; "gone" when the application or the service principal no longer exists. */
async function readLive(
  graph: GraphClient,
  inputs: SamlSigningInputs,
  knownPolicyId: string | undefined,
  waitForNewObjects: boolean,
): Promise<LiveSigning | "gone"> {
  const servicePrincipal = await getServicePrincipalSigning(graph, inputs.servicePrincipalObjectId, { retryNotFound: waitForNewObjects });
  if (!servicePrincipal) return "gone";
  let assigned;
  try {
    assigned = await listApplicationTokenIssuancePolicies(graph, inputs.applicationObjectId, { retryNotFound: waitForNewObjects });
  } catch (error) {
    if ((error as Partial<GraphError>).status === 404) return "gone";
    throw error;
  }
  const displayName = policyDisplayName(inputs.applicationObjectId);
  const ownPolicy =
    assigned.find((policy) => policy.id === knownPolicyId) ??
    assigned.find((policy) => policy.displayName === displayName) ??
    (knownPolicyId ? await getTokenIssuancePolicy(graph, knownPolicyId) : undefined) ??
    (await findTokenIssuancePoliciesByDisplayName(graph, displayName))[0];
  return {
    ownPolicy,
    assignedPolicies: assigned,
    preferredTokenSigningKeyThumbprint: servicePrincipal.preferredTokenSigningKeyThumbprint,
  };
}

/** Runs the planned steps; returns the state Graph now holds. */
async function converge(graph: GraphClient, inputs: SamlSigningInputs, live: LiveSigning): Promise<SamlSigningState> {
  let policy = live.ownPolicy;
  for (const step of planSigningSteps(inputs, live)) {
    switch (step.kind) {
      case "createPolicy":
        policy = await createTokenIssuancePolicy(graph, {
          displayName: step.displayName,
          definition: step.definition,
          description: "Managed by Pulumi (clientvpn-federation): AWS Client VPN needs the SAML response and assertion signed.",
        });
        break;
      case "updatePolicyDefinition":
        await updateTokenIssuancePolicyDefinition(graph, step.policyId, step.definition);
        break;
      case "removeForeignPolicy":
        await removeTokenIssuancePolicy(graph, inputs.applicationObjectId, step.policyId);
        break;
      case "assignPolicy":
        await assignTokenIssuancePolicy(graph, inputs.applicationObjectId, requirePolicyId(policy));
        break;
      case "setPreferredThumbprint":
        await setPreferredTokenSigningKeyThumbprint(graph, inputs.servicePrincipalObjectId, step.thumbprint);
        break;
    }
  }
  // The state records what was just written rather than an immediate re-read, which replication
  // could answer with the old values and so show a false diff on the next preview.
  return {
    ...inputs,
    tokenResponseSigningPolicy: responseAndToken,
    preferredTokenSigningKeyThumbprint: normalizeThumbprint(inputs.signingCertificateThumbprint),
    tokenIssuancePolicyId: requirePolicyId(policy),
    tokenIssuancePolicyDisplayName: policy?.displayName ?? policyDisplayName(inputs.applicationObjectId),
  };
}

function requirePolicyId(policy: { id: string } | undefined): string {
  if (!policy?.id) throw new Error("Microsoft Graph created the token issuance policy without returning its id");
  return policy.id;
}

function resourceId(inputs: SamlSigningInputs): string {
  return `${inputs.applicationObjectId}/${inputs.servicePrincipalObjectId}`;
}

function goneError(inputs: SamlSigningInputs): Error {
  return new Error(
    `Microsoft Graph does not find application ${inputs.applicationObjectId} or service principal ` +
      `${inputs.servicePrincipalObjectId} in tenant ${inputs.tenantId}, even after waiting for directory replication; ` +
      `check that azuread:tenantId names the tenant the azuread provider created them in`,
  );
}

/**
 * Builds the provider. `connect` is for tests only; the production provider uses `connectToGraph`.
 * Whatever this closure captures is serialized into the state, so it captures functions and modules only.
 */
export function createSamlSigningProvider(connect?: GraphConnector): pulumi.dynamic.ResourceProvider {
  // Filled by `configure` in the provider process; the serialized copy holds it empty.
  const runtime: { azureadConfig: Record<string, string | undefined> } = { azureadConfig: {} };
  const graphFor = (inputs: SamlSigningInputs): GraphClient =>
    (connect ?? connectToGraph)({ tenantId: inputs.tenantId, environment: inputs.environment }, runtime.azureadConfig);

  return {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
      // Dynamic providers receive the whole stack config (pulumi/pulumi#17697), secrets decrypted;
      // the credential settings stay in this process's memory and never reach outputs or logs.
      const azureadConfig: Record<string, string | undefined> = {};
      for (const key of azureadCredentialKeys) azureadConfig[`azuread:${key}`] = req.config.get(`azuread:${key}`);
      runtime.azureadConfig = azureadConfig;
    },

    async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
      const { inputs, failures } = checkSigningInputs(news);
      return { inputs, failures };
    },

    async diff(_id: string, olds: SamlSigningState, news: SamlSigningInputs): Promise<pulumi.dynamic.DiffResult> {
      const diff = diffSigning(olds, news);
      return { changes: diff.changes, replaces: diff.replaces, deleteBeforeReplace: diff.deleteBeforeReplace };
    },

    async create(props: SamlSigningInputs): Promise<pulumi.dynamic.CreateResult<SamlSigningState>> {
      const inputs = inputsOf(props as unknown as Record<string, unknown>);
      const graph = graphFor(inputs);
      // The application and service principal were usually created seconds ago: wait for replication.
      const live = await readLive(graph, inputs, undefined, true);
      if (live === "gone") throw goneError(inputs);
      return { id: resourceId(inputs), outs: await converge(graph, inputs, live) };
    },

    async read(id: string, props?: SamlSigningState): Promise<pulumi.dynamic.ReadResult<SamlSigningState>> {
      const inputs = inputsOf((props ?? {}) as unknown as Record<string, unknown>);
      const live = await readLive(graphFor(inputs), inputs, props?.tokenIssuancePolicyId || undefined, false);
      // An application or service principal deleted out of band takes these settings with it.
      if (live === "gone") return { id: "", props: undefined };
      return { id, props: stateFromLive(inputs, live) };
    },

    async update(_id: string, olds: SamlSigningState, news: SamlSigningInputs): Promise<pulumi.dynamic.UpdateResult<SamlSigningState>> {
      const inputs = inputsOf(news as unknown as Record<string, unknown>);
      const graph = graphFor(inputs);
      const live = await readLive(graph, inputs, olds.tokenIssuancePolicyId || undefined, true);
      if (live === "gone") throw goneError(inputs);
      return { outs: await converge(graph, inputs, live) };
    },

    async delete(_id: string, props: SamlSigningState): Promise<void> {
      const inputs = inputsOf(props as unknown as Record<string, unknown>);
      const graph = graphFor(inputs);
      const policyIds = props.tokenIssuancePolicyId
        ? [props.tokenIssuancePolicyId]
        : (await findTokenIssuancePoliciesByDisplayName(graph, policyDisplayName(inputs.applicationObjectId))).map((p) => p.id);
      for (const policyId of policyIds) {
        // Both calls treat "already gone" as done.
        await removeTokenIssuancePolicy(graph, inputs.applicationObjectId, policyId);
        await deleteTokenIssuancePolicy(graph, policyId);
      }
      // preferredTokenSigningKeyThumbprint is left as it is: the service principal belongs to the
      // azuread provider, and clearing it would switch a still-existing app to another key.
    },
  };
}

/** The provider every SamlSigningSettings resource uses. */
export const samlSigningProvider: pulumi.dynamic.ResourceProvider = createSamlSigningProvider();

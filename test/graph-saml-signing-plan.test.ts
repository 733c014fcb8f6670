import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { describe, expect, it } from "vitest";
import { checkSigningInputs } from "../components/graph/saml-signing-inputs";
import {
  desiredPolicyDefinition,
  diffSigning,
  effectiveSigningPolicy,
  type LiveSigning,
  planSigningSteps,
  policyDisplayName,
  type SamlSigningInputs,
  type SamlSigningState,
  signingPolicyOf,
  stateFromLive,
  unknownInput,
} from "../components/graph/saml-signing-plan";

const inputs: SamlSigningInputs = {
  tenantId: "0a1b2c3d-0000-4000-8000-000000000001",
  environment: "global",
  applicationObjectId: "0a1b2c3d-0000-4000-8000-0000000000aa",
  servicePrincipalObjectId: "0a1b2c3d-0000-4000-8000-0000000000bb",
  signingCertificateThumbprint: "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678",
};

function definitionWith(signing: string): string[] {
  return [JSON.stringify({ TokenIssuancePolicy: { Version: 1, TokenResponseSigningPolicy: signing } })];
}

const own = { id: "own", displayName: policyDisplayName(inputs.applicationObjectId), definition: desiredPolicyDefinition() };
const portal = { id: "portal", displayName: "portal policy", definition: definitionWith("TokenOnly") };

describe("the policy definition", () => {
  it("is one JSON string asking for response and assertion signing, per the documented schema", () => {
    const [only, ...rest] = desiredPolicyDefinition();
    expect(rest).toEqual([]);
    expect(JSON.parse(only)).toEqual({
      TokenIssuancePolicy: {
        Version: 1,
        SigningAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        SamlTokenVersion: "2.0",
        TokenResponseSigningPolicy: "ResponseAndToken",
      },
    });
  });

  it.each([
    ["ResponseAndToken", definitionWith("ResponseAndToken"), "ResponseAndToken"],
    ["TokenOnly", definitionWith("TokenOnly"), "TokenOnly"],
    ["the portal's escaped form", ['{ "TokenIssuancePolicy":{"TokenResponseSigningPolicy":"ResponseOnly","Version":"1"}}'], "ResponseOnly"],
    ["unparseable", ["not json"], "unreadable"],
    ["empty", [], "unreadable"],
  ])("reads the signing option from %s", (_name, definition, expected) => {
    expect(signingPolicyOf(definition)).toBe(expected);
  });

  it("is named after the application only, so a retry finds it", () => {
    expect(policyDisplayName("4a3b2c1d-0000-4000-8000-000000000001")).toBe("clientvpn-federation SAML signing 4a3b2c1d-0000-4000-8000-000000000001");
  });
});

describe("planSigningSteps", () => {
  const cases: Array<[string, LiveSigning, string[]]> = [
    ["nothing yet", { assignedPolicies: [], preferredTokenSigningKeyThumbprint: null }, ["createPolicy", "assignPolicy", "setPreferredThumbprint"]],
    [
      "everything in place (thumbprint case differs)",
      { ownPolicy: own, assignedPolicies: [own], preferredTokenSigningKeyThumbprint: inputs.signingCertificateThumbprint.toLowerCase() },
      [],
    ],
    [
      "own policy flipped to TokenOnly",
      { ownPolicy: { ...own, definition: definitionWith("TokenOnly") }, assignedPolicies: [own], preferredTokenSigningKeyThumbprint: inputs.signingCertificateThumbprint },
      ["updatePolicyDefinition"],
    ],
    [
      "own policy exists but unassigned",
      { ownPolicy: own, assignedPolicies: [], preferredTokenSigningKeyThumbprint: inputs.signingCertificateThumbprint },
      ["assignPolicy"],
    ],
    [
      "a portal policy assigned instead",
      { ownPolicy: own, assignedPolicies: [portal], preferredTokenSigningKeyThumbprint: inputs.signingCertificateThumbprint },
      ["removeForeignPolicy", "assignPolicy"],
    ],
    [
      "another key active",
      { ownPolicy: own, assignedPolicies: [own], preferredTokenSigningKeyThumbprint: "FFEEDDCCBBAA99887766554433221100FFEEDDCC" },
      ["setPreferredThumbprint"],
    ],
  ];
  it.each(cases)("%s", (_name, live, expected) => {
    expect(planSigningSteps(inputs, live).map((step) => step.kind)).toEqual(expected);
  });

  it("treats a definition with other key order as the same, and one missing a property as different", () => {
    const missingVersion = { ...own, definition: [JSON.stringify(JSON.parse(own.definition[0]), null, 2).replace('"Version": 1,', "")] };
    const sameMeaning = {
      ...own,
      definition: [
        JSON.stringify({
          TokenIssuancePolicy: {
            TokenResponseSigningPolicy: "ResponseAndToken",
            SamlTokenVersion: "2.0",
            SigningAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            Version: 1,
          },
        }),
      ],
    };
    const live = (policy: typeof own): LiveSigning => ({
      ownPolicy: policy,
      assignedPolicies: [policy],
      preferredTokenSigningKeyThumbprint: inputs.signingCertificateThumbprint,
    });
    expect(planSigningSteps(inputs, live(sameMeaning))).toEqual([]);
    expect(planSigningSteps(inputs, live(missingVersion)).map((step) => step.kind)).toEqual(["updatePolicyDefinition"]);
  });
});

describe("effectiveSigningPolicy", () => {
  it.each<[string, LiveSigning, string]>([
    ["no policy assigned: Entra's default, assertion only", { assignedPolicies: [], preferredTokenSigningKeyThumbprint: null }, "TokenOnly"],
    ["ours assigned", { ownPolicy: own, assignedPolicies: [portal, own], preferredTokenSigningKeyThumbprint: null }, "ResponseAndToken"],
    ["only a foreign one assigned", { ownPolicy: own, assignedPolicies: [portal], preferredTokenSigningKeyThumbprint: null }, "TokenOnly"],
  ])("%s", (_name, live, expected) => {
    expect(effectiveSigningPolicy(live)).toBe(expected);
  });
});

describe("diffSigning", () => {
  const converged: SamlSigningState = stateFromLive(inputs, {
    ownPolicy: own,
    assignedPolicies: [own],
    preferredTokenSigningKeyThumbprint: inputs.signingCertificateThumbprint,
  });

  it.each<[string, Partial<SamlSigningState>, Partial<SamlSigningInputs>, string[], string[]]>([
    ["converged", {}, {}, [], []],
    ["signing flipped in the portal", { tokenResponseSigningPolicy: "TokenOnly" }, {}, ["tokenResponseSigningPolicy"], []],
    ["policy deleted out of band", { tokenIssuancePolicyId: "", tokenResponseSigningPolicy: "TokenOnly" }, {}, ["tokenResponseSigningPolicy", "tokenIssuancePolicyId"], []],
    ["another key activated", { preferredTokenSigningKeyThumbprint: "FFEEDDCCBBAA99887766554433221100FFEEDDCC" }, {}, ["preferredTokenSigningKeyThumbprint"], []],
    [
      "certificate rotated",
      {},
      { signingCertificateThumbprint: "FFEEDDCCBBAA99887766554433221100FFEEDDCC" },
      ["signingCertificateThumbprint", "preferredTokenSigningKeyThumbprint"],
      [],
    ],
    ["certificate not known yet (preview)", {}, { signingCertificateThumbprint: unknownInput }, ["signingCertificateThumbprint", "preferredTokenSigningKeyThumbprint"], []],
    ["service principal replaced", {}, { servicePrincipalObjectId: "0a1b2c3d-0000-4000-8000-0000000000cc" }, ["servicePrincipalObjectId"], ["servicePrincipalObjectId"]],
    ["other cloud", {}, { environment: "china" }, ["environment"], ["environment"]],
  ])("%s", (_name, oldOverrides, newOverrides, differing, replaces) => {
    const diff = diffSigning({ ...converged, ...oldOverrides }, { ...inputs, ...newOverrides });
    expect(diff.differing).toEqual(differing);
    expect(diff.replaces).toEqual(replaces);
    expect(diff.changes).toBe(differing.length > 0);
    expect(diff.deleteBeforeReplace).toBe(replaces.length > 0);
  });
});

describe("checkSigningInputs", () => {
  it("uses the same placeholder as Pulumi for values not known yet", () => {
    expect(unknownInput).toBe(unknownValue);
  });

  it("lets unknown values through during preview", () => {
    const news = {
      tenantId: unknownValue,
      environment: unknownValue,
      applicationObjectId: unknownValue,
      servicePrincipalObjectId: unknownValue,
      signingCertificateThumbprint: unknownValue,
    };
    expect(checkSigningInputs(news)).toEqual({ inputs: news, failures: [] });
  });

  it.each([
    ["tenantId", { tenantId: "contoso.onmicrosoft.com" }, "azuread:tenantId"],
    ["applicationObjectId", { applicationObjectId: "not-a-guid" }, "azuread.Application.objectId"],
    ["servicePrincipalObjectId", { servicePrincipalObjectId: "" }, "azuread.ServicePrincipal.objectId"],
    ["signingCertificateThumbprint", { signingCertificateThumbprint: "A1B2" }, "40 hex digits"],
    ["environment", { environment: "azurestack" }, "usgovernmentl4"],
  ])("rejects a bad %s with the setting to fix", (property, override, hint) => {
    const { failures } = checkSigningInputs({ ...inputs, ...override });
    expect(failures).toEqual([{ property, reason: expect.stringContaining(hint) }]);
  });

  it.each([
    ["public", "global"],
    ["usgovernment", "usgovernmentl4"],
    ["dod", "usgovernmentl5"],
    ["China", "china"],
    [undefined, "global"],
  ])("maps azuread:environment %s to %s", (environment, expected) => {
    expect(checkSigningInputs({ ...inputs, environment }).inputs.environment).toBe(expected);
  });
});

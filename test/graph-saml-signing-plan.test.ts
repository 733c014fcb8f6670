import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { describe, expect, it } from "vitest";
import { checkSigningInputs } from "../components/graph/saml-signing-inputs";
import {
  activatedAtAfterRead,
  desiredPolicyDefinition,
  diffSigning,
  effectiveSigningPolicy,
  type LiveSigning,
  planSigningSteps,
  policyDisplayName,
  type SamlSigningInputs,
  type SamlSigningState,
  type SigningStep,
  signingPolicyOf,
  stateFromLive,
} from "../components/graph/saml-signing-plan";
import { unknownInput } from "../components/unknown-input";

const inputs: SamlSigningInputs = {
  tenantId: "0a1b2c3d-0000-4000-8000-000000000001",
  environment: "global",
  applicationObjectId: "0a1b2c3d-0000-4000-8000-0000000000aa",
  servicePrincipalObjectId: "0a1b2c3d-0000-4000-8000-0000000000bb",
  signingCertificateThumbprint: "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678",
  publishedCertificateThumbprints: ["A1B2C3D4E5F60718293A4B5C6D7E8F9012345678"],
  activationBeforePublication: false,
};
const nextThumbprint = "FFEEDDCCBBAA99887766554433221100FFEEDDCC";

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

  it("is named after the application object id alone, so a retry or a lost state finds it", () => {
    expect(policyDisplayName("0a1b2c3d-0000-4000-8000-0000000000aa")).toBe("clientvpn-federation SAML signing 0a1b2c3d-0000-4000-8000-0000000000aa");
  });
});

/** A live view: our policy (or none), what each holder has assigned, and the active key. */
function live(
  ownPolicy: typeof own | undefined,
  application: Array<typeof own>,
  servicePrincipal: Array<typeof own>,
  thumbprint: string | null = inputs.signingCertificateThumbprint,
  duplicatePolicies: Array<typeof own> = [],
): LiveSigning {
  return { ownPolicy, duplicatePolicies, assigned: { application, servicePrincipal }, preferredTokenSigningKeyThumbprint: thumbprint };
}

describe("planSigningSteps", () => {
  const duplicate = { ...own, id: "duplicate" };
  const cases: Array<[string, LiveSigning, SigningStep[]]> = [
    [
      "nothing yet: create, assign to both holders, activate the key",
      live(undefined, [], [], null),
      [
        { kind: "createPolicy", displayName: own.displayName, definition: desiredPolicyDefinition() },
        { kind: "assignPolicy", holder: "application", replacing: [] },
        { kind: "assignPolicy", holder: "servicePrincipal", replacing: [] },
        { kind: "setPreferredThumbprint", thumbprint: inputs.signingCertificateThumbprint },
      ],
    ],
    ["everything in place (thumbprint case differs)", live(own, [own], [own], inputs.signingCertificateThumbprint.toLowerCase()), []],
    [
      "own policy flipped to TokenOnly: changed in place, no holder loses it",
      live({ ...own, definition: definitionWith("TokenOnly") }, [own], [own]),
      [{ kind: "updatePolicyDefinition", policyId: own.id, definition: desiredPolicyDefinition() }],
    ],
    ["own policy exists but is unassigned everywhere", live(own, [], []), [
      { kind: "assignPolicy", holder: "application", replacing: [] },
      { kind: "assignPolicy", holder: "servicePrincipal", replacing: [] },
    ]],
    [
      "a portal policy sits on the service principal: ours replaces it there",
      live(own, [own], [portal]),
      [{ kind: "assignPolicy", holder: "servicePrincipal", replacing: [portal] }],
    ],
    [
      "a portal policy sits on the application: ours replaces it there",
      live(own, [portal], [own]),
      [{ kind: "assignPolicy", holder: "application", replacing: [portal] }],
    ],
    [
      "a foreign policy beside ours is removed only because ours stays",
      live(own, [own, portal], [own]),
      [{ kind: "removeForeignPolicy", holder: "application", policyId: portal.id, displayName: portal.displayName }],
    ],
    [
      "a duplicate of ours from a lost answer is unassigned and deleted",
      live(own, [own], [duplicate], inputs.signingCertificateThumbprint, [duplicate]),
      [
        { kind: "assignPolicy", holder: "servicePrincipal", replacing: [duplicate] },
        { kind: "deleteDuplicatePolicy", policyId: duplicate.id },
      ],
    ],
    [
      "another key active",
      live(own, [own], [own], "FFEEDDCCBBAA99887766554433221100FFEEDDCC"),
      [{ kind: "setPreferredThumbprint", thumbprint: inputs.signingCertificateThumbprint }],
    ],
  ];
  it.each(cases)("%s", (_name, state, expected) => {
    expect(planSigningSteps(inputs, state)).toEqual(expected);
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
    expect(planSigningSteps(inputs, live(sameMeaning, [sameMeaning], [sameMeaning]))).toEqual([]);
    expect(planSigningSteps(inputs, live(missingVersion, [missingVersion], [missingVersion])).map((step) => step.kind)).toEqual(["updatePolicyDefinition"]);
  });
});

describe("effectiveSigningPolicy", () => {
  it.each<[string, Array<typeof own>, string]>([
    ["no policy assigned: Entra's default, assertion only", [], "TokenOnly"],
    ["ours assigned", [portal, own], "ResponseAndToken"],
    ["only a foreign one assigned", [portal], "TokenOnly"],
  ])("%s", (_name, assigned, expected) => {
    expect(effectiveSigningPolicy(own, assigned)).toBe(expected);
  });
});

describe("stateFromLive", () => {
  it.each<[string, LiveSigning, [string, string, string]]>([
    ["ours on both", live(own, [own], [own]), ["ResponseAndToken", "ResponseAndToken", "ResponseAndToken"]],
    ["TokenOnly on the service principal shows through", live(own, [own], [portal]), ["TokenOnly", "ResponseAndToken", "TokenOnly"]],
    ["nothing on the service principal", live(own, [own], []), ["TokenOnly", "ResponseAndToken", "TokenOnly"]],
    ["TokenOnly on the application shows through", live(own, [portal], [own]), ["TokenOnly", "TokenOnly", "ResponseAndToken"]],
  ])("%s", (_name, state, [combined, application, servicePrincipal]) => {
    expect(stateFromLive(inputs, state)).toMatchObject({
      tokenResponseSigningPolicy: combined,
      applicationTokenResponseSigningPolicy: application,
      servicePrincipalTokenResponseSigningPolicy: servicePrincipal,
    });
  });
});

describe("activatedAtAfterRead", () => {
  const stored = { preferredTokenSigningKeyThumbprint: inputs.signingCertificateThumbprint, activatedAt: "2026-11-20T10:00:00.000Z" };
  it.each<[string, Partial<SamlSigningState> | undefined, string | null, string]>([
    ["keeps the time while Entra signs with the key stored as active", stored, inputs.signingCertificateThumbprint.toLowerCase(), stored.activatedAt],
    ["forgets it once another key was activated out of band", stored, nextThumbprint, ""],
    ["forgets it when no key is active", stored, null, ""],
    ["has none for a state from before it was recorded", { preferredTokenSigningKeyThumbprint: inputs.signingCertificateThumbprint }, inputs.signingCertificateThumbprint, ""],
    ["has none without a stored state", undefined, inputs.signingCertificateThumbprint, ""],
  ])("%s", (_case, previous, livePreferred, expected) => {
    expect(activatedAtAfterRead(previous, livePreferred)).toBe(expected);
  });
});

describe("diffSigning", () => {
  const converged: SamlSigningState = stateFromLive(inputs, live(own, [own], [own]));

  it.each<[string, Partial<SamlSigningState>, Partial<SamlSigningInputs>, string[], string[]]>([
    ["converged", {}, {}, [], []],
    ["signing flipped in the portal", { tokenResponseSigningPolicy: "TokenOnly" }, {}, ["tokenResponseSigningPolicy"], []],
    [
      "a TokenOnly policy put on the service principal",
      { tokenResponseSigningPolicy: "TokenOnly", servicePrincipalTokenResponseSigningPolicy: "TokenOnly" },
      {},
      ["tokenResponseSigningPolicy", "servicePrincipalTokenResponseSigningPolicy"],
      [],
    ],
    [
      "a state from before the service principal held the policy",
      { servicePrincipalTokenResponseSigningPolicy: undefined },
      {},
      ["servicePrincipalTokenResponseSigningPolicy"],
      [],
    ],
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
    // A rotation's publish step: nothing changes in Entra, but the state must learn what IAM now trusts.
    ["a new certificate published", {}, { publishedCertificateThumbprints: [inputs.signingCertificateThumbprint, nextThumbprint] }, ["publishedCertificateThumbprints"], []],
    ["the published certificates not known yet (preview)", {}, { publishedCertificateThumbprints: [inputs.signingCertificateThumbprint, unknownInput] }, ["publishedCertificateThumbprints"], []],
    ["a state from before rotations, publishing the active certificate only", { publishedCertificateThumbprints: undefined }, {}, [], []],
    ["the emergency step", {}, { activationBeforePublication: true }, ["activationBeforePublication"], []],
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
    expect(checkSigningInputs(news)).toEqual({
      inputs: { ...news, publishedCertificateThumbprints: [unknownValue], activationBeforePublication: false },
      failures: [],
    });
  });

  it("publishes the active certificate only when the program names no published certificates (a state from before rotations)", () => {
    const older: Record<string, unknown> = { ...inputs };
    delete older.publishedCertificateThumbprints;
    expect(checkSigningInputs(older).inputs.publishedCertificateThumbprints).toEqual([inputs.signingCertificateThumbprint]);
  });

  it("normalises every published thumbprint and keeps the unknown ones", () => {
    const { inputs: checked } = checkSigningInputs({ ...inputs, publishedCertificateThumbprints: ["a1:b2:c3:d4:e5:f6:07:18:29:3a:4b:5c:6d:7e:8f:90:12:34:56:78", unknownValue] });
    expect(checked.publishedCertificateThumbprints).toEqual([inputs.signingCertificateThumbprint, unknownValue]);
  });

  it.each([
    ["an empty list", [], /must list the SHA-1 thumbprint of every certificate/],
    ["an entry that is not a thumbprint", [inputs.signingCertificateThumbprint, "abc"], /publishedCertificateThumbprints\[1\] must be a certificate's SHA-1 thumbprint/],
  ])("rejects %s of published certificates", (_case, publishedCertificateThumbprints, reason) => {
    expect(checkSigningInputs({ ...inputs, publishedCertificateThumbprints }).failures).toEqual([
      { property: "publishedCertificateThumbprints", reason: expect.stringMatching(reason) },
    ]);
  });

  it("rejects an activationBeforePublication that is not a boolean", () => {
    expect(checkSigningInputs({ ...inputs, activationBeforePublication: "yes" }).failures).toEqual([
      { property: "activationBeforePublication", reason: expect.stringContaining("true or false") },
    ]);
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

describe("reading what Graph holds", () => {
  const responseOnly = { id: "other", displayName: "another app's policy", definition: definitionWith("ResponseOnly") };

  it("reports the signing option of a foreign policy when ours is not assigned", () => {
    expect(effectiveSigningPolicy(undefined, [responseOnly])).toBe("ResponseOnly");
    expect(effectiveSigningPolicy(own, [responseOnly])).toBe("ResponseOnly");
  });

  it("reads the signing option from the first entry that carries one", () => {
    expect(signingPolicyOf([JSON.stringify({ Other: 1 }), JSON.stringify({ TokenIssuancePolicy: { Version: 1 } }), ...definitionWith("ResponseOnly")])).toBe("ResponseOnly");
    expect(signingPolicyOf([JSON.stringify({ TokenIssuancePolicy: { TokenResponseSigningPolicy: 2 } })])).toBe("unreadable");
  });

  it("creates our policy and assigns it in place of a foreign one when ours does not exist yet", () => {
    const steps = planSigningSteps(inputs, live(undefined, [responseOnly], [], null));
    expect(steps.filter((step) => step.kind === "assignPolicy")).toEqual([
      { kind: "assignPolicy", holder: "application", replacing: [responseOnly] },
      { kind: "assignPolicy", holder: "servicePrincipal", replacing: [] },
    ]);
  });

  it.each([
    ["one entry more", [...desiredPolicyDefinition(), "{}"]],
    ["text that is not JSON", ["TokenIssuancePolicy"]],
  ])("rewrites our policy's definition when it holds %s", (_case, definition) => {
    const steps = planSigningSteps(inputs, live({ ...own, definition }, [own], [own]));
    expect(steps).toEqual([{ kind: "updatePolicyDefinition", policyId: "own", definition: desiredPolicyDefinition() }]);
  });

  it("stores no policy ID and the display name it would create when Graph has no policy of ours", () => {
    expect(stateFromLive(inputs, live(undefined, [], [], null))).toMatchObject({
      tokenIssuancePolicyId: "",
      tokenIssuancePolicyDisplayName: policyDisplayName(inputs.applicationObjectId),
      preferredTokenSigningKeyThumbprint: "",
    });
  });

  it("shows a thumbprint not known until apply as a change, even against a state that stored the placeholder", () => {
    const state = stateFromLive(inputs, live(own, [own], [own]));
    const diff = diffSigning({ ...state, signingCertificateThumbprint: unknownInput, preferredTokenSigningKeyThumbprint: unknownInput }, { ...inputs, signingCertificateThumbprint: unknownInput });
    expect(diff.differing).toEqual(["signingCertificateThumbprint", "preferredTokenSigningKeyThumbprint"]);
  });
});

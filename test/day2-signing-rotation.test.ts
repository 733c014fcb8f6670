import { GetSAMLProviderCommand, IAMClient } from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { checkSigningRotation } from "../cli/day2/checks/signing-rotation";
import type { EntraReads } from "../cli/day2/entra-reads";
import { deploymentContextFrom, identityStackOf, readRotationOutputs } from "../cli/day2/stack-context";
import { thumbprintOf } from "../cli/day2/signing-key";
import { assessSigningRotation, maxOverlapDays, type RotationFacts } from "../cli/day2/signing-rotation-assessment";
import { buildIdpMetadata } from "../components/saml-metadata";
import { createTestCertificate } from "./support/test-certificates";

const NOW = new Date("2026-11-21T12:00:00Z");
const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS).toISOString();

// The certificate being replaced, the one replacing it, and one left behind that has already expired.
const current = createTestCertificate({ notAfter: new Date("2029-11-01T00:00:00Z") });
const next = createTestCertificate({ notAfter: new Date("2029-11-15T00:00:00Z") });
const expired = createTestCertificate({ notBefore: new Date("2025-11-01T00:00:00Z"), notAfter: new Date("2026-11-01T00:00:00Z") });
const C = thumbprintOf(current.certificateBody);
const N = thumbprintOf(next.certificateBody);
const E = thumbprintOf(expired.certificateBody);
const body: Record<string, string> = { [C]: current.certificateBody, [N]: next.certificateBody, [E]: expired.certificateBody };

const MAIN = "arn:aws:iam::123456789012:saml-provider/vpn-saml";
const PORTAL = "arn:aws:iam::123456789012:saml-provider/vpn-saml-self-service";

/** IAM providers holding these certificates (by thumbprint), Entra signing with `active`. */
function facts(active: string | undefined, held: string[][], more: Partial<RotationFacts> = {}): RotationFacts {
  return {
    activeThumbprint: active,
    providers: held.map((thumbprints, index) => ({ arn: index === 0 ? MAIN : PORTAL, certificates: thumbprints.map((t) => body[t]) })),
    now: NOW,
    ...more,
  };
}

describe("the doctor's view of a signing certificate rotation", () => {
  it.each<[string, RotationFacts, "pass" | "warn" | "fail" | "not-checkable", RegExp]>([
    ["no rotation under way", facts(C, [[C], [C]], { publishedByIdentity: [C] }), "pass", /^no rotation under way: IAM publishes the active certificate /],
    ["publish done on every provider: two certificates published is fine", facts(C, [[C, N], [C, N]], { publishedByIdentity: [C, N] }), "pass", new RegExp(`^${N} is published next to the active ${C}, ready to be activated 24 h after it was published$`)],
    ["an identity stack from before rotations (no published output), overlap published", facts(C, [[C, N]]), "pass", /ready to be activated/],
    ["activated two days ago, the replaced one still published", facts(N, [[C, N], [C, N]], { publishedByIdentity: [C, N], activatedAt: daysAgo(2) }), "pass", new RegExp(`^Entra signs with ${N} since 2026-11-19; retire it by 2026-12-03; the replaced ${C} stays published until the retire step$`)],
    ["activated at an unknown time, the replaced one still published", facts(N, [[C, N]], { publishedByIdentity: [C, N] }), "pass", new RegExp(`^Entra signs with ${N}; the replaced ${C} stays published`)],
    ["a finished rotation", facts(N, [[N], [N]], { publishedByIdentity: [N], activatedAt: daysAgo(40) }), "pass", new RegExp(`^no rotation under way: IAM publishes the active certificate ${N} only$`)],
    ["an overlap left in place long after the switch", facts(N, [[C, N]], { publishedByIdentity: [C, N], activatedAt: daysAgo(maxOverlapDays + 16) }), "warn", new RegExp(`still publishes the replaced ${C} 30 days after Entra switched to ${N} \\(2026-10-22\\)`)],
    ["an endpoint stack not yet published to: not ready to activate", facts(C, [[C], [C, N]], { publishedByIdentity: [C, N] }), "warn", new RegExp(`^${MAIN} lacks ${N}, which the identity stack publishes$`)],
    ["an endpoint stack not yet retired", facts(N, [[C, N]], { publishedByIdentity: [N] }), "warn", new RegExp(`^${MAIN} still trusts ${C}, which the identity stack no longer publishes$`)],
    ["an expired certificate still in the metadata", facts(N, [[E, N]], { publishedByIdentity: [E, N] }), "warn", new RegExp(`still publishes ${E}, which expired on 2026-11-01`)],
    ["a broken rotation: Entra signs with a key IAM lacks", facts(N, [[C], [C, N]], { publishedByIdentity: [C, N] }), "fail", new RegExp(`^broken rotation: Entra signs with ${N}, which ${MAIN} does not trust, so every sign-in fails$`)],
    ["no active key", facts(undefined, [[C]]), "not-checkable", /Entra has no active signing key/],
  ])("%s -> %s", (_case, input, status, detail) => {
    const result = assessSigningRotation(input);
    expect(result.status).toBe(status);
    expect(result.detail).toMatch(detail);
    if (status !== "pass") expect(result.fix).toBeTruthy();
  });

  it.each([
    ["an overlap left too long", facts(N, [[C, N]], { publishedByIdentity: [C, N], activatedAt: daysAgo(30) }), /step to retire.*identity stack, then on every endpoint stack/],
    ["a provider behind the identity's publish step", facts(C, [[C]], { publishedByIdentity: [C, N] }), /activate the new certificate on the identity stack only after every endpoint stack holds it/],
    ["a broken rotation", facts(N, [[C]]), /docs\/rotating-the-signing-certificate\.md/],
  ])("names the fix for %s", (_case, input, fix) => {
    expect(assessSigningRotation(input).fix).toMatch(fix);
  });

  it("warns only after the overlap has outlasted the switch by more than 14 days", () => {
    const at = (days: number) => assessSigningRotation(facts(N, [[C, N]], { publishedByIdentity: [C, N], activatedAt: daysAgo(days) })).status;
    expect([at(maxOverlapDays), at(maxOverlapDays + 1)]).toEqual(["pass", "warn"]);
  });
});

describe("checkSigningRotation", () => {
  const overlapMetadata = () => buildIdpMetadata({ tenantId: "11111111-2222-4333-8444-555555555555", signingCertificates: [current.certificateBody] });
  const entraSigningWith = (thumbprint: string) =>
    ({ servicePrincipal: async () => ({ id: "sp", appId: "app", preferredTokenSigningKeyThumbprint: thumbprint, keyCredentials: [] }) }) as unknown as EntraReads;

  it("compares an endpoint stack's IAM providers with what the identity stack publishes now, not with its own stale copy", async () => {
    const iamMock = mockClient(IAMClient);
    iamMock.on(GetSAMLProviderCommand).resolves({ SAMLMetadataDocument: overlapMetadata() });
    const ownCopy = { publishedSigningCertificateThumbprints: [C] };
    const identity = { stackName: "acme/clientvpn-federation/identity", read: async () => ({ publishedSigningCertificateThumbprints: [C, N] }) };
    const result = await checkSigningRotation(new IAMClient({ region: "us-east-1" }), [MAIN], entraSigningWith(C), ownCopy, NOW, identity);
    expect(result).toMatchObject({ status: "warn", detail: `${MAIN} lacks ${N}, which the identity stack publishes` });
    iamMock.restore();
  });

  it("falls back to the stack's own copy, saying so, when the identity stack cannot be read", async () => {
    const iamMock = mockClient(IAMClient);
    iamMock.on(GetSAMLProviderCommand).resolves({ SAMLMetadataDocument: overlapMetadata() });
    const identity = { stackName: "acme/clientvpn-federation/identity", read: async () => Promise.reject(new Error("stack acme/clientvpn-federation/identity was not found")) };
    const result = await checkSigningRotation(new IAMClient({ region: "us-east-1" }), [MAIN], entraSigningWith(C), { publishedSigningCertificateThumbprints: [C] }, NOW, identity);
    expect(result.status).toBe("pass");
    expect(result.detail).toMatch(/\(compared with this stack's copy of acme\/clientvpn-federation\/identity's outputs, which could not be read: stack acme\/clientvpn-federation\/identity was not found\)$/);
    iamMock.restore();
  });

  it("reads each provider's metadata from IAM and Entra's active key", async () => {
    const iamMock = mockClient(IAMClient);
    iamMock.on(GetSAMLProviderCommand).resolves({ SAMLMetadataDocument: buildIdpMetadata({ tenantId: "11111111-2222-4333-8444-555555555555", signingCertificates: [current.certificateBody, next.certificateBody] }) });
    const entra = { servicePrincipal: async () => ({ id: "sp", appId: "app", preferredTokenSigningKeyThumbprint: N.toLowerCase(), keyCredentials: [] }) } as unknown as EntraReads;
    const result = await checkSigningRotation(new IAMClient({ region: "us-east-1" }), [MAIN, PORTAL], entra, { publishedSigningCertificateThumbprints: [C, N], signingKeyActivatedAt: daysAgo(1) }, NOW);
    expect(result).toMatchObject({ status: "pass", detail: expect.stringContaining(`Entra signs with ${N} since 2026-11-20`) });
    expect(iamMock.commandCalls(GetSAMLProviderCommand).map((call) => call.args[0].input.SAMLProviderArn)).toEqual([MAIN, PORTAL]);
    iamMock.restore();
  });
});

describe("the rotation outputs the doctor reads from the stack", () => {
  it.each<[string, Record<string, unknown>, string[] | undefined, string | undefined]>([
    ["both outputs", { publishedSigningCertificateThumbprints: [C.toLowerCase(), N], signingKeyActivatedAt: "2026-11-20T10:00:00.000Z" }, [C, N], "2026-11-20T10:00:00.000Z"],
    ["a stack deployed before rotations", {}, undefined, undefined],
    ["an activation time not known", { publishedSigningCertificateThumbprints: [C], signingKeyActivatedAt: "" }, [C], undefined],
    ["a published list that is not one", { publishedSigningCertificateThumbprints: "C" }, undefined, undefined],
  ])("reads %s", (_case, outputs, published, activatedAt) => {
    const context = deploymentContextFrom("dev", { samlProviderArn: MAIN, ...outputs }, {});
    expect([context.publishedSigningCertificateThumbprints, context.signingKeyActivatedAt]).toEqual([published, activatedAt]);
  });
});

describe("the identity stack an endpoint stack reads", () => {
  it("is named by the endpoint's clientvpn-federation:identityStack", () => {
    expect(identityStackOf(deploymentContextFrom("edge", { samlProviderArn: MAIN }, { "clientvpn-federation:identityStack": "acme/clientvpn-federation/identity" }))).toBe(
      "acme/clientvpn-federation/identity",
    );
    expect(identityStackOf(deploymentContextFrom("dev", { samlProviderArn: MAIN }, {}))).toBeUndefined();
  });

  it("has its rotation outputs parsed like the stack's own", async () => {
    const reader = { outputs: async () => ({ publishedSigningCertificateThumbprints: [C.toLowerCase(), N], signingKeyActivatedAt: " 2026-11-20T10:00:00.000Z " }), config: async () => ({}) };
    expect(await readRotationOutputs(reader, "acme/clientvpn-federation/identity")).toEqual({
      publishedSigningCertificateThumbprints: [C, N],
      signingKeyActivatedAt: "2026-11-20T10:00:00.000Z",
    });
  });
});

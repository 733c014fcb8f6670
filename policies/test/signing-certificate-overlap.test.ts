import { describe, expect, it } from "vitest";
import { makeSigningCertificateOverlapPolicy } from "../checks/signing-certificate-overlap";
import { UNKNOWN_VALUE, expectOneViolation, resource, signingCertificate, signingSettings, violationsOf } from "./support";
import { ResourceType } from "../lib/resource-types";

const NOW = new Date("2026-11-21T12:00:00Z");
const overlap = makeSigningCertificateOverlapPolicy(() => NOW);
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000).toISOString();
const OLD = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678";
const NEW = "FFEEDDCCBBAA99887766554433221100FFEEDDCC";
const certificates = [
  signingCertificate({ thumbprint: OLD, endDate: "2029-11-01T00:00:00Z" }),
  resource(ResourceType.tokenSigningCertificate, "clientvpn-signing-next", { thumbprint: NEW, endDate: "2029-11-15T00:00:00Z" }),
];
const settings = (active: string, published: unknown, activatedAt: unknown) =>
  signingSettings({ signingCertificateThumbprint: active, preferredTokenSigningKeyThumbprint: active, publishedCertificateThumbprints: published, activatedAt });

describe("entra-signing-certificate-overlap", () => {
  it("is advisory, with a configurable number of days (default 14)", () => {
    expect([overlap.enforcementLevel, overlap.configSchema?.properties.maxOverlapDays.default]).toEqual(["advisory", 14]);
  });

  it.each([
    ["no rotation", settings(OLD, [OLD], daysAgo(400))],
    ["publish: the new certificate waits, the old one active for long", settings(OLD, [OLD, NEW], daysAgo(400))],
    ["activate, 14 days after the switch", settings(NEW, [OLD, NEW], daysAgo(14))],
    ["retire: the new certificate alone", settings(NEW, [NEW], daysAgo(60))],
    ["an overlap whose switch time is not known", settings(NEW, [OLD, NEW], "")],
    ["an overlap during preview", settings(NEW, [OLD, UNKNOWN_VALUE], daysAgo(60))],
    ["settings from before rotations", settings(NEW, undefined, daysAgo(60))],
  ])("accepts %s", (_case, signing) => {
    expect(violationsOf(overlap, [...certificates, signing])).toEqual([]);
  });

  it("reports the replaced certificate still published 15 days after the switch, naming the retire step", () => {
    const signing = settings(NEW, [OLD, NEW], daysAgo(15));
    const found = expectOneViolation(violationsOf(overlap, [...certificates, signing]), signing, "signingCertificateRotation.step to retire");
    expect(found.message).toContain(`still publish the replaced certificate ${OLD} 15 days after Entra switched to ${NEW} (2026-11-06)`);
  });

  it("uses the configured number of days", () => {
    const signing = settings(NEW, [OLD, NEW], daysAgo(3));
    expect(violationsOf(overlap, [...certificates, signing], { "entra-signing-certificate-overlap": { maxOverlapDays: 2 } })).toHaveLength(1);
  });
});

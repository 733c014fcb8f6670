import { describe, expect, it } from "vitest";
import { makeSigningCertificateExpiryPolicies } from "../checks/signing-certificate-expiry";
import { ResourceType } from "../lib/resource-types";
import { UNKNOWN_VALUE, expectOneViolation, resource, signingCertificate, violationsOf } from "./support";

const NOW = new Date("2026-11-21T12:00:00Z");
const [warning, mandatory] = makeSigningCertificateExpiryPolicies(() => NOW);
const inDays = (days: number): string => new Date(NOW.getTime() + days * 24 * 60 * 60 * 1000).toISOString();

describe("entra-signing-certificate-expiry(-warning)", () => {
  it("warns at 30 days (advisory) and stops at 7 days (mandatory)", () => {
    expect([warning.name, warning.enforcementLevel, warning.configSchema?.properties.minDaysRemaining.default]).toEqual([
      "entra-signing-certificate-expiry-warning",
      "advisory",
      30,
    ]);
    expect([mandatory.name, mandatory.enforcementLevel, mandatory.configSchema?.properties.minDaysRemaining.default]).toEqual([
      "entra-signing-certificate-expiry",
      "mandatory",
      7,
    ]);
  });

  it.each([
    ["20 days", inDays(20), { warning: 1, mandatory: 0 }],
    ["30 days", inDays(30), { warning: 1, mandatory: 0 }],
    ["5 days", inDays(5), { warning: 1, mandatory: 1 }],
    ["already expired", inDays(-1), { warning: 1, mandatory: 1 }],
    ["31 days", inDays(31), { warning: 0, mandatory: 0 }],
    ["three years", inDays(3 * 365), { warning: 0, mandatory: 0 }],
  ])("for a certificate expiring in %s", (_case, endDate, expected) => {
    const certificate = signingCertificate({ endDate });
    expect(violationsOf(warning, [certificate])).toHaveLength(expected.warning);
    expect(violationsOf(mandatory, [certificate])).toHaveLength(expected.mandatory);
  });

  it("names the certificate, its end date and the rotation procedure as the fix", () => {
    const certificate = signingCertificate({ endDate: "2026-11-24T00:00:00Z" });
    const found = expectOneViolation(
      violationsOf(mandatory, [certificate]),
      certificate,
      "signingCertificateRotation",
      "step publish",
      "docs/rotating-the-signing-certificate.md",
      "Do not edit signingCertificateEndDate",
    );
    expect(found.message).toContain("expires on 2026-11-24T00:00:00Z, in 2 days");
  });

  it("points its remediation steps to the rotation procedure", () => {
    for (const policy of [warning, mandatory]) expect(policy.remediationSteps).toContain("docs/rotating-the-signing-certificate.md");
  });

  describe("during a rotation (a later certificate in the stack replaces the expiring one)", () => {
    const expiring = signingCertificate({ endDate: inDays(5) });
    const replacing = resource(ResourceType.tokenSigningCertificate, "clientvpn-signing-next", { endDate: inDays(3 * 365 - 30) });

    it("does not stop the deployment, which would block the steps that replace it", () => {
      expect(violationsOf(mandatory, [expiring, replacing])).toEqual([]);
    });

    it("still warns, asking to finish the rotation before it expires", () => {
      expectOneViolation(violationsOf(warning, [expiring, replacing]), expiring, "finish the rotation before it expires", "retire");
    });

    it("still stops the deployment when the newest certificate itself is about to expire", () => {
      const alsoExpiring = resource(ResourceType.tokenSigningCertificate, "clientvpn-signing-next", { endDate: inDays(6) });
      expectOneViolation(violationsOf(mandatory, [expiring, alsoExpiring]), alsoExpiring, "signingCertificateRotation");
    });
  });

  it("reports an end date that is not RFC 3339", () => {
    const certificate = signingCertificate({ endDate: "24/11/2026" });
    expectOneViolation(violationsOf(mandatory, [certificate]), certificate, "2029-01-31T00:00:00Z");
  });

  it("uses the configured number of days", () => {
    const certificate = signingCertificate({ endDate: inDays(60) });
    const config = { "entra-signing-certificate-expiry-warning": { minDaysRemaining: 90 } };
    expectOneViolation(violationsOf(warning, [certificate], config), certificate, "later endDate");
  });

  it("reads the system clock when none is injected", () => {
    const [systemWarning] = makeSigningCertificateExpiryPolicies();
    const certificate = signingCertificate({ endDate: new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString() });
    expect(violationsOf(systemWarning, [certificate])).toHaveLength(1);
  });

  it.each([
    ["unknown during preview", UNKNOWN_VALUE],
    ["unset (Entra picks it)", undefined],
  ])("neither crashes nor reports when the end date is %s", (_case, endDate) => {
    const certificate = signingCertificate({ endDate });
    expect([...violationsOf(warning, [certificate]), ...violationsOf(mandatory, [certificate])]).toEqual([]);
  });
});

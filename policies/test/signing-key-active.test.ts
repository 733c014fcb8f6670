import { describe, expect, it } from "vitest";
import { signingKeyActive } from "../checks/signing-key-active";
import { UNKNOWN_VALUE, expectOneViolation, signingSettings, violationsOf } from "./support";

describe("entra-signing-key-active", () => {
  it("is advisory", () => {
    expect(signingKeyActive.enforcementLevel).toBe("advisory");
  });

  it("reports settings whose active key is not the stack's certificate, naming them and the fix", () => {
    const settings = signingSettings({ preferredTokenSigningKeyThumbprint: "FEDCBA9876543210FEDCBA9876543210FEDCBA98" });
    expectOneViolation(violationsOf(signingKeyActive, [settings]), settings, "preferred signing key");
  });

  it("says sign-ins still work when the active key is the other certificate a rotation publishes, and how to align the steps", () => {
    const settings = signingSettings({
      preferredTokenSigningKeyThumbprint: "FEDCBA9876543210FEDCBA9876543210FEDCBA98",
      publishedCertificateThumbprints: ["0123456789ABCDEF0123456789ABCDEF01234567", "FEDCBA9876543210FEDCBA9876543210FEDCBA98"],
    });
    const found = expectOneViolation(violationsOf(signingKeyActive, [settings]), settings, "step to activate");
    expect(found.message).toContain("which the stack publishes to IAM but does not declare active");
  });

  it("accepts the stack's certificate as the active key, whatever the letter case", () => {
    const settings = signingSettings({ preferredTokenSigningKeyThumbprint: "0123456789abcdef0123456789abcdef01234567" });
    expect(violationsOf(signingKeyActive, [settings])).toEqual([]);
  });

  it.each([
    ["the active key", { preferredTokenSigningKeyThumbprint: UNKNOWN_VALUE }],
    ["the certificate thumbprint", { signingCertificateThumbprint: UNKNOWN_VALUE }],
    ["the active key (not set before creation)", { preferredTokenSigningKeyThumbprint: undefined }],
  ])("neither crashes nor reports when %s is unknown during preview", (_case, props) => {
    expect(violationsOf(signingKeyActive, [signingSettings(props)])).toEqual([]);
  });
});

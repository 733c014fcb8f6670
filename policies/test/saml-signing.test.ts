import { describe, expect, it } from "vitest";
import { samlSigning } from "../checks/saml-signing";
import { UNKNOWN_VALUE, expectOneViolation, galleryApplication, servicePrincipal, signingSettings, violationsOf } from "./support";

describe("entra-saml-response-and-assertion-signed", () => {
  it("is mandatory", () => {
    expect(samlSigning.enforcementLevel).toBe("mandatory");
  });

  it.each(["TokenOnly", "ResponseOnly"])("reports signing settings that show %s, naming them and the fix", (value) => {
    const settings = signingSettings({ tokenResponseSigningPolicy: value });
    const found = expectOneViolation(violationsOf(samlSigning, [servicePrincipal(), settings]), settings, "ResponseAndToken");
    expect(found.message).toContain(value);
  });

  it("reports a SAML service principal when the stack has no signing settings", () => {
    const principal = servicePrincipal();
    expectOneViolation(violationsOf(samlSigning, [principal]), principal, "SamlSigningSettings");
  });

  it("accepts settings that sign the response and the assertion", () => {
    expect(violationsOf(samlSigning, [servicePrincipal(), signingSettings()])).toEqual([]);
  });

  it("leaves service principals that do not use SAML alone", () => {
    expect(violationsOf(samlSigning, [servicePrincipal({ preferredSingleSignOnMode: "oidc" })])).toEqual([]);
  });

  it.each([
    ["unknown during preview", UNKNOWN_VALUE],
    ["not yet set (the resource does not exist yet)", undefined],
  ])("neither crashes nor reports when the signing policy is %s", (_case, value) => {
    expect(violationsOf(samlSigning, [servicePrincipal(), signingSettings({ tokenResponseSigningPolicy: value })])).toEqual([]);
  });

  it("reports a gallery app when the stack declares no SamlSigningSettings", () => {
    const gallery = galleryApplication();
    const found = expectOneViolation(violationsOf(samlSigning, [gallery]), gallery, "SamlSigningSettings");
    expect(found.message).toContain("Entra gallery application");
  });

  it("accepts a gallery app with SamlSigningSettings", () => {
    expect(violationsOf(samlSigning, [galleryApplication(), signingSettings()])).toEqual([]);
  });
});

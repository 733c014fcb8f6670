import { describe, expect, it } from "vitest";
import { signingKeyPublished } from "../checks/signing-key-published";
import { thumbprintOf } from "../lib/signing-keys";
import { UNKNOWN_VALUE, expectOneViolation, samlProvider, signingSettings, violationsOf } from "./support";

// Stand-ins for the certificates' DER: the policy only hashes what the metadata carries.
const CURRENT = Buffer.from("the certificate being replaced").toString("base64");
const NEXT = Buffer.from("the certificate replacing it").toString("base64");
const metadata = (...certificates: string[]) =>
  `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><md:IDPSSODescriptor>${certificates
    .map((body) => `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${body}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`)
    .join("")}</md:IDPSSODescriptor></md:EntityDescriptor>`;
const providers = (...certificates: string[]) => [
  samlProvider("clientvpn", { samlMetadataDocument: metadata(...certificates) }),
  samlProvider("clientvpn-self-service", { samlMetadataDocument: metadata(...certificates) }),
];
const activating = (body: string) => signingSettings({ signingCertificateThumbprint: thumbprintOf(body), preferredTokenSigningKeyThumbprint: thumbprintOf(body) });

describe("entra-signing-key-published", () => {
  it("is mandatory", () => {
    expect(signingKeyPublished.enforcementLevel).toBe("mandatory");
  });

  it.each([
    ["no rotation: one certificate, the active one", providers(CURRENT), activating(CURRENT)],
    ["publish: two certificates, the old one active", providers(CURRENT, NEXT), activating(CURRENT)],
    ["activate: two certificates, the new one active", providers(CURRENT, NEXT), activating(NEXT)],
    ["retire: the new one alone", providers(NEXT), activating(NEXT)],
  ])("accepts %s", (_case, iam, settings) => {
    expect(violationsOf(signingKeyPublished, [...iam, settings])).toEqual([]);
  });

  it("reports, once per provider, settings that make Entra sign with a key IAM does not trust", () => {
    const settings = activating(NEXT);
    const violations = violationsOf(signingKeyPublished, [...providers(CURRENT), settings]);
    expect(violations).toHaveLength(2);
    expectOneViolation(violations.slice(0, 1), settings, "signingCertificateRotation.step to publish", "docs/rotating-the-signing-certificate.md");
    expect(violations[0].message).toContain(`trusts only ${thumbprintOf(CURRENT)}`);
  });

  it.each([
    ["the active key is unknown (preview of the emergency step)", [...providers(NEXT), signingSettings({ signingCertificateThumbprint: UNKNOWN_VALUE })]],
    ["the metadata is unknown (preview)", [samlProvider("clientvpn", { samlMetadataDocument: UNKNOWN_VALUE }), activating(NEXT)]],
    ["the stack has no IAM provider (identity mode)", [activating(NEXT)]],
    ["the metadata holds no certificate at all", [samlProvider("clientvpn"), activating(NEXT)]],
  ])("reports nothing when %s", (_case, resources) => {
    expect(violationsOf(signingKeyPublished, resources)).toEqual([]);
  });
});

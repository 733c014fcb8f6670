import { describe, expect, it } from "vitest";
import { entityIdsInMetadata, redirectSignOnUrlInMetadata, signingCertificatesInMetadata } from "../cli/day2/idp-metadata";
import { entraCloud } from "../components/entra-cloud";
import { buildIdpMetadata, samlEndpoint } from "../components/saml-metadata";
import { createTestCertificate } from "./support/test-certificates";

const tenantId = "11111111-2222-4333-8444-555555555555";
const certificate = createTestCertificate().certificateBody;

describe("reading IdP metadata", () => {
  it.each(["global", "usgovernmentl4", "china"])("finds the %s cloud's HTTP-Redirect sign-on URL, certificate and entityID in the metadata the program builds", (name) => {
    const cloud = entraCloud(name);
    const metadata = buildIdpMetadata({ tenantId, signingCertificate: certificate, cloud });
    expect(redirectSignOnUrlInMetadata(metadata)).toBe(samlEndpoint(tenantId, cloud));
    expect(signingCertificatesInMetadata(metadata)).toEqual([certificate]);
    expect(entityIdsInMetadata(metadata)).toEqual([cloud.samlIssuer(tenantId)]);
  });

  it.each([
    ["only an HTTP-POST sign-on service", (xml: string) => xml.replace(/<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2\.0:bindings:HTTP-Redirect"[^>]*\/>/, "")],
    ["a redirect service without Location", (xml: string) => xml.replace(/(<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2\.0:bindings:HTTP-Redirect") Location="[^"]*"/, "$1")],
    ["no metadata at all", () => "not xml"],
  ])("finds no sign-on URL in %s", (_, change) => {
    expect(redirectSignOnUrlInMetadata(change(buildIdpMetadata({ tenantId, signingCertificate: certificate })))).toBeUndefined();
  });
});

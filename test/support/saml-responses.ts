/**
 * One tenant's SAML responses as Entra would send them to AWS Client VPN, signed by a test IdP whose
 * certificate the IAM provider holds, and the options the checker gets from that provider and the stack.
 */
import { buildIdpMetadata } from "../../components/saml-metadata";
import type { SamlCheckOptions } from "../../cli/day2/saml/saml-requirements";
import { engineersGroup } from "./day2-aws-shapes";
import { SamlTestIdp, type SamlResponseOptions } from "./saml-test-idp";
import { createTestCertificate } from "./test-certificates";

export const tenantId = "11111111-2222-4333-8444-555555555555";
export const idp = new SamlTestIdp();
/** An IdP whose certificate IAM does not hold. */
export const stranger = new SamlTestIdp(createTestCertificate({ commonName: "not the IAM certificate" }));
export const metadata = buildIdpMetadata({ tenantId, signingCertificate: idp.certificate.certificateBody });
export const rules = [
  { name: "payments", network: "10.1.0.0/16", groups: [engineersGroup] },
  { name: "dns", network: "10.0.0.2/32", groups: "all" as const },
];
export const options: SamlCheckOptions = {
  trustedCertificates: [idp.certificate.certificateBody],
  expectedIssuers: [`https://sts.windows.net/${tenantId}/`],
  allowedRecipients: ["http://127.0.0.1:35001", "https://self-service.clientvpn.amazonaws.com/api/auth/sso/saml"],
  rules,
};

/** A response AWS accepts, with the given changes. */
export function response(overrides: Partial<SamlResponseOptions> = {}, signer = idp): string {
  return signer.buildResponse({
    issuer: `https://sts.windows.net/${tenantId}/`,
    audience: "urn:amazon:webservices:clientvpn",
    recipient: "http://127.0.0.1:35001",
    nameId: "ana@example.com",
    attributes: { FirstName: "Ana", LastName: "Silva", memberOf: [engineersGroup] },
    ...overrides,
  });
}

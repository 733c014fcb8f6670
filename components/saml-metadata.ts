/**
 * The IdP metadata that IAM's SAML provider needs, built from the tenant and the signing certificate.
 *
 * Why build it instead of downloading Entra's own document: Entra signs its federation metadata afresh
 * on every fetch (new ID, new signature), so a downloaded copy differs on every preview and IAM's
 * `samlMetadataDocument` would show a diff forever. Everything IAM reads from the document (issuer,
 * signing certificate, SSO endpoints) follows from the tenant ID and the certificate, so we write
 * those ourselves and the output is byte-identical for identical input.
 *
 * The shape follows the SAML 2.0 section (IDPSSODescriptor) of Entra's app federation metadata:
 * - entityID is the token issuer, `https://sts.windows.net/<tenant>/` in the global cloud:
 *   https://learn.microsoft.com/en-us/entra/identity-platform/federation-metadata#entity-id
 * - a KeyDescriptor use="signing" carrying the certificate's raw bytes in ds:X509Certificate, one per
 *   certificate: "A federation metadata document published by Microsoft Entra ID can have multiple signing
 *   keys … a service that is validating the tokens should support all certificates in the document."
 *   https://learn.microsoft.com/en-us/entra/identity-platform/federation-metadata#token-signing-certificates
 *   IAM counts them against its quota of 10 "Keys per SAML provider"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html); during a rotation the
 *   program publishes two (docs/research/signing-certificate-rotation.md).
 * - SingleLogoutService (HTTP-Redirect) and SingleSignOnService (HTTP-Redirect and HTTP-POST), all at
 *   `https://<login host>/<tenant>/saml2`, as in the sample of an app's metadata in step 6 of
 *   https://learn.microsoft.com/en-us/graph/application-saml-sso-configure-api#step-6-get-microsoft-entra-id-saml-metadata
 *   and https://learn.microsoft.com/en-us/entra/identity-platform/federation-metadata#saml-protocol-endpoint-url
 * AWS Client VPN sends its AuthnRequest with the HTTP-Redirect binding, so that binding must be listed:
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html (requirements and
 * considerations). IAM accepts a SAMLMetadataDocument of 1,000 to 10,000,000 characters:
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateSAMLProvider.html
 * We leave out what IAM does not use: the WS-Federation RoleDescriptors, the document signature, and
 * the ID attribute (Entra's changes on each fetch).
 */
import { create } from "xmlbuilder2";
import { EntraCloud, entraCloud } from "./entra-cloud";

const METADATA_NS = "urn:oasis:names:tc:SAML:2.0:metadata";
const XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
const SAML2_PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
export const HTTP_REDIRECT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
export const HTTP_POST_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const PEM_ARMOUR = /-----(BEGIN|END) CERTIFICATE-----/g;

/** IAM's quota of "Keys per SAML provider": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html */
export const maxSigningKeysPerSamlProvider = 10;

interface IdpMetadataCommon {
  /** Entra tenant (directory) ID, a GUID. */
  tenantId: string;
  /** The Microsoft cloud the tenant lives in; the global cloud when omitted. */
  cloud?: EntraCloud;
}

/**
 * Each token signing certificate as azuread's `ServicePrincipalTokenSigningCertificate.value` gives it:
 * base64 DER without PEM armour. Full PEM or line-wrapped base64 are accepted too.
 */
export type IdpMetadataInput = IdpMetadataCommon &
  (
    | { signingCertificate: string }
    /** Several certificates, published in this order: during a rotation, the one being replaced first. */
    | { signingCertificates: readonly string[] }
  );

/**
 * Reduces a certificate to the single base64 line that ds:X509Certificate carries: PEM armour and all
 * whitespace removed. Throws, naming the setting (`signingCertificate` unless told), when what is left is not base64.
 */
export function normalizeCertificateBody(value: string, setting = "signingCertificate"): string {
  const body = value.replace(PEM_ARMOUR, "").replace(/\s/g, "");
  if (body.length === 0) {
    throw new Error(`${setting}: the certificate is empty; pass the token signing certificate's value (base64 DER or PEM)`);
  }
  if (!BASE64.test(body) || body.length % 4 !== 0) {
    throw new Error(
      `${setting}: the certificate is not base64; pass the token signing certificate's value ` +
        "(base64 DER, as ServicePrincipalTokenSigningCertificate.value gives it, or PEM)",
    );
  }
  return body;
}

/** The certificates to publish, normalised, in the order given; each mistake named by its setting. */
function signingCertificatesOf(input: IdpMetadataInput): string[] {
  if ("signingCertificate" in input) return [normalizeCertificateBody(input.signingCertificate)];
  const list = input.signingCertificates;
  if (list.length === 0) throw new Error("signingCertificates: no certificate given; IAM needs at least the one Entra signs with");
  if (list.length > maxSigningKeysPerSamlProvider) {
    throw new Error(
      `signingCertificates: ${list.length} certificates, but IAM takes at most ${maxSigningKeysPerSamlProvider} keys per SAML provider; publish only those Entra may sign with`,
    );
  }
  const bodies = list.map((value, index) => normalizeCertificateBody(value, `signingCertificates[${index}]`));
  bodies.forEach((body, index) => {
    const first = bodies.indexOf(body);
    if (first !== index) throw new Error(`signingCertificates[${index}]: the same certificate as signingCertificates[${first}]; list each certificate once`);
  });
  return bodies;
}

function requireTenantId(tenantId: string): string {
  if (!GUID.test(tenantId)) {
    throw new Error(`azuread:tenantId: "${tenantId}" is not a GUID; use the directory (tenant) ID from the Entra admin center`);
  }
  return tenantId;
}

/** Where Entra serves SAML sign-in and sign-out for a tenant. */
export function samlEndpoint(tenantId: string, cloud: EntraCloud = entraCloud(undefined)): string {
  return `https://${cloud.loginHost}/${requireTenantId(tenantId)}/saml2`;
}

/** The IdP metadata XML for one tenant and its signing certificates; identical input gives identical bytes. */
export function buildIdpMetadata(input: IdpMetadataInput): string {
  const cloud = input.cloud ?? entraCloud(undefined);
  const tenantId = requireTenantId(input.tenantId);
  const certificates = signingCertificatesOf(input);
  const endpoint = samlEndpoint(tenantId, cloud);

  const descriptor = create({ version: "1.0", encoding: "UTF-8" })
    .ele(METADATA_NS, "EntityDescriptor", { entityID: cloud.samlIssuer(tenantId) })
    .att("http://www.w3.org/2000/xmlns/", "xmlns:ds", XMLDSIG_NS)
    .ele(METADATA_NS, "IDPSSODescriptor", { protocolSupportEnumeration: SAML2_PROTOCOL });

  // The schema puts every KeyDescriptor (from RoleDescriptorType) before the SSO descriptor's services.
  for (const certificate of certificates) {
    descriptor
      .ele(METADATA_NS, "KeyDescriptor", { use: "signing" })
      .ele(XMLDSIG_NS, "ds:KeyInfo")
      .ele(XMLDSIG_NS, "ds:X509Data")
      .ele(XMLDSIG_NS, "ds:X509Certificate")
      .txt(certificate);
  }
  // The schema fixes the order: SingleLogoutService (from SSODescriptorType) before SingleSignOnService.
  descriptor.ele(METADATA_NS, "SingleLogoutService", { Binding: HTTP_REDIRECT_BINDING, Location: endpoint });
  descriptor.ele(METADATA_NS, "SingleSignOnService", { Binding: HTTP_REDIRECT_BINDING, Location: endpoint });
  descriptor.ele(METADATA_NS, "SingleSignOnService", { Binding: HTTP_POST_BINDING, Location: endpoint });

  return descriptor.doc().end({ prettyPrint: true }) + "\n";
}

/**
 * The app-specific federation metadata URL the Entra admin center shows ("App Federation Metadata Url"),
 * for people who want to compare Entra's document with ours. Documented in step 6 of
 * https://learn.microsoft.com/en-us/graph/application-saml-sso-configure-api#step-6-get-microsoft-entra-id-saml-metadata
 * and in https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/tutorial-manage-certificates-for-federated-single-sign-on
 */
export function federationMetadataUrl(tenantId: string, applicationClientId: string, cloud: EntraCloud = entraCloud(undefined)): string {
  const url = new URL(`https://${cloud.loginHost}/${requireTenantId(tenantId)}/federationmetadata/2007-06/federationmetadata.xml`);
  url.searchParams.set("appid", applicationClientId);
  return url.toString();
}

/**
 * What SAML IdP metadata says about the IdP: its entityID, its signing certificates and where it takes sign-in
 * requests. Pure. Element names: SAML 2.0 Metadata, 2.4.3 IDPSSODescriptor and 2.4.1.1 KeyDescriptor
 * (https://docs.oasis-open.org/security/saml/v2.0/saml-metadata-2.0-os.pdf).
 */
import { DOMParser } from "@xmldom/xmldom";
import { HTTP_REDIRECT_BINDING } from "../../components/saml-metadata";

const XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
const METADATA_NS = "urn:oasis:names:tc:SAML:2.0:metadata";

function parseMetadata(metadataXml: string): Document {
  return new DOMParser({ errorHandler: { warning: () => undefined, error: () => undefined } }).parseFromString(metadataXml, "text/xml") as unknown as Document;
}

/**
 * The signing certificates of SAML IdP metadata: ds:X509Certificate under each KeyDescriptor whose use
 * is "signing" or absent (SAML metadata 2.4.1.1), as base64 without whitespace.
 */
export function signingCertificatesInMetadata(metadataXml: string): string[] {
  const document = parseMetadata(metadataXml);
  const certificates: string[] = [];
  const descriptors = document.getElementsByTagNameNS(METADATA_NS, "KeyDescriptor");
  for (let index = 0; index < descriptors.length; index++) {
    const descriptor = descriptors.item(index)!;
    const use = descriptor.getAttribute("use");
    if (use && use !== "signing") continue;
    const values = descriptor.getElementsByTagNameNS(XMLDSIG_NS, "X509Certificate");
    for (let valueIndex = 0; valueIndex < values.length; valueIndex++) {
      const text = (values.item(valueIndex)!.textContent ?? "").replace(/\s+/g, "");
      if (text) certificates.push(text);
    }
  }
  return certificates;
}

/** The entityID of each EntityDescriptor: the issuer IAM expects in the responses. */
export function entityIdsInMetadata(metadataXml: string): string[] {
  const descriptors = parseMetadata(metadataXml).getElementsByTagNameNS(METADATA_NS, "EntityDescriptor");
  return Array.from({ length: descriptors.length }, (_, index) => descriptors.item(index)!.getAttribute("entityID") ?? "").filter(Boolean);
}

/**
 * Where the IdP takes a sign-in request sent with the HTTP-Redirect binding: the Location of the first
 * SingleSignOnService of that binding, or undefined. AWS Client VPN sends its AuthnRequest there: "AWS Client VPN
 * sends an AuthN request to the IdP via an HTTP Redirect binding. Therefore, the IdP should support HTTP Redirect
 * binding and it should be present in the IdP's metadata document."
 * (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html#saml-requirements)
 */
export function redirectSignOnUrlInMetadata(metadataXml: string): string | undefined {
  const services = parseMetadata(metadataXml).getElementsByTagNameNS(METADATA_NS, "SingleSignOnService");
  for (let index = 0; index < services.length; index++) {
    const service = services.item(index)!;
    const location = service.getAttribute("Location");
    if (service.getAttribute("Binding") === HTTP_REDIRECT_BINDING && location) return location;
  }
  return undefined;
}

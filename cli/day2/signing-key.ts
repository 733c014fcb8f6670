/**
 * Which of the service principal's certificates Entra signs SAML with, and the certificate text in
 * IdP metadata. Pure.
 */
import { createHash } from "node:crypto";
import { DOMParser } from "@xmldom/xmldom";
import { normalizeThumbprint } from "../../components/graph/saml-signing-plan";
import type { KeyCredentialWithKey, ServicePrincipalView } from "./entra-reads";

export interface ActiveSigningKey {
  /** SHA-1 thumbprint, upper-case hex. */
  thumbprint: string;
  /** Base64 DER of the certificate, when Graph returned it. */
  certificate?: string;
  endDateTime?: string;
}

/** SHA-1 over the DER: the thumbprint Entra and the portal show. */
export function thumbprintOf(certificateBase64: string): string {
  return createHash("sha1").update(Buffer.from(certificateBase64, "base64")).digest("hex").toUpperCase();
}

function credentialThumbprint(credential: KeyCredentialWithKey): string | undefined {
  if (credential.key) return thumbprintOf(credential.key);
  // Fallback when Graph leaves `key` out: customKeyIdentifier as the SHA-1 hash in base64 (see KeyCredential
  // in components/graph/graph-api.ts; not confirmed against a live tenant here).
  if (credential.customKeyIdentifier) return Buffer.from(credential.customKeyIdentifier, "base64").toString("hex").toUpperCase();
  return undefined;
}

/**
 * The key named by preferredTokenSigningKeyThumbprint (Entra signs with it), with the certificate from
 * the keyCredential of usage "Verify" that has that thumbprint. Undefined when no key is active.
 * https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal?view=graph-rest-1.0#properties
 */
export function activeSigningKey(servicePrincipal: ServicePrincipalView): ActiveSigningKey | undefined {
  const preferred = servicePrincipal.preferredTokenSigningKeyThumbprint;
  if (!preferred) return undefined;
  const thumbprint = normalizeThumbprint(preferred);
  const matching = (servicePrincipal.keyCredentials ?? []).filter((credential) => credentialThumbprint(credential) === thumbprint);
  const withCertificate = matching.find((credential) => credential.key) ?? matching[0];
  return {
    thumbprint,
    certificate: withCertificate?.key ?? undefined,
    endDateTime: withCertificate?.endDateTime ?? servicePrincipal.preferredTokenSigningKeyEndDateTime ?? undefined,
  };
}

const XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
const METADATA_NS = "urn:oasis:names:tc:SAML:2.0:metadata";

/**
 * The signing certificates of SAML IdP metadata: ds:X509Certificate under each KeyDescriptor whose use
 * is "signing" or absent (SAML metadata 2.4.1.1), as base64 without whitespace.
 */
export function signingCertificatesInMetadata(metadataXml: string): string[] {
  const document = new DOMParser({ errorHandler: { warning: () => undefined, error: () => undefined } }).parseFromString(metadataXml, "text/xml");
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
  const document = new DOMParser({ errorHandler: { warning: () => undefined, error: () => undefined } }).parseFromString(metadataXml, "text/xml");
  const descriptors = document.getElementsByTagNameNS(METADATA_NS, "EntityDescriptor");
  return Array.from({ length: descriptors.length }, (_, index) => descriptors.item(index)!.getAttribute("entityID") ?? "").filter(Boolean);
}

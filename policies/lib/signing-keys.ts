import { createHash } from "node:crypto";
import { knownString, knownStrings, UNKNOWN } from "./known";
import { ResourceType } from "./resource-types";
import { type StackResource, ofType } from "./stack";

/** SHA-1 over the DER, upper-case hex: the thumbprint Entra and the azuread provider show. */
export function thumbprintOf(certificateBase64: string): string {
  return createHash("sha1").update(Buffer.from(certificateBase64, "base64")).digest("hex").toUpperCase();
}

/**
 * The thumbprints of the certificates in SAML metadata (each ds:X509Certificate, whatever the prefix).
 * The pack reads resource props only and has no XML parser; the program's metadata carries nothing else
 * named X509Certificate (components/saml-metadata.ts).
 */
export function metadataThumbprints(metadataXml: string): string[] {
  const certificates = [...metadataXml.matchAll(/<(?:[\w.-]+:)?X509Certificate>([^<]*)<\/(?:[\w.-]+:)?X509Certificate>/g)];
  return certificates.map((match) => match[1].replace(/\s+/g, "")).filter(Boolean).map(thumbprintOf);
}

export const normalizeThumbprint = (value: string): string => value.replace(/[\s:]/g, "").toUpperCase();

/** What the stack's SAML signing settings declare, once known. */
export interface DeclaredSigning {
  settings: StackResource;
  /** The key the settings make Entra sign with; undefined while unknown. */
  active?: string;
  /** The keys the stack publishes to IAM; undefined while unknown or for settings from before rotations. */
  published?: string[];
}

export function declaredSigning(settings: StackResource): DeclaredSigning {
  const active = knownString(settings.props.signingCertificateThumbprint);
  const published = knownStrings(settings.props.publishedCertificateThumbprints);
  return {
    settings,
    active: active ? normalizeThumbprint(active) : undefined,
    published: published === UNKNOWN || published === undefined || published.length === 0 ? undefined : published.map(normalizeThumbprint),
  };
}

/** The end date of each token signing certificate of the stack whose thumbprint and end date are known, by thumbprint. */
export function certificateEndDates(resources: StackResource[]): Map<string, number> {
  const ends = new Map<string, number>();
  for (const certificate of ofType(resources, ResourceType.tokenSigningCertificate)) {
    const thumbprint = knownString(certificate.props.thumbprint);
    const end = Date.parse(knownString(certificate.props.endDate) ?? "");
    if (thumbprint && !Number.isNaN(end)) ends.set(normalizeThumbprint(thumbprint), end);
  }
  return ends;
}

/**
 * Which of the service principal's certificates Entra signs SAML with. Pure.
 */
import { createHash } from "node:crypto";
import { normalizeThumbprint } from "../../components/graph/saml-signing-plan";
import type { KeyCredential, ServicePrincipalSigningView } from "../../components/graph/graph-api";

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

/**
 * keyCredential `key` (the certificate) is "returned only on $select for a single object", which
 * getServicePrincipalSigning does.
 * https://learn.microsoft.com/en-us/graph/api/resources/keycredential?view=graph-rest-1.0#properties
 */
function credentialThumbprint(credential: KeyCredential): string | undefined {
  if (credential.key) return thumbprintOf(credential.key);
  // Fallback when Graph leaves `key` out: customKeyIdentifier, which "defaults to the thumbprint of the
  // certificate" (keyCredential, v1.0), base64 as Edm.Binary is in JSON; not confirmed against a live tenant here.
  if (credential.customKeyIdentifier) return Buffer.from(credential.customKeyIdentifier, "base64").toString("hex").toUpperCase();
  return undefined;
}

/**
 * The key named by preferredTokenSigningKeyThumbprint (Entra signs with it), with the certificate from
 * the keyCredential of usage "Verify" that has that thumbprint. Undefined when no key is active.
 * https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal?view=graph-rest-1.0#properties
 */
export function activeSigningKey(servicePrincipal: ServicePrincipalSigningView): ActiveSigningKey | undefined {
  const preferred = servicePrincipal.preferredTokenSigningKeyThumbprint;
  if (!preferred) return undefined;
  const thumbprint = normalizeThumbprint(preferred);
  const matching = (servicePrincipal.keyCredentials ?? []).filter((credential) => credentialThumbprint(credential) === thumbprint);
  const withCertificate = matching.find((credential) => credential.key) ?? matching[0];
  return {
    thumbprint,
    certificate: withCertificate?.key ?? undefined,
    // The key's end date is its keyCredential's endDateTime: v1.0 has no preferredTokenSigningKeyEndDateTime
    // (beta only; see servicePrincipalSigningSelect in components/graph/graph-api.ts).
    endDateTime: withCertificate?.endDateTime ?? undefined,
  };
}

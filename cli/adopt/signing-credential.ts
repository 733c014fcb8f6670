/**
 * The service principal's active SAML signing certificate as a key credential: the one with usage "Verify"
 * whose certificate has the thumbprint preferredTokenSigningKeyThumbprint names. Its keyId is what the
 * azuread token signing certificate resource imports by ("the key ID of the verify certificate credential":
 * azuread ServicePrincipalTokenSigningCertificate "## Import"), and the provider reads `value`, `end_date`
 * and the thumbprint from that credential's `key` (service_principal_token_signing_certificate_resource.go).
 */
import { normalizeThumbprint } from "../../components/graph/saml-signing-plan";
import { thumbprintOf } from "../day2/signing-key";
import type { LiveServicePrincipal } from "./live-federation";

export interface ActiveVerifyCredential {
  keyId: string;
  thumbprint: string;
  /** Base64 DER of the certificate. */
  certificate: string;
  startDateTime?: string;
  endDateTime?: string;
}

export function activeVerifyCredential(servicePrincipal: LiveServicePrincipal): ActiveVerifyCredential | undefined {
  const preferred = servicePrincipal.preferredTokenSigningKeyThumbprint;
  if (!preferred) return undefined;
  const wanted = normalizeThumbprint(preferred);
  // Without its keyId a credential cannot be imported (the import ID ends with it), and without its key
  // its thumbprint cannot be told; Graph's typings leave both optional.
  for (const { keyId, key, usage, startDateTime, endDateTime } of servicePrincipal.keyCredentials) {
    if (usage !== "Verify" || !keyId || !key || thumbprintOf(key) !== wanted) continue;
    return { keyId, thumbprint: wanted, certificate: key, startDateTime: startDateTime ?? undefined, endDateTime: endDateTime ?? undefined };
  }
  return undefined;
}

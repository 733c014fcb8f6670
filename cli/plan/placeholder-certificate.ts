/**
 * The token signing certificate the offline plan puts where Entra's would be. Entra issues the real one
 * at deploy time (ServicePrincipalTokenSigningCertificate); the plan only needs something of the same
 * shape so the metadata, its schema and the IAM inputs can be shown. Its subject says what it is.
 *
 * The key is thrown away: nothing can sign with this certificate once the plan has ended.
 */
import { createSelfSignedCertificate } from "../shared/self-signed-certificate";

/** The common name says what it is (at most 64 characters, X.520's upper bound for a CN). */
export const placeholderCertificateSubject = "PLACEHOLDER from the clientvpn-federation offline plan";

export interface PlaceholderCertificate {
  /** One line of base64 DER: what azuread's ServicePrincipalTokenSigningCertificate.value gives. */
  body: string;
  pem: string;
  /** SHA-1 of the DER in upper-case hex, the form Entra reports thumbprints in. */
  thumbprint: string;
  notAfter: Date;
}

/**
 * One certificate per validity window and process: a new RSA key and signature cost a few hundred
 * milliseconds, and plans run one after another in one process (tests, the bench) need nothing more than
 * a certificate of the right shape and dates.
 */
const issued = new Map<string, PlaceholderCertificate>();

export function createPlaceholderCertificate(validity: { notBefore: Date; notAfter: Date }): PlaceholderCertificate {
  const window = `${validity.notBefore.toISOString()}/${validity.notAfter.toISOString()}`;
  let placeholder = issued.get(window);
  if (!placeholder) {
    const certificate = createSelfSignedCertificate({ commonName: placeholderCertificateSubject, ...validity });
    placeholder = { body: certificate.certificateBody, pem: certificate.certificatePem, thumbprint: certificate.thumbprint, notAfter: validity.notAfter };
    issued.set(window, placeholder);
  }
  return placeholder;
}

/**
 * The token signing certificate the offline plan puts where Entra's would be. Entra issues the real one
 * at deploy time (ServicePrincipalTokenSigningCertificate); the plan only needs something of the same
 * shape so the metadata, its schema and the IAM inputs can be shown. Its subject says what it is.
 *
 * Node's crypto makes the key (native, fast); node-forge writes the X.509 certificate, which Node cannot.
 * The key is thrown away: nothing can sign with this certificate once the plan has ended.
 */
import { X509Certificate, generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";

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

export function createPlaceholderCertificate(validity: { notBefore: Date; notAfter: Date }): PlaceholderCertificate {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey);
  // A positive serial: clear the top bit so the DER INTEGER is not read as negative.
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  certificate.serialNumber = serial.toString("hex");
  certificate.validity.notBefore = validity.notBefore;
  certificate.validity.notAfter = validity.notAfter;
  const subject = [{ name: "commonName", value: placeholderCertificateSubject }];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());

  const pem = forge.pki.certificateToPem(certificate);
  const body = forge.util.encode64(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes());
  const thumbprint = new X509Certificate(pem).fingerprint.replace(/:/g, "").toUpperCase();
  return { body, pem, thumbprint, notAfter: validity.notAfter };
}

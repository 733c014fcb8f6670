/**
 * A throwaway RSA key and a self-signed X.509 certificate, for the offline plan's placeholder and for
 * test identity providers. Node's crypto makes the key and the signature (native, fast); node-forge writes
 * the certificate, which Node cannot.
 */
import { X509Certificate, generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";
import { signCertificateSha256 } from "./sign-certificate";

export interface SelfSignedCertificate {
  /** PKCS#8 PEM private key. */
  privateKeyPem: string;
  certificatePem: string;
  /** One line of base64 DER: what azuread's ServicePrincipalTokenSigningCertificate.value gives. */
  certificateBody: string;
  /** SHA-1 of the DER in upper-case hex, the form Entra reports thumbprints in. */
  thumbprint: string;
}

/** An RSA key pair as PEM: the public half SPKI, the private half PKCS#8. */
export interface RsaKeyPair {
  publicKeyPem: string;
  privateKeyPem: string;
}

/** A new 2048-bit RSA key pair, the size Entra's SAML signing certificates have. */
export function createRsaKeyPair(): RsaKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

export function createSelfSignedCertificate(options: {
  commonName: string;
  notBefore: Date;
  notAfter: Date;
  /** The key pair to certify; a new one (createRsaKeyPair) when absent. */
  key?: RsaKeyPair;
}): SelfSignedCertificate {
  const { publicKeyPem, privateKeyPem } = options.key ?? createRsaKeyPair();
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  // A positive serial: clear the top bit so the DER INTEGER is not read as negative.
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  certificate.serialNumber = serial.toString("hex");
  certificate.validity.notBefore = options.notBefore;
  certificate.validity.notAfter = options.notAfter;
  const subject = [{ name: "commonName", value: options.commonName }];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  signCertificateSha256(certificate, privateKeyPem);

  const certificatePem = forge.pki.certificateToPem(certificate);
  const certificateBody = forge.util.encode64(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes());
  const thumbprint = new X509Certificate(certificatePem).fingerprint.replace(/:/g, "").toUpperCase();
  return { privateKeyPem, certificatePem, certificateBody, thumbprint };
}

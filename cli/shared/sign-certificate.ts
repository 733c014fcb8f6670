import { sign } from "node:crypto";
import forge from "node-forge";

/** node-forge's TBSCertificate builder; exported by forge 1.x (lib/x509.js) but left out of its typings. */
const { getTBSCertificate } = forge.pki as unknown as { getTBSCertificate(certificate: forge.pki.Certificate): forge.asn1.Asn1 };

/**
 * Signs a node-forge certificate with SHA-256 and RSA PKCS#1 v1.5, as `certificate.sign(key,
 * forge.md.sha256.create())` does (node-forge lib/x509.js cert.sign), but with Node's native RSA instead of
 * forge's JavaScript big-number arithmetic, which took tens of milliseconds per certificate.
 */
export function signCertificateSha256(certificate: forge.pki.Certificate, privateKeyPem: string): void {
  certificate.signatureOid = certificate.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption!;
  certificate.tbsCertificate = getTBSCertificate(certificate);
  const toBeSigned = Buffer.from(forge.asn1.toDer(certificate.tbsCertificate).getBytes(), "binary");
  // crypto.sign with an RSA key and no padding option is RSASSA-PKCS1-v1_5, the signature sha256WithRSAEncryption names.
  certificate.signature = sign("sha256", toBeSigned, privateKeyPem).toString("binary");
}

/**
 * Throwaway RSA keys and self-signed X.509 certificates for tests, made at test time.
 *
 * Node's crypto makes the key (native, fast); node-forge writes the certificate, which Node cannot do.
 * Nothing here is a secret: each key lives only as long as the test process.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";

export interface TestCertificate {
  /** PKCS#8 PEM private key, for signing. */
  privateKeyPem: string;
  /** The certificate as PEM. */
  certificatePem: string;
  /** The certificate as one line of base64 DER: what azuread's ServicePrincipalTokenSigningCertificate.value gives. */
  certificateBody: string;
}

export interface TestCertificateOptions {
  commonName?: string;
  notBefore?: Date;
  notAfter?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function createTestCertificate(options: TestCertificateOptions = {}): TestCertificate {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
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
  certificate.validity.notBefore = options.notBefore ?? new Date(Date.now() - DAY_MS);
  certificate.validity.notAfter = options.notAfter ?? new Date(Date.now() + 365 * DAY_MS);
  // The CN Entra gives its SAML signing certificates.
  const subject = [{ name: "commonName", value: options.commonName ?? "Microsoft Azure Federated SSO Certificate" }];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());

  const certificatePem = forge.pki.certificateToPem(certificate);
  const certificateBody = forge.util.encode64(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes());
  return { privateKeyPem: privateKey, certificatePem, certificateBody };
}

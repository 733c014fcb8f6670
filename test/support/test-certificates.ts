/**
 * Self-signed X.509 certificates for tests, made at test time, each on a key of its own
 * (test/support/test-rsa-keys.ts).
 *
 * Nothing here is a secret: the keys sign nothing outside the tests.
 */
import { createSelfSignedCertificate } from "../../cli/shared/self-signed-certificate";
import { testRsaKeyPair } from "./test-rsa-keys";

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
  const { privateKeyPem, certificatePem, certificateBody } = createSelfSignedCertificate({
    // The CN Entra gives its SAML signing certificates.
    commonName: options.commonName ?? "Microsoft Azure Federated SSO Certificate",
    notBefore: options.notBefore ?? new Date(Date.now() - DAY_MS),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY_MS),
    key: testRsaKeyPair(),
  });
  return { privateKeyPem, certificatePem, certificateBody };
}

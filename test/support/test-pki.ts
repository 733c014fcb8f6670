/**
 * A throwaway certificate hierarchy for tests: a self-signed root CA, CAs it signs (an intermediate, or a
 * cross-signed copy of another root), and server certificates, as real as X509Certificate checks them
 * (basicConstraints, key usage, signatures). Keys are RSA 2048, one per certificate (test/support/test-rsa-keys.ts).
 */
import { randomBytes } from "node:crypto";
import forge from "node-forge";
import { signCertificateSha256 } from "../../cli/shared/sign-certificate";
import { testRsaKeyPair } from "./test-rsa-keys";

export interface TestAuthority {
  commonName: string;
  certificatePem: string;
  privateKeyPem: string;
  publicKeyPem: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function sign(options: {
  subject: string;
  publicKeyPem: string;
  issuer?: TestAuthority;
  selfKeyPem?: string;
  ca: boolean;
}): string {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(options.publicKeyPem);
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  certificate.serialNumber = serial.toString("hex");
  certificate.validity.notBefore = new Date(Date.now() - DAY_MS);
  certificate.validity.notAfter = new Date(Date.now() + 365 * DAY_MS);
  certificate.setSubject([{ name: "commonName", value: options.subject }]);
  certificate.setIssuer([{ name: "commonName", value: options.issuer?.commonName ?? options.subject }]);
  certificate.setExtensions(
    options.ca
      ? [
          { name: "basicConstraints", cA: true, critical: true },
          { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
        ]
      : [
          { name: "basicConstraints", cA: false, critical: true },
          { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
          { name: "extKeyUsage", serverAuth: true },
        ],
  );
  const signingKey = options.issuer?.privateKeyPem ?? options.selfKeyPem!;
  signCertificateSha256(certificate, signingKey);
  return forge.pki.certificateToPem(certificate);
}

export function createRootAuthority(commonName: string): TestAuthority {
  const keys = testRsaKeyPair();
  return { commonName, ...keys, certificatePem: sign({ subject: commonName, publicKeyPem: keys.publicKeyPem, selfKeyPem: keys.privateKeyPem, ca: true }) };
}

/** A CA signed by `issuer`: an intermediate. */
export function createIntermediateAuthority(commonName: string, issuer: TestAuthority): TestAuthority {
  const keys = testRsaKeyPair();
  return { commonName, ...keys, certificatePem: sign({ subject: commonName, publicKeyPem: keys.publicKeyPem, issuer, ca: true }) };
}

/** `root`'s key and name, certified by `issuer`: how ACM's chain carries Amazon's roots, cross-signed. */
export function crossSign(root: TestAuthority, issuer: TestAuthority): string {
  return sign({ subject: root.commonName, publicKeyPem: root.publicKeyPem, issuer, ca: true });
}

export function createServerCertificate(commonName: string, issuer: TestAuthority): string {
  const keys = testRsaKeyPair();
  return sign({ subject: commonName, publicKeyPem: keys.publicKeyPem, issuer, ca: false });
}

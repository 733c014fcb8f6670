import { describe, expect, it } from "vitest";
import { X509Certificate } from "node:crypto";
import forge from "node-forge";
import { signCertificateSha256 } from "../cli/shared/sign-certificate";
import { testRsaKeyPair } from "./support/test-rsa-keys";

const { publicKeyPem: publicKey, privateKeyPem: privateKey } = testRsaKeyPair();

function unsignedCertificate(): forge.pki.Certificate {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey);
  certificate.serialNumber = "0a1b2c3d";
  certificate.validity.notBefore = new Date("2026-01-01T00:00:00Z");
  certificate.validity.notAfter = new Date("2027-01-01T00:00:00Z");
  certificate.setSubject([{ name: "commonName", value: "sign-certificate test" }]);
  certificate.setIssuer([{ name: "commonName", value: "sign-certificate test" }]);
  return certificate;
}

describe("signing a certificate with Node's RSA", () => {
  it("writes exactly the certificate node-forge's own sha256 signing writes (PKCS#1 v1.5 is deterministic)", () => {
    const byForge = unsignedCertificate();
    byForge.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
    const byNode = unsignedCertificate();
    signCertificateSha256(byNode, privateKey);
    expect(forge.pki.certificateToPem(byNode)).toBe(forge.pki.certificateToPem(byForge));
  });

  it("names sha256WithRSAEncryption and verifies against the key's public half", () => {
    const certificate = unsignedCertificate();
    signCertificateSha256(certificate, privateKey);
    const parsed = new X509Certificate(forge.pki.certificateToPem(certificate));
    expect(parsed.verify(parsed.publicKey)).toBe(true);
    expect(forge.pki.certificateFromPem(parsed.toString()).signatureOid).toBe("1.2.840.113549.1.1.11");
  });
});

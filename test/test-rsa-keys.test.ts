import { afterAll, describe, expect, it } from "vitest";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keptRsaKeyPairs } from "./support/test-rsa-keys";
import { createSelfSignedCertificate } from "../cli/shared/self-signed-certificate";

const directory = mkdtempSync(join(tmpdir(), "test-rsa-keys-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("kept test RSA keys", () => {
  const firstRun = keptRsaKeyPairs(directory);
  const made = [firstRun(), firstRun(), firstRun()];

  it("give every call of a process a key of its own: RSA 2048, the public half matching the private", () => {
    expect(new Set(made.map((key) => key.privateKeyPem)).size).toBe(3);
    for (const key of made) {
      const privateKey = createPrivateKey(key.privateKeyPem);
      expect(privateKey.asymmetricKeyType).toBe("rsa");
      expect(privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
      expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    }
  });

  it("hand a later run the same keys in the same order, with the same public halves", () => {
    const laterRun = keptRsaKeyPairs(directory);
    expect([laterRun(), laterRun(), laterRun()]).toEqual(made);
  });

  it("replace a damaged kept key with a new one", () => {
    writeFileSync(join(directory, "0.pem"), "not a key");
    const replaced = keptRsaKeyPairs(directory)();
    expect(replaced.privateKeyPem).not.toBe(made[0]!.privateKeyPem);
    expect(keptRsaKeyPairs(directory)()).toEqual(replaced);
  });

  it("are what a self-signed certificate certifies when given", () => {
    const [key] = made;
    const certificate = createSelfSignedCertificate({ commonName: "kept", notBefore: new Date(), notAfter: new Date(Date.now() + 86_400_000), key });
    const parsed = new X509Certificate(certificate.certificatePem);
    expect(parsed.publicKey.export({ type: "spki", format: "pem" })).toBe(key!.publicKeyPem);
    expect(certificate.privateKeyPem).toBe(key!.privateKeyPem);
    expect(parsed.verify(parsed.publicKey)).toBe(true);
  });
});

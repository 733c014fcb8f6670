import { afterAll, describe, expect, it } from "vitest";
import { X509Certificate, createPrivateKey, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keptRsaKeyPairs, testRsaKeyPair } from "./support/test-rsa-keys";
import { createSelfSignedCertificate } from "../cli/shared/self-signed-certificate";

const directory = mkdtempSync(join(tmpdir(), "test-rsa-keys-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Small keys for the bookkeeping checks, which a 2048-bit key would only slow down. */
const makeSmallKey = () => {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 1024,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
};

describe("kept test RSA keys", () => {
  const firstRun = keptRsaKeyPairs(directory, makeSmallKey);
  const made = [firstRun(), firstRun(), firstRun()];

  it("give every call of a process a key of its own, the public half matching the private", () => {
    expect(new Set(made.map((key) => key.privateKeyPem)).size).toBe(3);
    for (const key of made) {
      expect(createPrivateKey(key.privateKeyPem).asymmetricKeyType).toBe("rsa");
      expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    }
  });

  it("are RSA 2048, the size of Entra's signing keys, for the tests' certificates", () => {
    const [first, second] = [testRsaKeyPair(), testRsaKeyPair()];
    expect(second.privateKeyPem).not.toBe(first.privateKeyPem);
    for (const key of [first, second]) expect(createPrivateKey(key.privateKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it("hand a later run the same keys in the same order, with the same public halves", () => {
    const laterRun = keptRsaKeyPairs(directory, makeSmallKey);
    expect([laterRun(), laterRun(), laterRun()]).toEqual(made);
  });

  it("replace a damaged kept key with a new one", () => {
    writeFileSync(join(directory, "0.pem"), "not a key");
    const replaced = keptRsaKeyPairs(directory, makeSmallKey)();
    expect(replaced.privateKeyPem).not.toBe(made[0]!.privateKeyPem);
    expect(keptRsaKeyPairs(directory, makeSmallKey)()).toEqual(replaced);
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

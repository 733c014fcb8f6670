/**
 * RSA 2048 key pairs for test certificates. Generating one costs about 100 ms of CPU, and the suite makes
 * dozens, so they are kept in node_modules/.cache/test-rsa-keys and read back by later runs, like the
 * compile cache (delete the folder whenever you like).
 *
 * Each call in a process returns a key no earlier call in that process returned, so two certificates a
 * test makes never share a key, as with freshly generated keys. The keys sign nothing outside the tests.
 */
import { createPublicKey } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRsaKeyPair, type RsaKeyPair } from "../../cli/shared/self-signed-certificate";

export type TestRsaKeyPair = RsaKeyPair;

/**
 * A source of key pairs kept in `directory`: the n-th call returns the n-th kept key, made by `make` and kept
 * the first time any source reaches n.
 */
export function keptRsaKeyPairs(directory: string, make: () => TestRsaKeyPair = createRsaKeyPair): () => TestRsaKeyPair {
  let issued = 0;
  return () => {
    const file = join(directory, `${issued++}.pem`);
    const kept = readKept(file);
    if (kept) return kept;
    const made = make();
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    // Written aside and renamed: the other worker may read the same file meanwhile.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, made.privateKeyPem, { mode: 0o600 });
    renameSync(partial, file);
    return made;
  };
}

/** This process's key pairs, kept in node_modules/.cache/test-rsa-keys. */
export const testRsaKeyPair = keptRsaKeyPairs(join(__dirname, "..", "..", "node_modules", ".cache", "test-rsa-keys"));

function readKept(file: string): TestRsaKeyPair | undefined {
  let privateKeyPem: string;
  try {
    privateKeyPem = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    const publicKeyPem = createPublicKey(privateKeyPem).export({ type: "spki", format: "pem" }).toString();
    return { publicKeyPem, privateKeyPem };
  } catch {
    // Damaged: make a new one in its place.
    return undefined;
  }
}

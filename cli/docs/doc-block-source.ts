/** Where a generated block's text comes from. */
export interface DocBlockSource {
  /** The block's id in its marker comments. */
  id: string;
  /** The block's text, from the code (a schema) or from a real run of a command against its fakes. */
  generate(): Promise<string>;
  /**
   * Parts that differ from one real run to the next (the thumbprint of a key made up for the run):
   * the comparison masks them, so only a change in what the command does makes the block stale.
   */
  volatile?: readonly RegExp[];
  /**
   * Set for a block whose real run takes long and gives different numbers each time (the benchmark): it is
   * regenerated only when `npm run docs` gets this flag, and its stable parts are tested on their own.
   */
  onlyWhenAsked?: string;
}

/** A SHA-1 thumbprint in upper-case hex, as Entra and the tools print a certificate's. */
export const thumbprintPattern = /\b[0-9A-F]{40}\b/g;

/** Runs `make` once per process and shares the result: several blocks show parts of one run. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

/** A terminal transcript: the command as the user types it, then what it printed. */
export function transcript(command: string, output: string): string {
  return ["```text", `$ ${command}`, output.trimEnd(), "```"].join("\n");
}

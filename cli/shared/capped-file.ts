/**
 * Reading a text file named on the command line without trusting its size. A path can name a huge file, a device
 * (/dev/zero never ends) or a FIFO, so the file is read in chunks and given up on as soon as it passes the cap: no
 * more than `maxBytes + 1` bytes are ever held in memory.
 */
import { open } from "node:fs/promises";

export class FileTooLargeError extends Error {
  override readonly name = "FileTooLargeError";
  constructor(
    readonly path: string,
    readonly maxBytes: number,
  ) {
    super(`${path} is larger than ${describeBytes(maxBytes)}`);
  }
}

/** "64 KiB", "1 MiB", "10000000 bytes": the cap as the user will read it. */
export function describeBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** Throws FileTooLargeError when `text` (already in memory, e.g. in a test double) is over the cap. */
export function assertWithinCap(path: string, text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, "utf8") > maxBytes) throw new FileTooLargeError(path, maxBytes);
  return text;
}

/**
 * The file as UTF-8, or FileTooLargeError once more than `maxBytes` bytes have been read. Errors from the file
 * system (ENOENT, EACCES, EISDIR) pass through with their `code`.
 */
export async function readTextFileCapped(path: string, maxBytes: number): Promise<string> {
  const handle = await open(path, "r");
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.alloc(Math.min(64 * 1024, maxBytes + 1));
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new FileTooLargeError(path, maxBytes);
      chunks.push(Buffer.from(chunk.subarray(0, bytesRead)));
    }
    return Buffer.concat(chunks).toString("utf8");
  } finally {
    await handle.close();
  }
}

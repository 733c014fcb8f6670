import { open } from "node:fs/promises";

/**
 * Reads a UTF-8 file of at most `maxBytes`, or says why not. Reads at most `maxBytes + 1` bytes whatever the file
 * claims to be, so a huge or growing file (or a FIFO) cannot exhaust memory.
 */
export async function readBoundedText(
  path: string,
  maxBytes: number,
): Promise<{ ok: true; text: string } | { ok: false; reason: "missing" | "too-large" | "unreadable"; detail: string }> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT"
      ? { ok: false, reason: "missing", detail: `${path} does not exist` }
      : { ok: false, reason: "unreadable", detail: `${path} cannot be read (${code ?? String(error)})` };
  }
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > maxBytes) return { ok: false, reason: "too-large", detail: `${path} is larger than ${maxBytes} bytes` };
    return { ok: true, text: buffer.subarray(0, filled).toString("utf8") };
  } catch (error) {
    return { ok: false, reason: "unreadable", detail: `${path} cannot be read (${(error as Error).message})` };
  } finally {
    await handle.close();
  }
}

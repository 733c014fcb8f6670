import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertWithinCap, describeBytes, FileTooLargeError, readTextFileCapped } from "../cli/shared/capped-file";

describe("readTextFileCapped", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "capped-file-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ["a file under the cap", 100, 1024, false],
    ["a file of exactly the cap", 1024, 1024, false],
    ["a file one byte over the cap", 1025, 1024, true],
    ["a file far over the cap, read in several chunks", 300_000, 70_000, true],
  ])("%s", async (_name, size, cap, refused) => {
    const path = join(dir, `f-${size}-${cap}`);
    await writeFile(path, "x".repeat(size));
    const reading = readTextFileCapped(path, cap);
    if (refused) await expect(reading).rejects.toThrow(FileTooLargeError);
    else await expect(reading).resolves.toHaveLength(size);
  });

  it("stops reading a device that never ends", async () => {
    await expect(readTextFileCapped("/dev/zero", 4096)).rejects.toThrow(`/dev/zero is larger than 4 KiB`);
  });

  it("passes a missing file's ENOENT through", async () => {
    await expect(readTextFileCapped(join(dir, "missing"), 10)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("counts bytes, not characters", () => {
    expect(() => assertWithinCap("f", "é".repeat(6), 11)).toThrow(FileTooLargeError);
    expect(assertWithinCap("f", "é".repeat(6), 12)).toBe("é".repeat(6));
  });

  it.each([
    [64 * 1024, "64 KiB"],
    [1024 * 1024, "1 MiB"],
    [10_000_000, "10000000 bytes"],
  ])("describes %i bytes as %s", (bytes, text) => {
    expect(describeBytes(bytes)).toBe(text);
  });
});

import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Writes the plan's files into `directory` (created if missing) and removes `stale` ones an earlier plan left. */
export async function writePlanFiles(directory: string, files: Record<string, string>, stale: string[]): Promise<void> {
  await mkdir(directory, { recursive: true });
  await Promise.all([
    ...Object.entries(files).map(([name, content]) => writeFile(join(directory, name), content, "utf8")),
    ...stale.map((name) => rm(join(directory, name), { force: true })),
  ]);
}

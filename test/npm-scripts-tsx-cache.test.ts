/**
 * `sudo npm run connect` runs the CLI as root through tsx. sudo's env_reset drops TMPDIR, so tsx reads compiled code
 * from /tmp/tsx-0, a folder any local user can make first and fill (support/tsx-cache-poison.ts). The other scripts
 * run as the operator, with the credentials to every tenant, and look in /tmp/tsx-<their uid> the same way.
 *
 * The run of the connect script here is also the suite's one check of `npm run connect` as a process (its exit code
 * and stderr, as main.ts sets them); connect-cli.test.ts runs the command in process.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheEntryWrittenFor, markerPayload, plantCacheEntry } from "./support/tsx-cache-poison";

const ROOT = resolve(__dirname, "..");
const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
const PATH = `${join(ROOT, "node_modules", ".bin")}:/usr/local/bin:/usr/bin:/bin`;

describe("npm run connect and a tsx cache another local user planted", () => {
  const mainFile = join(ROOT, "cli", "connect", "main.ts");
  let victimTmp: string;
  let marker: string;
  let result: { code: number | null; output: string };

  beforeAll(async () => {
    victimTmp = await mkdtemp(join(tmpdir(), "tsx-victim-"));
    marker = join(victimTmp, "planted-code-ran");
    const entry = await cacheEntryWrittenFor({ command: join(ROOT, "node_modules", ".bin", "tsx"), args: [mainFile, "--help"], cwd: ROOT, env: { PATH } }, mainFile);
    await plantCacheEntry(join(victimTmp, `tsx-${process.geteuid?.() ?? 0}`), entry, markerPayload(marker));
    // What `npm run connect` runs (here without --profile): the script through sh, node_modules/.bin first on PATH
    // (https://docs.npmjs.com/cli/commands/npm-run-script), here with TMPDIR pointing at the planted folder.
    result = await new Promise((done) => {
      const child = spawn("sh", ["-c", scripts.connect], { cwd: ROOT, env: { PATH, TMPDIR: victimTmp, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.once("exit", (code) => done({ code, output }));
    });
  }, 40_000);
  afterAll(async () => {
    if (victimTmp) await rm(victimTmp, { recursive: true, force: true });
  });

  it("runs the CLI's own code, not the planted code", () => {
    expect(result.output).toContain("required option '--profile <file>' not specified");
    expect(existsSync(marker) ? readFileSync(marker, "utf8") : "not run").toBe("not run");
  });

  it("exits with the command's code (64 for a missing --profile), without a stack trace", () => {
    expect(result.code).toBe(64);
    expect(result.output).not.toMatch(/\n\s+at /);
  });
});

describe("every npm script that runs TypeScript through tsx", () => {
  const viaTsx = Object.entries(scripts).filter(([, command]) => /(^|\s)tsx\s/.test(command));

  it("is found (the check below looks at real scripts)", () => {
    expect(viaTsx.map(([name]) => name)).toEqual(expect.arrayContaining(["connect", "tenants", "doctor", "logs"]));
  });

  it.each(viaTsx)("%s turns tsx's cache off", (_name, command) => {
    expect(command).toMatch(/(^|\s)tsx --no-cache\s/);
  });
});

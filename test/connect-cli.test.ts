import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..");

function runCli(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(join(ROOT, "node_modules/.bin/tsx"), ["cli/connect/main.ts", ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe("npm run connect on bad input", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "connect-cli-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("asks for --profile", async () => {
    const { code, output } = await runCli([]);
    expect(code).not.toBe(0);
    expect(output).toContain("required option '--profile <file>' not specified");
  });

  it("names a profile it cannot read, without a stack trace", async () => {
    const { code, output } = await runCli(["--profile", join(dir, "missing.ovpn")]);
    expect(code).toBe(1);
    expect(output).toContain(`cannot read the profile ${join(dir, "missing.ovpn")} (ENOENT)`);
    expect(output).not.toMatch(/\n\s+at /);
  });

  it("names the line of a broken profile", async () => {
    const profile = join(dir, "broken.ovpn");
    await writeFile(profile, "client\nremote vpn.example 99999\n");
    const { code, output } = await runCli(["--profile", profile]);
    expect(code).toBe(1);
    expect(output).toContain(`${profile} line 2: port "99999" is not a number between 1 and 65535.`);
  });

  it("says when the OpenVPN program cannot be run", async () => {
    const profile = join(dir, "ok.ovpn");
    await writeFile(profile, "client\nremote vpn.example 443\nauth-federate\n");
    const { code, output } = await runCli(["--profile", profile, "--openvpn", join(dir, "no-such-openvpn")]);
    expect(code).toBe(1);
    expect(output).toContain("pass the patched OpenVPN with --openvpn <path>");
  });

  it("refuses a stock OpenVPN before any sign-in, naming the limit and the fix", async () => {
    const profile = join(dir, "stock.ovpn");
    await writeFile(profile, "client\nremote vpn.example 443\nauth-federate\n");
    const { code, output } = await runCli(["--profile", profile, "--openvpn", "/usr/sbin/openvpn"]);
    expect(code).toBe(1);
    expect(output).toContain("This OpenVPN is a stock build: it accepts at most 255 characters per password");
    expect(output).toContain("pass it with --openvpn <path>");
    expect(output).not.toContain("resolving");
  });

  it("refuses a --saml-port that is not a port", async () => {
    const { code, output } = await runCli(["--profile", "x.ovpn", "--saml-port", "http"]);
    expect(code).not.toBe(0);
    expect(output).toContain("--saml-port must be a whole number from 1 to 65535.");
  });
});

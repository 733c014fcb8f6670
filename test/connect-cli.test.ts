/**
 * `npm run connect` on bad input, in process through runConnectCommand as main.ts runs it. Its run as a process (exit
 * code and stderr as main.ts sets them) is in npm-scripts-tsx-cache.test.ts, whose run of the npm script shows both.
 */
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConnectCommand } from "../cli/connect/connect-command";
import { MAX_PROFILE_BYTES } from "../cli/connect/profile";

/** The command in-process, as main.ts runs it, with its output captured and DNS lookups recorded. */
async function run(args: string[]): Promise<{ code: number; output: string; lookups: string[] }> {
  let output = "";
  const lookups: string[] = [];
  const code = await runConnectCommand(args, {
    env: { NO_COLOR: "1" },
    uid: 1000,
    writeErr: (text) => void (output += text),
    writeOut: (text) => void (output += text),
    signal: new AbortController().signal,
    lookup: async (hostname) => {
      lookups.push(hostname);
      throw Object.assign(new Error("no DNS in this test"), { code: "ENOTFOUND" });
    },
  });
  return { code, output, lookups };
}

describe("npm run connect on bad input", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "connect-cli-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("asks for --profile, as a usage error (64)", async () => {
    const { code, output } = await run([]);
    expect(code).toBe(64);
    expect(output).toContain("required option '--profile <file>' not specified");
  });

  it("names a profile it cannot read, as a usage error (64), without a stack trace", async () => {
    const { code, output } = await run(["--profile", join(dir, "missing.ovpn")]);
    expect(code).toBe(64);
    expect(output).toContain(`cannot read the profile ${join(dir, "missing.ovpn")} (ENOENT)`);
    expect(output).not.toMatch(/\n\s+at /);
  });

  it("refuses a profile too large to be one before reading it whole (64)", async () => {
    const profile = join(dir, "huge.ovpn");
    await writeFile(profile, `remote vpn.example 443\n#${"x".repeat(MAX_PROFILE_BYTES)}\n`);
    const { code, output } = await run(["--profile", profile]);
    expect(code).toBe(64);
    expect(output).toContain(`${profile} is larger than 64 KiB; a Client VPN profile is a few KB.`);
  });

  it("names the line of a broken profile, as a failure (1)", async () => {
    const profile = join(dir, "broken.ovpn");
    await writeFile(profile, "client\nremote vpn.example 99999\n");
    const { code, output } = await run(["--profile", profile]);
    expect(code).toBe(1);
    expect(output).toContain(`${profile} line 2: port "99999" is not a number between 1 and 65535.`);
  });

  it("refuses a hostile profile before OpenVPN runs and before the endpoint is resolved", async () => {
    const ran = join(dir, "openvpn-ran");
    const fakeOpenvpn = join(dir, "fake-openvpn");
    await writeFile(fakeOpenvpn, `#!/bin/sh\ntouch ${ran}\necho "OpenVPN 2.6.14 x86_64-pc-linux-gnu"\n`);
    await chmod(fakeOpenvpn, 0o755);
    const profile = join(dir, "hostile.ovpn");
    await writeFile(profile, "client\nremote vpn.example 443\nscript-security 2\ntls-verify /tmp/pwn.sh\nauth-federate\n");
    const { code, output, lookups } = await run(["--profile", profile, "--openvpn", fakeOpenvpn]);
    expect(code).toBe(1);
    expect(output).toContain(`${profile} has 2 problems:`);
    expect(output).toContain(`${profile} line 3: script-security lets the profile run scripts`);
    expect(output).toContain(`${profile} line 4: tls-verify runs a program as root`);
    expect(existsSync(ran)).toBe(false);
    expect(lookups).toEqual([]);
    expect(output).not.toContain("resolving");
  });

  it("says when the OpenVPN program cannot be run (1)", async () => {
    const profile = join(dir, "ok.ovpn");
    await writeFile(profile, "client\nremote vpn.example 443\nauth-federate\n");
    const { code, output } = await run(["--profile", profile, "--openvpn", join(dir, "no-such-openvpn")]);
    expect(code).toBe(1);
    expect(output).toContain("pass the patched OpenVPN with --openvpn <path>");
  });

  it("refuses a stock OpenVPN before any sign-in, naming the limit and the fix (1)", async () => {
    const profile = join(dir, "stock.ovpn");
    await writeFile(profile, "client\nremote vpn.example 443\nauth-federate\n");
    const { code, output, lookups } = await run(["--profile", profile, "--openvpn", "/usr/sbin/openvpn"]);
    expect(code).toBe(1);
    expect(output).toContain("This OpenVPN is a stock build: it accepts at most 255 characters per password");
    expect(output).toContain("pass it with --openvpn <path>");
    expect(lookups).toEqual([]);
  });

  it.each([
    [["--profile", "x.ovpn", "--saml-port", "http"], "--saml-port must be a whole number from 1 to 65535."],
    [["--profile", "x.ovpn", "--sign-in-timeout", "0"], "--sign-in-timeout must be a whole number from 1 to 3600."],
    [["--profile", "x.ovpn", "--browser", "  "], "--browser needs a command"],
    [["--profile", "x.ovpn", "--no-such-flag"], "unknown option '--no-such-flag'"],
  ])("refuses %j as a usage error (64)", async (args, message) => {
    const { code, output } = await run(args);
    expect(code).toBe(64);
    expect(output).toContain(message);
  });

  it("prints its help, with the exit codes, and exits 0", async () => {
    const { code, output } = await run(["--help"]);
    expect(code).toBe(0);
    expect(output).toContain(
      [
        "Exit codes:",
        "  0   you stopped the connection (Ctrl+C)",
        "  1   the connection failed, or the profile was refused",
        "  64  bad usage, or a profile that is missing, unreadable or larger than 64 KiB",
        "  70  a bug in the command (printed with its stack trace)",
      ].join("\n"),
    );
  });
});

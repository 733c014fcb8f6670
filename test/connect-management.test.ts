import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManagementClient } from "../cli/connect/management-client";
import { parseManagementLine, quoteManagementArgument } from "../cli/connect/management-events";
import { makePrivateDirectory, openvpnArguments } from "../cli/connect/session";

describe("parseManagementLine", () => {
  it.each([
    [">HOLD:Waiting for hold release:0", { type: "hold" }],
    [">PASSWORD:Need 'Auth' username/password", { type: "password-needed" }],
    [">PASSWORD:Verification Failed: 'Auth'", { type: "auth-failed" }],
    [">PASSWORD:Verification Failed: 'Auth' ['AUTH_FAILED']", { type: "auth-failed" }],
    [">STATE:1784222495,CONNECTED,SUCCESS,10.8.0.133,203.0.113.10,443,,", { type: "state", name: "CONNECTED", detail: "SUCCESS" }],
    [">STATE:1784222488,RECONNECTING,auth-failure,,,,,", { type: "state", name: "RECONNECTING", detail: "auth-failure" }],
    [">FATAL:Cannot open TUN/TAP dev", { type: "fatal", message: "Cannot open TUN/TAP dev" }],
    [">INFO:OpenVPN Management Interface Version 5 -- type 'help' for more info", { type: "other" }],
    [">LOG:1784222495,,PUSH: Received control message", { type: "other" }],
  ])("%s", (line, expected) => {
    expect(parseManagementLine(line)).toEqual(expected);
  });

  it("parses a CRV1 refusal into a challenge", () => {
    const event = parseManagementLine(">PASSWORD:Verification Failed: 'Auth' ['CRV1:R,E:sid-1:Ti9B:https://idp.example/saml2?x=1']");
    expect(event).toMatchObject({ type: "challenge", challenge: { sessionId: "sid-1", flags: ["R", "E"] } });
  });

  it("turns a malformed CRV1 refusal into a bad-challenge event rather than throwing", () => {
    expect(parseManagementLine(">PASSWORD:Verification Failed: 'Auth' ['CRV1:R:sid:Ti9B:no url here']")).toMatchObject({ type: "bad-challenge" });
  });
});

describe("quoteManagementArgument", () => {
  it.each([
    ["N/A", '"N/A"'],
    ["CRV1::a/b::x%2By", '"CRV1::a/b::x%2By"'],
    ['with "quotes" and \\ backslash', '"with \\"quotes\\" and \\\\ backslash"'],
    ["has spaces", '"has spaces"'],
  ])("%s", (value, expected) => {
    expect(quoteManagementArgument(value)).toBe(expected);
  });

  it("refuses a line break, which would end the command", () => {
    expect(() => quoteManagementArgument("a\nsignal SIGTERM")).toThrow(/line break/);
  });
});

describe("openvpnArguments", () => {
  const args = openvpnArguments("/tmp/d/profile.ovpn", "/tmp/d/management.sock");

  it("puts the management interface on the unix socket, never on a TCP port", () => {
    const at = args.indexOf("--management");
    expect(args.slice(at, at + 3)).toEqual(["--management", "/tmp/d/management.sock", "unix"]);
    expect(args.filter((arg) => arg === "--management")).toHaveLength(1);
  });

  it("makes OpenVPN connect to the CLI, so it exits when the CLI goes away", () => {
    expect(args).toContain("--management-client");
  });

  it.each(["--management-hold", "--management-query-passwords", "--auth-user-pass", "--auth-nocache"])("passes %s", (flag) => {
    expect(args).toContain(flag);
  });

  it("restarts after the challenge instead of exiting", () => {
    expect(args.slice(args.indexOf("--auth-retry"), args.indexOf("--auth-retry") + 2)).toEqual(["--auth-retry", "interact"]);
  });

  it("allows no scripts, after the profile so that the profile cannot raise it", () => {
    expect(args.slice(0, 4)).toEqual(["--config", "/tmp/d/profile.ovpn", "--script-security", "1"]);
  });

  it("keeps a real OpenVPN from running a profile's script even if the profile allows scripts", async () => {
    expect(existsSync("/usr/sbin/openvpn"), "/usr/sbin/openvpn is missing: run scripts/setup.sh").toBe(true);
    const dir = await mkdtemp(join(tmpdir(), "script-security-"));
    const canary = join(dir, "script-ran");
    try {
      await writeFile(join(dir, "up.sh"), `#!/bin/sh\ntouch ${canary}\n`, { mode: 0o755 });
      // Point-to-point with a null device: OpenVPN runs --up at once, with no peer and no network.
      const config = join(dir, "profile.ovpn");
      await writeFile(config, `dev null\nscript-security 2\nup ${join(dir, "up.sh")}\nverb 3\n`);
      const [configFlag, configPath, level, value] = openvpnArguments(config, join(dir, "unused.sock"));
      const child = spawn("/usr/sbin/openvpn", [configFlag, configPath, level, value], { stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      const verdict = new Promise<void>((resolve) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (/Failed running command \(--up\/--down\)|Initialization Sequence Completed/.test(output)) resolve();
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
        child.once("exit", () => resolve());
      });
      await Promise.race([verdict, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      child.kill("SIGKILL");
      expect(output).toContain("disallowed by script-security setting");
      expect(existsSync(canary)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("ManagementClient over a unix socket", () => {
  let dir: string;
  const peers: Socket[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "mgmt-test-"));
  });
  afterEach(async () => {
    for (const peer of peers.splice(0)) peer.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * A protocol-level stand-in for OpenVPN in --management-client mode: it connects to the CLI's socket, greets with
   * >INFO, and answers each command line with the script's reply (CRLF line endings, as OpenVPN writes).
   */
  function fakeOpenvpn(path: string, reply: (line: string, socket: Socket) => void): void {
    const socket = connect(path);
    peers.push(socket);
    socket.on("connect", () => socket.write(">INFO:OpenVPN Management Interface Version 5 -- type 'help' for more info\r\n"));
    let buffered = "";
    socket.on("data", (chunk) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        reply(buffered.slice(0, newline), socket);
        buffered = buffered.slice(newline + 1);
      }
    });
    socket.on("error", () => undefined);
  }

  async function acceptFake(reply: (line: string, socket: Socket) => void): Promise<ManagementClient> {
    const path = join(dir, "management.sock");
    const listener = await ManagementClient.listen(path);
    // The socket exists as soon as listen() returns: OpenVPN can be started right after.
    expect((await stat(path)).isSocket()).toBe(true);
    fakeOpenvpn(path, reply);
    return listener.accepted({ timeoutMs: 5_000 });
  }

  it("matches answers to commands in order while notifications arrive in between", async () => {
    const client = await acceptFake((line, socket) => {
      if (line === "state on") socket.write(">HOLD:Waiting for hold release:0\r\nSUCCESS: real-time state notification set to ON\r\n");
      else socket.write(`ERROR: unknown command [${line}]\r\n`);
    });
    const notifications: string[] = [];
    client.on("notification", (line) => notifications.push(line));
    const [first, second] = await Promise.all([client.command("state on"), client.command("bogus")]);
    expect(first).toEqual({ ok: true, text: "SUCCESS: real-time state notification set to ON" });
    expect(second).toEqual({ ok: false, text: "ERROR: unknown command [bogus]" });
    expect(notifications).toContain(">HOLD:Waiting for hold release:0");
    client.close();
  });

  it("accepts OpenVPN's connection and no other", async () => {
    const path = join(dir, "management.sock");
    const client = await acceptFake(() => undefined);
    const intruder = await new Promise<string>((resolve) => {
      const socket = connect(path);
      socket.on("connect", () => resolve("connected"));
      socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    });
    expect(["ENOENT", "ECONNREFUSED"]).toContain(intruder);
    client.close();
  });

  it("gives up when OpenVPN exits before connecting", async () => {
    const listener = await ManagementClient.listen(join(dir, "never.sock"));
    await expect(listener.accepted({ exited: Promise.resolve(1) })).rejects.toThrow(/OpenVPN stopped before it connected/);
  });

  it("gives up after the timeout", async () => {
    const listener = await ManagementClient.listen(join(dir, "slow.sock"));
    await expect(listener.accepted({ timeoutMs: 50 })).rejects.toThrow(/did not connect .* in time/);
  });

  it("fails pending commands when the interface closes", async () => {
    const client = await acceptFake((_line, socket) => socket.destroy());
    await expect(client.command("state on")).rejects.toThrow(/closed/);
  });

  it("makes a real OpenVPN exit when the CLI's end of the interface closes", async () => {
    // scripts/setup.sh installs openvpn; without it this test fails rather than skips.
    expect(existsSync("/usr/sbin/openvpn"), "/usr/sbin/openvpn is missing: run scripts/setup.sh").toBe(true);
    const config = join(dir, "held.ovpn");
    // A client that never gets past --management-hold: no network, tunnel or certificate is needed (a dummy
    // peer-fingerprint satisfies the option check that would otherwise want a CA file).
    const fingerprint = Array(32).fill("ab").join(":");
    await writeFile(config, `client\ndev null\nremote 127.0.0.1 9\npeer-fingerprint ${fingerprint}\n`);
    const socketPath = join(dir, "management.sock");
    const listener = await ManagementClient.listen(socketPath);
    const child = spawn("/usr/sbin/openvpn", openvpnArguments(config, socketPath), { stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      const client = await listener.accepted({ exited });
      const held = new Promise<void>((resolve) => client.on("notification", (line) => line.startsWith(">HOLD:") && resolve()));
      await held;
      client.close();
      const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve("still running"), 5_000))]);
      expect(code).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("lives in a directory only the user can enter", async () => {
    const previous = process.umask(0o000);
    let made: string;
    try {
      made = await makePrivateDirectory();
    } finally {
      process.umask(previous);
    }
    try {
      expect((await stat(made)).mode & 0o777).toBe(0o700);
    } finally {
      await rm(made, { recursive: true, force: true });
    }
  });
});

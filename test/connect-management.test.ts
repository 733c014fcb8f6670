import { mkdtemp, rm, stat } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
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

  it.each(["--management-hold", "--management-query-passwords", "--auth-user-pass", "--auth-nocache"])("passes %s", (flag) => {
    expect(args).toContain(flag);
  });

  it("restarts after the challenge instead of exiting", () => {
    expect(args.slice(args.indexOf("--auth-retry"), args.indexOf("--auth-retry") + 2)).toEqual(["--auth-retry", "interact"]);
  });
});

describe("ManagementClient over a unix socket", () => {
  let dir: string | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (dir) await rm(dir, { recursive: true, force: true });
    server = undefined;
    dir = undefined;
  });

  /** A protocol-level stand-in for OpenVPN's management interface: scripted answers, CRLF line endings. */
  async function fakeManagement(onLine: (line: string, socket: Socket) => void): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), "mgmt-test-"));
    const path = join(dir, "management.sock");
    server = createServer((socket) => {
      socket.write(">INFO:OpenVPN Management Interface Version 5 -- type 'help' for more info\r\n");
      let buffered = "";
      socket.on("data", (chunk) => {
        buffered += chunk.toString();
        let newline: number;
        while ((newline = buffered.indexOf("\n")) >= 0) {
          onLine(buffered.slice(0, newline), socket);
          buffered = buffered.slice(newline + 1);
        }
      });
    });
    await new Promise<void>((resolve) => server?.listen(path, resolve));
    return path;
  }

  it("matches answers to commands in order while notifications arrive in between", async () => {
    const path = await fakeManagement((line, socket) => {
      if (line === "state on") socket.write(">HOLD:Waiting for hold release:0\r\nSUCCESS: real-time state notification set to ON\r\n");
      else socket.write(`ERROR: unknown command [${line}]\r\n`);
    });
    const client = await ManagementClient.connect(path);
    const notifications: string[] = [];
    client.on("notification", (line) => notifications.push(line));
    const [first, second] = await Promise.all([client.command("state on"), client.command("bogus")]);
    expect(first).toEqual({ ok: true, text: "SUCCESS: real-time state notification set to ON" });
    expect(second).toEqual({ ok: false, text: "ERROR: unknown command [bogus]" });
    expect(notifications).toContain(">HOLD:Waiting for hold release:0");
    client.close();
  });

  it("waits for the socket to appear, as OpenVPN creates it after starting", async () => {
    dir = await mkdtemp(join(tmpdir(), "mgmt-test-"));
    const path = join(dir, "late.sock");
    const connecting = ManagementClient.connect(path, { timeoutMs: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    server = createServer(() => undefined);
    await new Promise<void>((resolve) => server?.listen(path, resolve));
    const client = await connecting;
    client.close();
  });

  it("gives up when OpenVPN has exited", async () => {
    dir = await mkdtemp(join(tmpdir(), "mgmt-test-"));
    await expect(ManagementClient.connect(join(dir, "never.sock"), { isAlive: () => false })).rejects.toThrow(/management socket \(ENOENT\)/);
  });

  it("fails pending commands when the interface closes", async () => {
    const path = await fakeManagement((_line, socket) => socket.destroy());
    const client = await ManagementClient.connect(path);
    await expect(client.command("state on")).rejects.toThrow(/closed/);
  });

  it("lives in a directory only the user can enter", async () => {
    const previous = process.umask(0o000);
    try {
      dir = await makePrivateDirectory();
    } finally {
      process.umask(previous);
    }
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });
});

/**
 * End to end, with no fake of OpenVPN: the CLI drives a real OpenVPN 2.6 client against a real OpenVPN 2.6 server on
 * loopback whose management interface plays the Client VPN endpoint, through the placeholder login, the CRV1
 * challenge, the browser sign-in at a local IdP, the second login and CONNECTED; then the server ends the session
 * and the CLI signs in again. The profile is the one this project renders for the AWS VPN Client, pointed at the
 * loopback server; the same profile with hostile directives added is refused before anything runs.
 *
 * It needs /usr/sbin/openvpn and openssl (scripts/setup.sh installs them) and root for the server's tun device. A
 * missing tool fails the test, in CI and elsewhere; it never skips.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConnectCommand } from "../cli/connect/connect-command";
import { renderAwsVpnClientProfile } from "../components/client-profile";
import { startFakeClientVpnEndpoint, type FakeClientVpnEndpoint } from "./support/openvpn-harness/client-vpn-endpoint";
import { freeTcpPort } from "./support/free-port";
import { generateTestPki } from "./support/openvpn-harness/pki";
import { startTestIdp, type TestIdp } from "./support/openvpn-harness/test-idp";

const OPENVPN = "/usr/sbin/openvpn";
const ROOT = resolve(__dirname, "..");

function missingPrerequisites(): string[] {
  const missing: string[] = [];
  if (!existsSync(OPENVPN)) missing.push(`${OPENVPN} (Debian package openvpn, installed by scripts/setup.sh)`);
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
  } catch {
    missing.push("openssl (Debian package openssl)");
  }
  if (process.getuid?.() !== 0) missing.push("root, to open /dev/net/tun for the test server");
  return missing;
}

/**
 * Command lines of OpenVPN clients started by this file's CLI runs: their config lives in a cvpn-connect-* directory
 * under this test's own TMPDIR, so runs of the suite side by side do not see each other's.
 */
function openvpnClientsRunning(): string[] {
  return processes()
    .map((process) => process.command)
    .filter((command) => command.includes("openvpn") && command.includes(join(cliTmp, "cvpn-connect-")));
}

/** Every process's command line and real uid, from /proc. */
function processes(): { command: string; uid: string }[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
        const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? "";
        return [{ command, uid }];
      } catch {
        return [];
      }
    });
}

/**
 * The profile this project renders for the AWS VPN Client (components/client-profile.ts), with the server's CA and
 * its `remote` pointed at the loopback server: only directives AWS's client accepts, and a real tun device.
 */
function clientProfile(port: number, caPem: string): string {
  const rendered = renderAwsVpnClientProfile({
    endpointDnsName: "*.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.eu-west-2.amazonaws.com",
    vpnPort: 1194,
    transportProtocol: "udp",
    caChainPem: caPem,
  });
  const pointed = rendered.replace(/^remote .*$/m, `remote 127.0.0.1 ${port}`);
  if (pointed === rendered) throw new Error("the rendered profile has no remote line to point at the test server");
  return pointed;
}

/** Every directive the review used or listed, each of which would run a program, load a library or write a file
 * as root, plus two ways of hiding one from a naive reader. */
function hostileLines(dir: string): string[] {
  const script = join(dir, "pwn.sh");
  return [
    "script-security 2", `up ${script}`, `down ${script}`, `route-up ${script}`, `route-pre-down ${script}`,
    `ipchange ${script}`, `tls-verify ${script}`, `plugin ${join(dir, "pwn.so")}`, `config ${join(dir, "other.ovpn")}`,
    `log ${join(dir, "written.log")}`, `log-append ${join(dir, "written.log")}`, `status ${join(dir, "written.status")}`,
    `writepid ${join(dir, "written.pid")}`, "cd /", "chroot /tmp", "tmp-dir /tmp", `learn-address ${script}`,
    `client-connect ${script}`, "<tls-auth>", "key", "</tls-auth>", "<ca>", "</ca>hidden", `"up" ${script}`, "</ca>",
  ];
}
const HOSTILE_DIRECTIVES = [
  "script-security", "up", "down", "route-up", "route-pre-down", "ipchange", "tls-verify", "plugin", "config", "log",
  "log-append", "status", "writepid", "cd", "chroot", "tmp-dir", "learn-address", "client-connect", "<tls-auth>",
];

function waitFor(check: () => boolean, what: string, output: () => string, timeoutMs = 12_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((done, fail) => {
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        done();
      } else if (Date.now() > deadline) {
        clearInterval(timer);
        fail(new Error(`timed out waiting for ${what}. CLI output:\n${output()}`));
      }
    }, 50);
  });
}

let dir: string;
let idp: TestIdp;
let endpoint: FakeClientVpnEndpoint;
let profilePath: string;
let cliTmp: string;
let hostileTmp: string;
let hostilePath: string;

beforeAll(async () => {
  const missing = missingPrerequisites();
  if (missing.length > 0) throw new Error(`the end-to-end test needs: ${missing.join("; ")}`);
  dir = await mkdtemp(join(tmpdir(), "connect-e2e-"));
  const pki = await generateTestPki(dir);
  idp = await startTestIdp();
  endpoint = await startFakeClientVpnEndpoint({ dir, openvpnPath: OPENVPN, pki, idp });
  profilePath = join(dir, "client.ovpn");
  cliTmp = join(dir, "cli-tmp");
  hostileTmp = join(dir, "hostile-tmp");
  await mkdir(cliTmp);
  await mkdir(hostileTmp);
  const profile = clientProfile(endpoint.port, pki.caPem);
  await writeFile(profilePath, profile);
  await writeFile(join(dir, "pwn.sh"), `#!/bin/sh\ntouch ${join(dir, "pwned")}\n`, { mode: 0o755 });
  hostilePath = join(dir, "hostile.ovpn");
  await writeFile(hostilePath, `${profile}${hostileLines(dir).join("\n")}\n`);
}, 20_000);

afterAll(async () => {
  await endpoint?.stop();
  await idp?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface CliRun {
  output: () => string;
  exited: Promise<number | null>;
  stop: () => void;
}

// Debian's OpenVPN is stock; the test IdP's short response fits it.
const OPENVPN_ARGS = ["--openvpn", OPENVPN, "--allow-stock-openvpn"];

/** The CLI as its own process, run as root without sudo: it drops its sign-in listener to nobody. */
function startCli(args: string[]): CliRun {
  let output = "";
  const cli = spawn(
    join(ROOT, "node_modules/.bin/tsx"),
    ["cli/connect/main.ts", "--profile", profilePath, ...OPENVPN_ARGS, ...args],
    { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", TMPDIR: cliTmp }, stdio: ["ignore", "pipe", "pipe"] },
  );
  cli.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  cli.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => cli.once("exit", (code) => done(code)));
  return { output: () => output, exited, stop: () => cli.kill("SIGTERM") };
}

/**
 * The same command in this process (one process start less, which keeps the test fast): the same code as main.ts
 * runs, with the real OpenVPN, the real endpoint and this file's TMPDIR. As `uid` it is told root or a user.
 */
async function runInProcess(args: string[], options: { profile: string; tmp: string; uid: number }): Promise<{ code: number; output: string }> {
  let output = "";
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = options.tmp;
  try {
    const code = await runConnectCommand(["--profile", options.profile, ...OPENVPN_ARGS, ...args], {
      env: {},
      uid: options.uid,
      writeErr: (text) => void (output += text),
      writeOut: (text) => void (output += text),
      signal: AbortSignal.timeout(15_000),
    });
    return { code, output };
  } finally {
    // Test files share a worker: assigning undefined would leave the text "undefined" as every later file's TMPDIR.
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
}

const FAKE_BROWSER = `${process.execPath} ${join(ROOT, "test/support/openvpn-harness/fake-browser.mjs")}`;

describe("npm run connect against a real OpenVPN server playing a Client VPN endpoint", () => {
  let output = "";
  let exitCode: number | null = null;
  let samlPort: number;
  let clientsWhileConnected: string[] = [];
  let uidsWhileConnected: { openvpn: string[]; listener: string[] } = { openvpn: [], listener: [] };

  beforeAll(async () => {
    samlPort = await freeTcpPort();
    const cli = startCli(["--browser", FAKE_BROWSER, "--saml-port", String(samlPort), "--sign-in-timeout", "20", "--verbose"]);
    const connectedCount = () => cli.output().split("\n").filter((line) => line.includes("connected (the VPN is up")).length;
    // The CLI must not exit before the test stops it; if it does, fail at once with its output.
    const exitedEarly = cli.exited.then((code) => {
      throw new Error(`the CLI exited early (code ${code}):\n${cli.output()}\nserver log:\n${endpoint.log()}`);
    });
    const unless = <T>(promise: Promise<T>) => Promise.race([promise, exitedEarly]);
    try {
      await unless(waitFor(() => connectedCount() >= 1, "the first connected stage", cli.output));
      await unless(endpoint.established(1));
      clientsWhileConnected = openvpnClientsRunning();
      const running = processes();
      uidsWhileConnected = {
        openvpn: running.filter((p) => p.command.includes("openvpn") && p.command.includes(join(cliTmp, "cvpn-connect-"))).map((p) => p.uid),
        listener: running.filter((p) => p.command.includes("listener-process-main.ts") && p.command.endsWith(` ${samlPort}`)).map((p) => p.uid),
      };
      // The server ends the session, as when the endpoint's maximum session duration passes.
      endpoint.endSessions();
      await unless(waitFor(() => connectedCount() >= 2, "the second connected stage", cli.output));
      await unless(endpoint.established(2));
    } finally {
      exitedEarly.catch(() => undefined);
      cli.stop();
      exitCode = await cli.exited;
      output = cli.output();
    }
  }, 30_000);

  it("first logs in with N/A and ACS::<listener port>, as AWS's client does", () => {
    expect(endpoint.attempts[0]).toMatchObject({ kind: "placeholder", acsPort: samlPort });
  });

  it("answers the challenge with CRV1::<that session id>::<the IdP's token>, which the endpoint accepts", () => {
    expect(endpoint.attempts[1]).toEqual({
      kind: "challenge-response",
      accepted: true,
      sessionId: endpoint.sessionIds[0],
    });
  });

  it("signs in again with a new challenge after the server ends the session", () => {
    expect(endpoint.attempts.map((a) => a.kind)).toEqual([
      "placeholder",
      "challenge-response",
      "placeholder",
      "challenge-response",
    ]);
    expect(endpoint.attempts[3]).toMatchObject({ accepted: true, sessionId: endpoint.sessionIds[1] });
  });

  it("shows every stage in order", () => {
    const stages = output
      .split("\n")
      .map((line) => /^[›✔] (resolving|challenge|waiting for browser sign-in|connecting|connected|reconnecting)\b/.exec(line)?.[1])
      .filter(Boolean);
    expect(stages).toEqual([
      "resolving", "challenge", "waiting for browser sign-in", "connecting", "connected",
      "reconnecting",
      "resolving", "challenge", "waiting for browser sign-in", "connecting", "connected",
    ]);
  });

  it("binds each sign-in to its challenge: the listener accepts the IdP's POST and says which Origin it carried", () => {
    expect(output.split("\n").filter((line) => line.includes(`sign-in received (the browser sent Origin: ${idp.origin})`))).toHaveLength(2);
    expect(output).not.toContain("turned a POST away");
  });

  it("keeps root for OpenVPN only: the sign-in listener runs as nobody", () => {
    expect(uidsWhileConnected).toEqual({ openvpn: ["0"], listener: ["65534"] });
  });

  it("exits cleanly when stopped, leaving no OpenVPN client behind", () => {
    expect(exitCode).toBe(0);
    // While connected there was exactly one client, so the search below does find them when they exist.
    expect(clientsWhileConnected).toHaveLength(1);
    expect(openvpnClientsRunning()).toEqual([]);
  });

  it("never prints a session id or a SAML response, even in OpenVPN's verbose log", () => {
    // The verbose log did carry the challenge (redacted), so the check below looked at the right text.
    expect(output).toContain("AUTH_FAILED,CRV1:[redacted]");
    const secrets = [...endpoint.sessionIds, ...idp.issuedTokens(), ...idp.issuedTokens().map(encodeURIComponent)];
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    for (const secret of secrets) expect(output).not.toContain(secret);
  });
});

describe("npm run connect when the browser cannot be opened and nobody signs in", () => {
  let output = "";
  let exitCode: number | null = null;
  let attemptsAtStart = 0;

  beforeAll(async () => {
    attemptsAtStart = endpoint.attempts.length;
    const args = ["--browser", join(dir, "no-such-browser"), "--saml-port", String(await freeTcpPort()), "--sign-in-timeout", "1"];
    ({ code: exitCode, output } = await runInProcess(args, { profile: profilePath, tmp: cliTmp, uid: 1000 }));
  }, 20_000);

  it("prints the sign-in URL for the user to open", () => {
    expect(output).toContain("cannot start");
    expect(output).toMatch(/Open this address in your browser yourself: http:\/\/127\.0\.0\.1:\d+\/saml2\?SAMLRequest=/);
  });

  it("gives up after --sign-in-timeout with a clear message and a failing exit code", () => {
    expect(output).toContain("no sign-in arrived within 1 s. Run the command again to get a new sign-in page.");
    expect(exitCode).toBe(1);
  });

  it("got as far as the challenge, and leaves no OpenVPN client behind", () => {
    expect(endpoint.attempts.slice(attemptsAtStart).map((a) => a.kind)).toEqual(["placeholder"]);
    expect(openvpnClientsRunning()).toEqual([]);
  });

  it("does not print the session id", () => {
    for (const sessionId of endpoint.sessionIds) expect(output).not.toContain(sessionId);
  });
});

// An endpoint (the profile names it, so it may be anyone's) that drops the connection instead of answering a login:
// OpenVPN starts over and asks for the password again, which the CLI must not leave unanswered for ever.
describe.each([
  { dropped: "placeholder" as const, seen: ["placeholder"], message: "the endpoint dropped the connection instead of answering the first login with a sign-in challenge" },
  { dropped: "challenge-response" as const, seen: ["placeholder", "challenge-response"], message: "the endpoint dropped the connection before it accepted the sign-in" },
])("npm run connect when the endpoint drops the connection at the $dropped login", ({ dropped, seen, message }) => {
  let output = "";
  let exitCode: number | null = null;
  let attemptsAtStart = 0;
  let seconds = 0;

  beforeAll(async () => {
    attemptsAtStart = endpoint.attempts.length;
    endpoint.dropNext(dropped);
    const started = Date.now();
    const args = ["--browser", FAKE_BROWSER, "--saml-port", String(await freeTcpPort()), "--sign-in-timeout", "10"];
    ({ code: exitCode, output } = await runInProcess(args, { profile: profilePath, tmp: cliTmp, uid: 1000 }));
    seconds = (Date.now() - started) / 1000;
  }, 20_000);

  it("got as far as that login", () => {
    expect(endpoint.attempts.slice(attemptsAtStart).map((a) => a.kind)).toEqual(seen);
  });

  it("stops with a failing exit code and says what happened, instead of waiting for ever", () => {
    expect(output).toContain(message);
    expect(exitCode).toBe(1);
    // The run's own signal would stop a hung CLI after 15 s, with exit code 0.
    expect(seconds).toBeLessThan(12);
    expect(openvpnClientsRunning()).toEqual([]);
  });
});

describe("npm run connect with a hostile profile", () => {
  let code: number | null;
  let output = "";
  beforeAll(async () => {
    ({ code, output } = await runInProcess(["--browser", FAKE_BROWSER], { profile: hostilePath, tmp: hostileTmp, uid: 0 }));
  }, 20_000);

  it("refuses it with a failing exit code, naming every hostile directive in one message", () => {
    expect(code).toBe(1);
    expect(output).toMatch(/hostile\.ovpn has \d+ problems:/);
    for (const directive of HOSTILE_DIRECTIVES) expect(output).toMatch(new RegExp(`hostile\\.ovpn line \\d+: ${directive} `));
    // The `up` hidden after "</ca>hidden", where OpenVPN ends the block, is found too.
    expect(output.match(/line \d+: up runs a program as root/g)).toHaveLength(2);
  });

  it("refuses it before anything runs: no OpenVPN (not even the version probe), no lookup, no script, no file written", () => {
    // The version probe works in a cvpn-probe-* folder and a session in a cvpn-connect-* one.
    expect(readdirSync(hostileTmp)).toEqual([]);
    expect(output).not.toContain("resolving");
    for (const name of ["pwned", "written.log", "written.status", "written.pid"]) expect(existsSync(join(dir, name))).toBe(false);
  });
});

/**
 * A real OpenVPN 2.6 server on loopback whose management interface (--management-client-auth) plays the part of a
 * Client VPN endpoint with SAML sign-in:
 * - a login with username N/A and password ACS::<port> is refused with a CRV1 challenge whose URL points at the test
 *   IdP (client-deny with a client reason is what reaches the client as AUTH_FAILED,CRV1:…);
 * - a login with CRV1::<that state id>::<token the IdP issued, form-encoded> is accepted (client-auth-nt);
 * - anything else is refused with a plain AUTH_FAILED.
 * Management commands: OpenVPN doc/management-notes.txt, "COMMAND -- client-auth", "client-deny", "client-kill".
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";
import { writeFile } from "node:fs/promises";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { TestPki } from "./pki";
import type { TestIdp } from "./test-idp";

export type LoginAttempt =
  | { kind: "placeholder"; acsPort: number; sessionId: string }
  | { kind: "challenge-response"; accepted: boolean; sessionId: string };

export interface FakeClientVpnEndpoint {
  port: number;
  attempts: LoginAttempt[];
  /** Every session id handed out, to check the CLI never prints one. */
  sessionIds: string[];
  /** Resolves when the n-th client (1-based) has established a tunnel. */
  established(count: number): Promise<void>;
  /** Ends the connected client's session from the server side, as an expired session would. */
  endSessions(): void;
  /** Answers the next login of this kind by dropping the client (client-kill) instead of accepting or refusing it. */
  dropNext(kind: LoginAttempt["kind"]): void;
  log(): string;
  stop(): Promise<void>;
}

export async function freeUdpPort(): Promise<number> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

async function connectWhenReady(path: string, child: ChildProcess, output: () => string): Promise<Socket> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await new Promise<Socket>((resolve, reject) => {
        const socket = connect(path);
        socket.once("connect", () => resolve(socket));
        socket.once("error", reject);
      });
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`the test OpenVPN server did not start: ${(error as Error).message}\n${output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

export async function startFakeClientVpnEndpoint(options: {
  dir: string;
  openvpnPath: string;
  pki: TestPki;
  idp: TestIdp;
}): Promise<FakeClientVpnEndpoint> {
  const port = await freeUdpPort();
  // A random /24 for the tunnel, so two test runs on one machine never configure the same subnet.
  const subnet = `10.213.${randomBytes(1)[0]}`;
  const socketPath = join(options.dir, "server-management.sock");
  const configPath = join(options.dir, "server.conf");
  await writeFile(
    configPath,
    [
      "mode server",
      "tls-server",
      "proto udp4",
      "local 127.0.0.1",
      `port ${port}`,
      // A server needs a real tun device (root may open /dev/net/tun here); the client side uses --dev null.
      "dev tun",
      "topology subnet",
      `ifconfig ${subnet}.1 255.255.255.0`,
      `ifconfig-pool ${subnet}.10 ${subnet}.50`,
      'push "topology subnet"',
      `ca ${options.pki.caCertPath}`,
      `cert ${options.pki.serverCertPath}`,
      `key ${options.pki.serverKeyPath}`,
      "dh none",
      // Client VPN with SAML only authenticates users, not client certificates.
      "verify-client-cert none",
      "username-as-common-name",
      `management ${socketPath} unix`,
      "management-client-auth",
      "verb 3",
      "",
    ].join("\n"),
  );
  let output = "";
  const child = spawn(options.openvpnPath, ["--config", configPath], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const socket = await connectWhenReady(socketPath, child, () => output);
  const send = (line: string) => socket.write(`${line}\n`);

  const attempts: LoginAttempt[] = [];
  const sessionIds: string[] = [];
  const pending = new Map<string, string>(); // session id -> IdP request id
  const connectedClients = new Set<string>();
  let establishedCount = 0;
  const establishedWaiters: { count: number; resolve: () => void }[] = [];

  let current: { cid: string; kid: string; env: Map<string, string> } | undefined;
  const dropNextOf = new Set<LoginAttempt["kind"]>();
  /** True (once) when the test asked to drop this kind of login: the client is killed and the login left open. */
  function dropped(kind: LoginAttempt["kind"], cid: string): boolean {
    if (!dropNextOf.delete(kind)) return false;
    send(`client-kill ${cid}`);
    return true;
  }

  function decide(cid: string, kid: string, env: Map<string, string>): void {
    const password = env.get("password") ?? "";
    const placeholder = /^ACS::(\d+)$/.exec(password);
    if (env.get("username") === "N/A" && placeholder) {
      if (dropped("placeholder", cid)) {
        attempts.push({ kind: "placeholder", acsPort: Number(placeholder[1]), sessionId: "" });
        return;
      }
      // Real state ids look like "instance-1/<serial>/<uuid>"; a random one keeps the redaction test honest. It is
      // shorter than a real one so that challenge and password fit stock OpenVPN's 255 characters.
      const sessionId = `i-1/${randomBytes(4).toString("hex")}/${randomBytes(4).toString("hex")}`;
      // An AuthnRequest ID is an XML ID (an NCName), so it must not start with a digit.
      const requestId = `_${randomBytes(6).toString("hex")}`;
      pending.set(sessionId, requestId);
      sessionIds.push(sessionId);
      attempts.push({ kind: "placeholder", acsPort: Number(placeholder[1]), sessionId });
      const user = Buffer.from("N/A").toString("base64");
      const url = options.idp.signInUrl(requestId, Number(placeholder[1]));
      const reason = `CRV1:R,E:${sessionId}:${user}:${url}`;
      // Stock OpenVPN refuses a management argument over 255 characters; say so rather than hang the test.
      if (reason.length > 255) throw new Error(`the test challenge is ${reason.length} characters; stock OpenVPN takes 255`);
      send(`client-deny ${cid} ${kid} "SAML sign-in required" "${reason}"`);
      return;
    }
    const response = /^CRV1::(.+?)::(.*)$/.exec(password);
    if (env.get("username") === "N/A" && response) {
      const [, sessionId, encodedToken] = response;
      if (dropped("challenge-response", cid)) {
        attempts.push({ kind: "challenge-response", accepted: false, sessionId });
        return;
      }
      const requestId = pending.get(sessionId);
      const token = requestId ? options.idp.tokenFor(requestId) : undefined;
      const accepted = token !== undefined && encodedToken === encodeURIComponent(token);
      attempts.push({ kind: "challenge-response", accepted, sessionId });
      if (accepted) {
        pending.delete(sessionId);
        send(`client-auth-nt ${cid} ${kid}`);
      } else {
        send(`client-deny ${cid} ${kid} "SAML response rejected"`);
      }
      return;
    }
    send(`client-deny ${cid} ${kid} "unexpected login"`);
  }

  createInterface({ input: socket }).on("line", (raw) => {
    const line = raw.replace(/\r$/, "");
    const connectLine = /^>CLIENT:(?:CONNECT|REAUTH),(\d+),(\d+)/.exec(line);
    if (connectLine) {
      current = { cid: connectLine[1], kid: connectLine[2], env: new Map() };
      return;
    }
    if (line.startsWith(">CLIENT:ENV,") && current) {
      const entry = line.slice(">CLIENT:ENV,".length);
      if (entry === "END") {
        decide(current.cid, current.kid, current.env);
        current = undefined;
      } else {
        const equals = entry.indexOf("=");
        current.env.set(entry.slice(0, equals), entry.slice(equals + 1));
      }
      return;
    }
    const established = /^>CLIENT:ESTABLISHED,(\d+)/.exec(line);
    if (established) {
      connectedClients.add(established[1]);
      establishedCount += 1;
      for (const waiter of establishedWaiters.filter((w) => w.count <= establishedCount)) waiter.resolve();
      return;
    }
    const disconnected = /^>CLIENT:DISCONNECT,(\d+)/.exec(line);
    if (disconnected) connectedClients.delete(disconnected[1]);
  });

  return {
    port,
    attempts,
    sessionIds,
    established: (count) =>
      count <= establishedCount ? Promise.resolve() : new Promise((resolve) => establishedWaiters.push({ count, resolve })),
    endSessions: () => {
      for (const cid of connectedClients) send(`client-kill ${cid}`);
    },
    dropNext: (kind) => {
      dropNextOf.add(kind);
    },
    log: () => output,
    stop: async () => {
      socket.destroy();
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

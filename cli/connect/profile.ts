/**
 * Reading and rewriting the OpenVPN profile that AWS Client VPN exports (and that this project generates).
 *
 * The profile is kept as its original lines so that everything we do not touch, including inline blocks such as
 * `<ca>…</ca>`, comes out byte for byte. Only directives are interpreted; a line inside an inline block is never
 * mistaken for one.
 */

export type Transport = "udp" | "tcp";

export interface RemoteEndpoint {
  host: string;
  port: number;
  transport: Transport;
}

type ProfileLine =
  | { kind: "directive"; name: string; args: string[]; text: string }
  | { kind: "verbatim"; text: string };

export interface Profile {
  lines: ProfileLine[];
  remotes: RemoteEndpoint[];
  randomHostname: boolean;
  federated: boolean;
}

export class ProfileError extends Error {
  override readonly name = "ProfileError";
}

// OpenVPN's defaults when a `remote` line leaves the port or protocol out (openvpn(8), --remote, --port, --proto).
const DEFAULT_PORT = 1194;
const DEFAULT_TRANSPORT: Transport = "udp";

/**
 * Directives the two-step SAML flow must not hand to OpenVPN:
 * - `auth-federate` is AWS's own keyword; stock and patched OpenVPN both refuse it as unknown.
 * - `auth-user-pass`, `auth-retry` and `auth-nocache`: the CLI supplies the credentials itself through the
 *   management interface and passes its own settings on the command line.
 * - `remote`, `remote-random-hostname`: replaced by one `remote` pinned to the address resolved once, because the
 *   SAML session is tied to the server that issued the challenge.
 * - `management*`: the CLI owns the management interface and puts it on a private unix socket.
 */
const DIRECTIVES_REPLACED = new Set([
  "auth-federate",
  "auth-user-pass",
  "auth-retry",
  "auth-nocache",
  "remote",
  "remote-random-hostname",
]);

function isReplaced(name: string): boolean {
  return DIRECTIVES_REPLACED.has(name) || name.startsWith("management");
}

function parseTransport(value: string, where: string): Transport {
  // OpenVPN accepts udp, udp4, udp6, tcp, tcp-client, tcp4, tcp6, tcp4-client, tcp6-client for a client.
  if (/^udp[46]?$/.test(value)) return "udp";
  if (/^tcp[46]?(-client)?$/.test(value)) return "tcp";
  throw new ProfileError(`${where}: unsupported protocol "${value}"; use udp or tcp.`);
}

function parsePort(value: string, where: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
    throw new ProfileError(`${where}: port "${value}" is not a number between 1 and 65535.`);
  }
  return port;
}

export function parseProfile(text: string, source = "profile"): Profile {
  const lines: ProfileLine[] = [];
  let openBlock: string | undefined;
  let defaultTransport: Transport = DEFAULT_TRANSPORT;
  let defaultPort = DEFAULT_PORT;
  const remoteLines: { args: string[]; where: string }[] = [];
  let randomHostname = false;
  let federated = false;

  text.split(/\r?\n/).forEach((raw, index) => {
    const where = `${source} line ${index + 1}`;
    const trimmed = raw.trim();
    if (openBlock !== undefined) {
      if (trimmed === `</${openBlock}>`) openBlock = undefined;
      lines.push({ kind: "verbatim", text: raw });
      return;
    }
    const blockStart = /^<([A-Za-z0-9-]+)>$/.exec(trimmed);
    if (blockStart?.[1] === "connection") {
      // Its remotes could not be pinned; AWS's exported profiles never use <connection> blocks.
      throw new ProfileError(`${where}: <connection> blocks are not supported; use a single "remote" line.`);
    }
    if (blockStart) {
      openBlock = blockStart[1];
      lines.push({ kind: "verbatim", text: raw });
      return;
    }
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith(";")) {
      lines.push({ kind: "verbatim", text: raw });
      return;
    }
    const [rawName, ...args] = trimmed.split(/\s+/);
    // A leading "--" is allowed in config files as on the command line.
    const name = rawName.replace(/^--/, "");
    lines.push({ kind: "directive", name, args, text: raw });
    switch (name) {
      case "proto":
        defaultTransport = parseTransport(args[0] ?? "", where);
        break;
      case "port":
        defaultPort = parsePort(args[0] ?? "", where);
        break;
      case "remote":
        remoteLines.push({ args, where });
        break;
      case "remote-random-hostname":
        randomHostname = true;
        break;
      case "auth-federate":
        federated = true;
        break;
    }
  });
  if (openBlock !== undefined) {
    throw new ProfileError(`${source}: the inline block <${openBlock}> is never closed with </${openBlock}>.`);
  }
  if (remoteLines.length === 0) {
    throw new ProfileError(
      `${source}: no "remote" line. Use the client configuration downloaded for the Client VPN endpoint.`,
    );
  }
  // Ports and protocols are resolved after the whole file is read, as OpenVPN does: `proto` may follow `remote`.
  const remotes = remoteLines.map(({ args, where }) => {
    if (!args[0]) throw new ProfileError(`${where}: "remote" needs a host name.`);
    return {
      host: args[0],
      port: args[1] ? parsePort(args[1], where) : defaultPort,
      transport: args[2] ? parseTransport(args[2], where) : defaultTransport,
    };
  });
  return { lines, remotes, randomHostname, federated };
}

/**
 * The profile handed to OpenVPN: every line kept in place except the replaced directives, and a single `remote`
 * with the pinned address where the first `remote` stood.
 */
export function rewriteProfile(profile: Profile, pinned: { address: string; port: number; transport: Transport }): string {
  const out: string[] = [];
  let remoteWritten = false;
  for (const line of profile.lines) {
    if (line.kind === "directive" && isReplaced(line.name)) {
      if (line.name === "remote" && !remoteWritten) {
        out.push(`remote ${pinned.address} ${pinned.port} ${pinned.transport}`);
        remoteWritten = true;
      }
      continue;
    }
    out.push(line.text);
  }
  return out.join("\n");
}

/**
 * Reading the OpenVPN profile that AWS Client VPN exports (and that this project generates), and writing the one
 * OpenVPN is given.
 *
 * The profile comes from outside (a download, an e-mail) and OpenVPN runs it as root, so it is treated as hostile:
 * it is read with OpenVPN's own syntax (openvpn-config-syntax.ts), every directive is checked against the allow-list
 * (profile-directives.ts), and every problem is reported in one message before anything runs. OpenVPN never sees
 * the file itself: it gets a profile written anew from the checked directives, so no line can mean one thing to
 * the check and another to OpenVPN.
 */
import { closesInlineBlock, configLines, directiveName, formatDirective, inlineBlockName, tokenizeLine } from "./openvpn-config-syntax";
import { AWS_CLIENT_DIRECTIVES_URL, classifyDirective } from "./profile-directives";

export type Transport = "udp" | "tcp";

export interface RemoteEndpoint {
  host: string;
  port: number;
  transport: Transport;
}

type ProfileEntry =
  | { kind: "directive"; words: string[] }
  | { kind: "block"; name: string; lines: string[] }
  /** Where the first `remote` stood: the pinned address goes here. */
  | { kind: "remote" };

export interface Profile {
  entries: ProfileEntry[];
  remotes: RemoteEndpoint[];
  randomHostname: boolean;
  federated: boolean;
  /** Things left out that the user should know about. */
  notes: string[];
}

export class ProfileError extends Error {
  override readonly name = "ProfileError";
}

/** A Client VPN profile is a few KB: a dozen directives and the CA chain (with a client certificate and key for
 * mutual authentication). Anything much larger is not one, and is refused before it is read whole. */
export const MAX_PROFILE_BYTES = 64 * 1024;

// OpenVPN's defaults when a `remote` line leaves the port or protocol out (openvpn(8), --remote, --port, --proto).
const DEFAULT_PORT = 1194;
const DEFAULT_TRANSPORT: Transport = "udp";

function parseTransport(value: string): Transport | undefined {
  // OpenVPN accepts udp, udp4, udp6, tcp, tcp-client, tcp4, tcp6, tcp4-client, tcp6-client for a client.
  if (/^udp[46]?$/.test(value)) return "udp";
  if (/^tcp[46]?(-client)?$/.test(value)) return "tcp";
  return undefined;
}

function validPort(value: string): boolean {
  const port = Number(value);
  return /^\d+$/.test(value) && port >= 1 && port <= 65535;
}

interface Problems {
  syntax: string[];
  refused: string[];
}

export function parseProfile(text: string, source = "profile"): Profile {
  const entries: ProfileEntry[] = [];
  const notes: string[] = [];
  const problems: Problems = { syntax: [], refused: [] };
  const remoteLines: { args: string[]; where: string }[] = [];
  let protoValue: { value: string; where: string } | undefined;
  let randomHostname = false;
  let federated = false;
  let openBlock: { name: string; lines: string[]; keep: boolean; where: string } | undefined;

  if (text.includes("\0")) problems.syntax.push(`${source}: contains a NUL byte; a profile is plain text.`);
  configLines(text).forEach((raw, index) => {
    const where = `${source} line ${index + 1}`;
    const line = raw.replace(/\r$/, "");
    if (openBlock) {
      if (closesInlineBlock(line, openBlock.name)) {
        if (openBlock.keep) entries.push({ kind: "block", name: openBlock.name, lines: openBlock.lines });
        openBlock = undefined;
      } else if (line.includes("<") || line.includes(">")) {
        // OpenVPN reads long lines in pieces, so a "<" anywhere could start a piece that closes the block early.
        problems.syntax.push(`${where}: the <${openBlock.name}> block holds a "<" or ">"; it may only hold PEM text.`);
      } else {
        openBlock.lines.push(line);
      }
      return;
    }
    const tokens = tokenizeLine(line);
    if (!tokens.ok) {
      problems.syntax.push(`${where}: ${tokens.problem}.`);
      return;
    }
    if (tokens.words.length === 0) return;
    const block = inlineBlockName(tokens.words);
    if (block !== undefined) {
      const verdict = classifyDirective(block, true);
      if (verdict.kind === "refused") problems.refused.push(`${where}: <${block}> ${verdict.reason}`);
      openBlock = { name: block, lines: [], keep: verdict.kind === "keep", where };
      return;
    }
    const name = directiveName(tokens.words[0]);
    const args = tokens.words.slice(1);
    const verdict = classifyDirective(name, false);
    switch (verdict.kind) {
      case "refused":
        problems.refused.push(`${where}: ${name} ${verdict.reason}`);
        return;
      case "inline-only":
        problems.syntax.push(`${where}: ${name} names a file that OpenVPN would open as root; paste the file's contents into a <${name}>…</${name}> block instead`);
        return;
      case "left-out":
        notes.push(verdict.note);
        return;
      case "replaced":
        if (name === "remote") {
          if (remoteLines.length === 0) entries.push({ kind: "remote" });
          remoteLines.push({ args, where });
        }
        if (name === "remote-random-hostname") randomHostname = true;
        if (name === "auth-federate") federated = true;
        return;
      case "keep":
        if (name === "proto") protoValue = { value: args[0] ?? "", where };
        entries.push({ kind: "directive", words: [name, ...args] });
        return;
    }
  });
  if (openBlock) problems.syntax.push(`${openBlock.where}: the inline block <${openBlock.name}> is never closed with </${openBlock.name}>.`);

  // Ports and protocols are resolved after the whole file is read, as OpenVPN does: `proto` may follow `remote`.
  let defaultTransport = DEFAULT_TRANSPORT;
  if (protoValue) {
    const transport = parseTransport(protoValue.value);
    if (transport) defaultTransport = transport;
    else problems.syntax.push(`${protoValue.where}: unsupported protocol "${protoValue.value}"; use udp or tcp.`);
  }
  const remotes: RemoteEndpoint[] = [];
  for (const { args, where } of remoteLines) {
    const [host, port, proto] = args;
    if (!host) {
      problems.syntax.push(`${where}: "remote" needs a host name.`);
      continue;
    }
    if (port !== undefined && !validPort(port)) {
      problems.syntax.push(`${where}: port "${port}" is not a number between 1 and 65535.`);
      continue;
    }
    const transport = proto === undefined ? defaultTransport : parseTransport(proto);
    if (!transport) {
      problems.syntax.push(`${where}: unsupported protocol "${proto}"; use udp or tcp.`);
      continue;
    }
    remotes.push({ host, port: port === undefined ? DEFAULT_PORT : Number(port), transport });
  }
  if (remoteLines.length === 0) {
    problems.syntax.push(`${source}: no "remote" line. Use the client configuration downloaded for the Client VPN endpoint.`);
  }
  const message = describeProblems(source, problems);
  if (message) throw new ProfileError(message);
  return { entries, remotes, randomHostname, federated, notes };
}

function describeProblems(source: string, { syntax, refused }: Problems): string | undefined {
  const all = [...syntax, ...refused];
  if (all.length === 0) return undefined;
  const footer = refused.length
    ? `\nOnly the OpenVPN directives the AWS provided client accepts are allowed (${AWS_CLIENT_DIRECTIVES_URL}). ` +
      "Nothing was run. Remove these lines, or download the client configuration from the Client VPN console again."
    : "";
  if (all.length === 1) return `${all[0]}${footer}`;
  return `${source} has ${all.length} problems:\n${all.map((problem) => `  - ${problem}`).join("\n")}${footer}`;
}

/**
 * The profile handed to OpenVPN, written anew from the checked directives in their order: inline blocks as they
 * were, and a single `remote` with the pinned address where the first `remote` stood.
 */
export function renderProfileForOpenvpn(profile: Profile, pinned: { address: string; port: number; transport: Transport }): string {
  const out: string[] = [];
  for (const entry of profile.entries) {
    if (entry.kind === "remote") out.push(formatDirective(["remote", pinned.address, String(pinned.port), pinned.transport]));
    else if (entry.kind === "directive") out.push(formatDirective(entry.words));
    else out.push(`<${entry.name}>`, ...entry.lines, `</${entry.name}>`);
  }
  return `${out.join("\n")}\n`;
}

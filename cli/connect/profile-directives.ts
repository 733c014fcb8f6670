/**
 * Which directives a profile may carry. OpenVPN runs as root, and many of its directives run programs, load
 * plugins or write files (`up`, `tls-verify`, `plugin`, `log`, `writepid`, ...), so a profile is read against an
 * allow-list, never a deny-list: anything not on it is refused before OpenVPN starts.
 *
 * The list is the fixed set of OpenVPN directives the AWS provided client accepts, from the AWS Client VPN User
 * Guide, "OpenVPN directives" (https://docs.aws.amazon.com/vpn/latest/clientvpn-user/connect-aws-client-vpn-connect.html#support-openvpn):
 * auth-federate, auth-nocache, auth-retry, auth-user-pass, aws-auth-device-posture, block-outside-dns, ca, cert,
 * cipher, client, connect-retry, connect-retry-max, cryptoapicert, dev, dev-type, dhcp-option, ifconfig-ipv6,
 * inactive, keepalive, key, mssfix, nobind, persist-key, persist-tun, ping, ping-exit, ping-restart, proto, pull,
 * pull-filter, remote, remote-cert-tls, remote-random-hostname, reneg-sec, resolv-retry, route, route-ipv6,
 * server-poll-timeout, static-challenge, tun-mtu, verb, verify-x509-name.
 * The same page says that from version 6.0 the AWS client also refuses rcvbuf, tap-sleep and tun-mtu-extra, so a
 * profile that AWS's own client imports is accepted here. None of the listed directives runs a program.
 *
 * A few on the list need care on Linux, where stock OpenVPN 2.6 refuses the Windows-only ones outright
 * ("Options error: Unrecognized option", checked with OpenVPN 2.6.14):
 * - ca, cert and key name a file OpenVPN would open as root; only their inline blocks (<ca>…</ca>) are accepted.
 * - block-outside-dns is Windows-only DNS leak protection; it is left out and the user is told.
 * - cryptoapicert reads the Windows certificate store; aws-auth-device-posture needs the AWS client ("Device posture
 *   is not supported with other OpenVPN clients", same page). Both are refused with their reason.
 * - auth-*, remote and remote-random-hostname are replaced by the CLI's own settings (see profile.ts).
 */

export const AWS_CLIENT_DIRECTIVES_URL =
  "https://docs.aws.amazon.com/vpn/latest/clientvpn-user/connect-aws-client-vpn-connect.html#support-openvpn";

/** Passed to OpenVPN as written. */
const KEPT = new Set([
  "cipher", "client", "connect-retry", "connect-retry-max", "dev", "dev-type", "dhcp-option", "ifconfig-ipv6",
  "inactive", "keepalive", "mssfix", "nobind", "persist-key", "persist-tun", "ping", "ping-exit", "ping-restart",
  "proto", "pull", "pull-filter", "remote-cert-tls", "reneg-sec", "resolv-retry", "route", "route-ipv6",
  "server-poll-timeout", "static-challenge", "tun-mtu", "verb", "verify-x509-name",
]);

/** Accepted only as inline blocks. */
const INLINE_ONLY = new Set(["ca", "cert", "key"]);

/**
 * Replaced by the CLI: it signs in itself through the management interface with its own auth settings
 * (auth-federate is AWS's keyword, unknown to OpenVPN), and pins one resolved address in place of `remote`.
 */
const REPLACED = new Set(["auth-federate", "auth-user-pass", "auth-retry", "auth-nocache", "remote", "remote-random-hostname"]);

const LEFT_OUT_WITH_NOTE: Record<string, string> = {
  "block-outside-dns": "block-outside-dns is Windows-only (OpenVPN on Linux refuses it); it was left out.",
};

const REFUSED_ON_LINUX: Record<string, string> = {
  cryptoapicert: "reads the Windows certificate store; put the certificate and key in <cert> and <key> blocks instead",
  "aws-auth-device-posture":
    "asks for device posture, which only the AWS provided client (6.2.0 or later) supports; connect with that client",
};

/** Why a directive off the list is dangerous, for the ones a hostile profile would use. */
const DANGER: Record<string, string> = {};
for (const name of [
  "up", "down", "route-up", "route-pre-down", "ipchange", "tls-verify", "learn-address", "client-connect",
  "client-disconnect", "auth-user-pass-verify", "tls-crypt-v2-verify", "iproute",
]) {
  DANGER[name] = "runs a program as root";
}
DANGER["script-security"] = "lets the profile run scripts";
DANGER.plugin = "loads a library into OpenVPN as root";
DANGER.config = "reads another configuration file";
for (const name of ["log", "log-append", "status", "writepid", "replay-persist", "tmp-dir", "cd", "chroot", "tls-export-cert"]) {
  DANGER[name] = "writes files or changes directory as root";
}
for (const name of ["management", "management-client", "management-hold", "management-query-passwords"]) {
  DANGER[name] = "opens OpenVPN's control interface, which the CLI owns";
}

export type DirectiveVerdict =
  | { kind: "keep" }
  | { kind: "replaced" }
  | { kind: "inline-only" }
  | { kind: "left-out"; note: string }
  | { kind: "refused"; reason: string };

/** What the CLI does with directive `name` (a directive line, or an inline block when `inline`). */
export function classifyDirective(name: string, inline: boolean): DirectiveVerdict {
  if (inline) {
    if (INLINE_ONLY.has(name)) return { kind: "keep" };
    // <auth-user-pass> holds a username and password; the CLI signs in itself.
    // Stryker disable next-line ObjectLiteral: parseProfile keeps an inline block only when its verdict is "keep", so any other verdict drops it alike
    if (name === "auth-user-pass") return { kind: "replaced" };
    return { kind: "refused", reason: DANGER[name] ?? "not an inline block a Client VPN profile uses" };
  }
  if (REPLACED.has(name)) return { kind: "replaced" };
  if (INLINE_ONLY.has(name)) return { kind: "inline-only" };
  if (KEPT.has(name)) return { kind: "keep" };
  if (name in LEFT_OUT_WITH_NOTE) return { kind: "left-out", note: LEFT_OUT_WITH_NOTE[name] };
  if (name in REFUSED_ON_LINUX) return { kind: "refused", reason: REFUSED_ON_LINUX[name] };
  return { kind: "refused", reason: DANGER[name] ?? "not accepted by the AWS provided client" };
}

/**
 * Resolving the endpoint once and pinning the address for both logins.
 *
 * The session that the first login opens lives on the server instance that issued the challenge, so the second
 * login must reach the same address; a fresh lookup of the endpoint name can return another instance and fail with
 * AUTH_FAILED (samm-git/aws-vpn-client resolves once with `dig` and passes the IP for this reason:
 * https://github.com/samm-git/aws-vpn-client/blob/master/aws-connect.sh).
 *
 * `remote-random-hostname` asks for a random label in front of the name so that no DNS cache returns a stale
 * instance. AWS requires it: "This parameter forces the client to prepend a random string to the DNS name to prevent
 * DNS caching", and its troubleshooting guide calls that string "required" for the name to resolve
 * (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/troubleshooting.html#resolve-host-name).
 * OpenVPN's own implementation prepends 6 random bytes as 12 hex digits (openvpn(8), --remote-random-hostname);
 * we do the same.
 */
import { randomBytes } from "node:crypto";
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { RemoteEndpoint } from "./profile";

export type Lookup = (hostname: string) => Promise<{ address: string; family: number }>;

export interface PinnedEndpoint extends RemoteEndpoint {
  /** The name that was actually resolved (with the random label, when one was asked for). */
  resolvedName: string;
  address: string;
}

export class ResolutionError extends Error {
  override readonly name = "ResolutionError";
}

export function randomLabel(bytes: (size: number) => Buffer = randomBytes): string {
  return bytes(6).toString("hex");
}

export function nameToResolve(host: string, randomHostname: boolean, label: string): string {
  if (!randomHostname || isIP(host) !== 0) return host;
  return `${label}.${host}`;
}

export async function pinEndpoint(
  remote: RemoteEndpoint,
  randomHostname: boolean,
  options: { lookup?: Lookup; label?: string } = {},
): Promise<PinnedEndpoint> {
  if (isIP(remote.host) !== 0) return { ...remote, resolvedName: remote.host, address: remote.host };
  const lookup = options.lookup ?? ((hostname: string) => dnsLookup(hostname));
  const resolvedName = nameToResolve(remote.host, randomHostname, options.label ?? randomLabel());
  try {
    const { address } = await lookup(resolvedName);
    return { ...remote, resolvedName, address };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ResolutionError(
      `cannot resolve ${resolvedName} (${code}). Check the "remote" line of the profile and your DNS.`,
    );
  }
}

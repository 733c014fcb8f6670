import { Address4 } from "ip-address";

/** An IPv4 network in CIDR form, with its range as integers for overlap arithmetic. */
export interface Ipv4Network {
  /** Canonical text, e.g. "10.1.0.0/16". */
  cidr: string;
  prefixLength: number;
  first: bigint;
  last: bigint;
}

export type CidrParseResult = { ok: true; network: Ipv4Network } | { ok: false; reason: string };

/**
 * Parses an IPv4 CIDR and insists on the network address: AWS rejects "10.1.2.3/16"
 * for client CIDRs and route destinations, so we say so with the corrected form.
 */
export function parseIpv4Cidr(text: string): CidrParseResult {
  const trimmed = text.trim();
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(trimmed)) {
    return { ok: false, reason: `"${text}" is not an IPv4 CIDR such as 10.0.0.0/16` };
  }
  let address: Address4;
  try {
    address = new Address4(trimmed);
  } catch {
    return { ok: false, reason: `"${text}" is not an IPv4 CIDR such as 10.0.0.0/16` };
  }
  const prefixLength = address.subnetMask;
  if (prefixLength > 32) {
    return { ok: false, reason: `"${text}" has a prefix longer than /32` };
  }
  const start = address.startAddress();
  const cidr = `${start.correctForm()}/${prefixLength}`;
  if (`${address.correctForm()}/${prefixLength}` !== cidr) {
    return { ok: false, reason: `"${text}" has host bits set; the network is ${cidr}` };
  }
  return { ok: true, network: { cidr, prefixLength, first: start.bigInt(), last: address.endAddress().bigInt() } };
}

/** Parses a CIDR the program itself produced or AWS returned; a malformed one is a bug, not user input. */
export function ipv4Network(text: string): Ipv4Network {
  const parsed = parseIpv4Cidr(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.network;
}

export function isIpv4Address(text: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) && Address4.isValid(text);
}

export function overlaps(a: Ipv4Network, b: Ipv4Network): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** True when every address of `inner` lies in `outer`. */
export function contains(outer: Ipv4Network, inner: Ipv4Network): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

export function containsAddress(network: Ipv4Network, address: string): boolean {
  const value = new Address4(address).bigInt();
  return network.first <= value && value <= network.last;
}

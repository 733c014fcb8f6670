import { Address4, Address6 } from "ip-address";

/** An IPv4 or IPv6 network as an inclusive range of addresses. */
export interface Network {
  cidr: string;
  version: 4 | 6;
  prefixLength: number;
  first: bigint;
  last: bigint;
}

/** Parses "10.0.0.0/16" or "fd00::/8"; undefined when the text is not a CIDR block. */
export function parseCidr(cidr: string): Network | undefined {
  if (!cidr.includes("/")) return undefined;
  try {
    const address = Address4.isValid(cidr) ? new Address4(cidr) : new Address6(cidr);
    return {
      cidr,
      version: address instanceof Address4 ? 4 : 6,
      prefixLength: address.subnetMask,
      first: address.startAddress().bigInt(),
      last: address.endAddress().bigInt(),
    };
  } catch {
    return undefined;
  }
}

/** True when every address of `inner` lies in `outer`. */
export function contains(outer: Network, inner: Network): boolean {
  return outer.version === inner.version && outer.first <= inner.first && inner.last <= outer.last;
}

/** True when the two networks share at least one address. */
export function overlaps(a: Network, b: Network): boolean {
  return a.version === b.version && a.first <= b.last && b.first <= a.last;
}

/** True for 0.0.0.0/0 and ::/0: every address of the family, which means "the internet". */
export function isWholeAddressSpace(network: Network): boolean {
  return network.prefixLength === 0;
}

/** Parses every entry of a configured CIDR list, or throws an error naming the setting and the bad entry. */
export function parseConfiguredCidrs(setting: string, cidrs: string[]): Network[] {
  return cidrs.map((cidr, index) => {
    const network = parseCidr(cidr);
    if (!network) {
      throw new Error(`Policy config ${setting}[${index}] is "${cidr}", which is not a CIDR block such as "10.0.0.2/32". Fix the entry.`);
    }
    return network;
  });
}

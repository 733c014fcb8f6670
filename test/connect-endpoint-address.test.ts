import { describe, expect, it } from "vitest";
import { nameToResolve, pinEndpoint, randomLabel, ResolutionError, type Lookup } from "../cli/connect/endpoint-address";

const ENDPOINT = { host: "cvpn-endpoint-0123456789abcdef0.prod.clientvpn.eu-west-2.amazonaws.com", port: 443, transport: "udp" as const };

function recordingLookup(address = "203.0.113.10"): Lookup & { names: string[] } {
  const names: string[] = [];
  const lookup = async (name: string) => {
    names.push(name);
    return { address, family: 4 };
  };
  return Object.assign(lookup, { names });
}

describe("randomLabel", () => {
  it("is 12 hex digits from 6 random bytes, as OpenVPN's remote-random-hostname", () => {
    expect(randomLabel(() => Buffer.from([0, 1, 0xab, 0xcd, 0xef, 0xff]))).toBe("0001abcdefff");
    expect(randomLabel()).toMatch(/^[0-9a-f]{12}$/);
  });

  it("differs between calls", () => {
    expect(randomLabel()).not.toBe(randomLabel());
  });
});

describe("nameToResolve", () => {
  it.each([
    ["prepends the label when asked", ENDPOINT.host, true, `abc123abc123.${ENDPOINT.host}`],
    ["leaves the name alone without remote-random-hostname", ENDPOINT.host, false, ENDPOINT.host],
    ["never prefixes an IPv4 address", "198.51.100.4", true, "198.51.100.4"],
    ["never prefixes an IPv6 address", "2001:db8::4", true, "2001:db8::4"],
  ])("%s", (_name, host, random, expected) => {
    expect(nameToResolve(host, random, "abc123abc123")).toBe(expected);
  });
});

describe("pinEndpoint", () => {
  it("resolves the randomised name once and pins the address with the endpoint's port and transport", async () => {
    const lookup = recordingLookup();
    const pinned = await pinEndpoint(ENDPOINT, true, { lookup, label: "0a0b0c0d0e0f" });
    expect(lookup.names).toEqual([`0a0b0c0d0e0f.${ENDPOINT.host}`]);
    expect(pinned).toEqual({ ...ENDPOINT, resolvedName: `0a0b0c0d0e0f.${ENDPOINT.host}`, address: "203.0.113.10" });
  });

  it("does not look up an address that is already an IP", async () => {
    const lookup = recordingLookup();
    const pinned = await pinEndpoint({ ...ENDPOINT, host: "127.0.0.1" }, true, { lookup });
    expect(lookup.names).toEqual([]);
    expect(pinned.address).toBe("127.0.0.1");
  });

  it("names the host and the DNS error when resolution fails", async () => {
    const failing: Lookup = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    const attempt = pinEndpoint(ENDPOINT, false, { lookup: failing });
    await expect(attempt).rejects.toThrow(ResolutionError);
    await expect(pinEndpoint(ENDPOINT, false, { lookup: failing })).rejects.toThrow(`cannot resolve ${ENDPOINT.host} (ENOTFOUND)`);
  });
});

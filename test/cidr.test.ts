import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { contains, containsAddress, ipv4Network, isIpv4Address, overlaps, parseIpv4Cidr } from "../components/cidr";

describe("parseIpv4Cidr", () => {
  it.each([
    ["10.0.0.0/16", "10.0.0.0/16"],
    [" 172.20.0.0/22 ", "172.20.0.0/22"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["10.2.0.10/32", "10.2.0.10/32"],
  ])("accepts %s as %s", (text, cidr) => {
    const parsed = parseIpv4Cidr(text);
    expect(parsed.ok && parsed.network.cidr).toBe(cidr);
  });

  it.each([
    ["10.0.0.0", /not an IPv4 CIDR/],
    ["10.0.0.0/33", /not an IPv4 CIDR|longer than/],
    ["300.0.0.0/8", /not an IPv4 CIDR/],
    ["10.0.0.1/16", /host bits set; the network is 10\.0\.0\.0\/16/],
    ["fd00::/8", /not an IPv4 CIDR/],
    ["", /not an IPv4 CIDR/],
  ])("refuses %s", (text, reason) => {
    const parsed = parseIpv4Cidr(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});

describe("network relations", () => {
  it.each([
    ["10.0.0.0/16", "10.0.255.0/24", true, true],
    ["10.0.0.0/16", "10.1.0.0/16", false, false],
    ["10.0.0.0/8", "10.200.0.0/16", true, true],
    ["10.0.0.0/24", "10.0.0.0/16", true, false],
  ])("%s and %s: overlap %s, contains %s", (a, b, overlap, contain) => {
    expect(overlaps(ipv4Network(a), ipv4Network(b))).toBe(overlap);
    expect(contains(ipv4Network(a), ipv4Network(b))).toBe(contain);
  });

  it("finds an address inside a network and not outside it", () => {
    expect(containsAddress(ipv4Network("10.2.0.0/16"), "10.2.0.10")).toBe(true);
    expect(containsAddress(ipv4Network("10.2.0.0/16"), "10.3.0.10")).toBe(false);
  });

  it("recognises IPv4 addresses only", () => {
    expect([isIpv4Address("10.2.0.10"), isIpv4Address("10.2.0.256"), isIpv4Address("resolver"), isIpv4Address("10.2.0.0/16")]).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });

  it("overlap is symmetric and every network overlaps what it contains (property)", () => {
    const network = fc
      .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }))
      .map(([address, prefix]) => {
        const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
        const base = (address & mask) >>> 0;
        return ipv4Network(`${base >>> 24}.${(base >>> 16) & 255}.${(base >>> 8) & 255}.${base & 255}/${prefix}`);
      });
    fc.assert(
      fc.property(network, network, (a, b) => {
        expect(overlaps(a, b)).toBe(overlaps(b, a));
        if (contains(a, b)) expect(overlaps(a, b)).toBe(true);
      }),
    );
  });
});

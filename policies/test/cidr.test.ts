import { describe, expect, it } from "vitest";
import { contains, isWholeAddressSpace, overlaps, parseCidr, parseConfiguredCidrs } from "../lib/cidr";

const net = (cidr: string) => {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new Error(`test CIDR ${cidr} did not parse`);
  return parsed;
};

describe("CIDR arithmetic", () => {
  it.each(["10.0.0", "10.0.0.0", "10.0.0.0/33", "resolver", "fd00::/129"])("rejects %s", (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it.each([
    ["10.0.0.0/16", "10.0.0.2/32", true],
    ["10.0.0.0/16", "10.0.0.0/16", true],
    ["10.0.0.0/24", "10.0.0.0/16", false],
    ["fd00::/8", "fd12::/64", true],
    ["0.0.0.0/0", "fd12::/64", false],
  ])("%s contains %s: %s", (outer, inner, expected) => {
    expect(contains(net(outer), net(inner))).toBe(expected);
  });

  it.each([
    ["10.250.0.0/22", "10.250.3.0/24", true],
    ["10.250.0.0/22", "10.250.4.0/24", false],
    ["10.0.0.0/8", "10.250.0.0/22", true],
    ["10.250.0.0/22", "fd00::/8", false],
  ])("%s overlaps %s: %s", (a, b, expected) => {
    expect(overlaps(net(a), net(b))).toBe(expected);
    expect(overlaps(net(b), net(a))).toBe(expected);
  });

  it.each([
    ["0.0.0.0/0", true],
    ["::/0", true],
    ["0.0.0.0/1", false],
  ])("%s is the whole address space: %s", (cidr, expected) => {
    expect(isWholeAddressSpace(net(cidr))).toBe(expected);
  });

  it("names the setting and the bad entry of a configured list", () => {
    expect(() => parseConfiguredCidrs("policy.list", ["10.0.0.2/32", "dns"])).toThrow('Policy config policy.list[1] is "dns"');
  });
});

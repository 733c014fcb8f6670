import { describe, expect, it } from "vitest";
import { parsePlanNetwork, planNetworkKey } from "../cli/plan/plan-network";

const vpn = { vpcId: "vpc-0a1b2c3d4e5f60718", subnetIds: ["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88"] };
const withNetwork = (value: unknown, region = "us-east-1") => ({
  "aws:region": region,
  [planNetworkKey]: typeof value === "string" ? value : JSON.stringify(value),
});
const good = {
  vpcCidrs: ["10.0.0.0/16", "100.64.0.0/16"],
  subnets: {
    "subnet-0aa11bb22cc33dd44": { availabilityZone: "us-east-1a", cidr: "10.0.0.0/24" },
    "subnet-0ee55ff66aa77bb88": { availabilityZone: "us-east-1b", cidr: "10.0.1.0/24", vpcId: "vpc-0ffffffffffffffff" },
  },
};

describe("clientvpn-federation:planNetwork", () => {
  it("becomes the network facts the lookups answer with, each subnet in vpn.vpcId unless it says otherwise", () => {
    expect(parsePlanNetwork(withNetwork(good), vpn)).toEqual({
      ok: true,
      facts: {
        vpcCidrs: ["10.0.0.0/16", "100.64.0.0/16"],
        subnets: [
          { id: "subnet-0aa11bb22cc33dd44", vpcId: "vpc-0a1b2c3d4e5f60718", availabilityZone: "us-east-1a", cidr: "10.0.0.0/24", availableIpAddresses: 251 },
          { id: "subnet-0ee55ff66aa77bb88", vpcId: "vpc-0ffffffffffffffff", availabilityZone: "us-east-1b", cidr: "10.0.1.0/24", availableIpAddresses: 251 },
        ],
      },
    });
  });

  it("when missing, says what to add, with the stack's own subnet IDs in the example", () => {
    const result = parsePlanNetwork({}, vpn);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].setting).toBe("clientvpn-federation:planNetwork");
    expect(result.problems[0].message).toMatch(/^is not set/);
    expect(result.problems[0].message).toContain("subnet-0aa11bb22cc33dd44: { availabilityZone:");
    expect(result.problems[0].message).toContain("subnet-0ee55ff66aa77bb88: { availabilityZone:");
  });

  const broken = [
    { case: "a CIDR with host bits", value: { ...good, vpcCidrs: ["10.0.0.1/16"] }, setting: "clientvpn-federation:planNetwork.vpcCidrs.0", says: "host bits set" },
    { case: "no VPC CIDR", value: { ...good, vpcCidrs: [] }, setting: "clientvpn-federation:planNetwork.vpcCidrs", says: "at least the VPC's primary CIDR" },
    {
      case: "a subnet without its zone",
      value: { ...good, subnets: { "subnet-0aa11bb22cc33dd44": { cidr: "10.0.0.0/24" } } },
      setting: "clientvpn-federation:planNetwork.subnets.subnet-0aa11bb22cc33dd44.availabilityZone",
      says: "is required",
    },
    {
      case: "a key that is not a subnet ID",
      value: { ...good, subnets: { "my-subnet": { availabilityZone: "us-east-1a", cidr: "10.0.0.0/24" } } },
      setting: "clientvpn-federation:planNetwork.subnets.my-subnet",
      says: "keyed by subnet ID",
    },
    { case: "a misspelt key", value: { ...good, subnet: {} }, setting: "clientvpn-federation:planNetwork", says: 'unknown setting "subnet"' },
    { case: "plain text", value: "10.0.0.0/16", setting: "clientvpn-federation:planNetwork", says: "must be {vpcCidrs, subnets}" },
  ];

  it.each(broken)("refuses $case, naming the setting", ({ value, setting, says }) => {
    const result = parsePlanNetwork(withNetwork(value), vpn);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContainEqual({ setting, message: expect.stringContaining(says) });
  });

  it("takes a subnet without availableIpAddresses as empty: every address but the five AWS reserves", () => {
    const result = parsePlanNetwork(withNetwork({ ...good, subnets: { "subnet-0aa11bb22cc33dd44": { availabilityZone: "us-east-1a", cidr: "10.0.0.0/27" } } }), vpn);
    expect(result.ok && result.facts.subnets[0].availableIpAddresses).toBe(27);
  });

  it("keeps the free addresses the stack writes down", () => {
    const subnets = { "subnet-0aa11bb22cc33dd44": { availabilityZone: "us-east-1a", cidr: "10.0.0.0/24", availableIpAddresses: 12 } };
    const result = parsePlanNetwork(withNetwork({ ...good, subnets }), vpn);
    expect(result.ok && result.facts.subnets[0].availableIpAddresses).toBe(12);
  });

  // What AWS could never answer for this stack: each is one problem naming the subnet's setting.
  const impossible = [
    {
      case: "a subnet in another region's zone",
      subnets: { "subnet-0aa11bb22cc33dd44": { availabilityZone: "eu-west-2a", cidr: "10.0.0.0/24" } },
      setting: "clientvpn-federation:planNetwork.subnets.subnet-0aa11bb22cc33dd44.availabilityZone",
      says: "eu-west-2a is not a zone of aws:region us-east-1",
    },
    {
      case: "a zone of a region whose name starts the same (us-east-10a)",
      subnets: { "subnet-0aa11bb22cc33dd44": { availabilityZone: "us-east-10a", cidr: "10.0.0.0/24" } },
      setting: "clientvpn-federation:planNetwork.subnets.subnet-0aa11bb22cc33dd44.availabilityZone",
      says: "us-east-10a is not a zone of aws:region us-east-1",
    },
    {
      case: "a subnet of the stack's VPC outside its CIDRs",
      subnets: { "subnet-0aa11bb22cc33dd44": { availabilityZone: "us-east-1a", cidr: "192.168.0.0/24" } },
      setting: "clientvpn-federation:planNetwork.subnets.subnet-0aa11bb22cc33dd44.cidr",
      says: "192.168.0.0/24 is outside the VPC's CIDRs (10.0.0.0/16, 100.64.0.0/16)",
    },
  ];

  it.each(impossible)("refuses $case with exactly one problem", ({ subnets, setting, says }) => {
    const result = parsePlanNetwork(withNetwork({ ...good, subnets }), vpn);
    expect(result.ok ? [] : result.problems).toEqual([{ setting, message: expect.stringContaining(says) }]);
  });

  it("accepts a Local Zone of the region, and a subnet of another VPC outside this VPC's CIDRs", () => {
    const subnets = {
      "subnet-0aa11bb22cc33dd44": { availabilityZone: "us-east-1-bos-1a", cidr: "10.0.0.0/24" },
      "subnet-0ee55ff66aa77bb88": { availabilityZone: "us-east-1b", cidr: "172.31.0.0/24", vpcId: "vpc-0ffffffffffffffff" },
    };
    expect(parsePlanNetwork(withNetwork({ ...good, subnets }), vpn).ok).toBe(true);
  });

  it("blames no zone when aws:region itself is mistyped: that is one mistake, reported by the stack's validation", () => {
    expect(parsePlanNetwork(withNetwork(good, "us-east1"), vpn).ok).toBe(true);
  });
});

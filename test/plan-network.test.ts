import { describe, expect, it } from "vitest";
import { parsePlanNetwork, planNetworkKey } from "../cli/plan/plan-network";

const vpn = { vpcId: "vpc-0a1b2c3d4e5f60718", subnetIds: ["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88"] };
const withNetwork = (value: unknown) => ({ [planNetworkKey]: typeof value === "string" ? value : JSON.stringify(value) });
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
          { id: "subnet-0aa11bb22cc33dd44", vpcId: "vpc-0a1b2c3d4e5f60718", availabilityZone: "us-east-1a", cidr: "10.0.0.0/24" },
          { id: "subnet-0ee55ff66aa77bb88", vpcId: "vpc-0ffffffffffffffff", availabilityZone: "us-east-1b", cidr: "10.0.1.0/24" },
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
});

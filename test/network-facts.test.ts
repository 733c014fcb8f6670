import { describe, expect, it } from "vitest";
import { parseStackConfig, StackConfig } from "../components/config";
import { checkNetworkFacts, NetworkFacts } from "../components/network-facts";
import { exampleNetworkFacts, exampleNow, exampleRawConfig } from "./support/example-stack";

function exampleConfig(): StackConfig {
  const result = parseStackConfig(exampleRawConfig(), exampleNow);
  if (!result.ok) throw new Error("example stack invalid");
  return result.config;
}

const withFacts = (edit: (facts: NetworkFacts) => void) => {
  const facts = structuredClone(exampleNetworkFacts);
  edit(facts);
  const config = exampleConfig();
  return checkNetworkFacts(config.vpn, config.access, facts);
};

describe("checks against the looked-up VPC and subnets", () => {
  it("accepts the example stack's network", () => {
    expect(withFacts(() => {})).toEqual([]);
  });

  it.each([
    {
      case: "two subnets in one availability zone",
      edit: (f: NetworkFacts) => (f.subnets[1].availabilityZone = "us-east-1a"),
      setting: "vpn.subnetIds[1]",
      says: /in us-east-1a like subnet-0aa11bb22cc33dd44; Client VPN associates one subnet per availability zone/,
    },
    {
      case: "a subnet of another VPC",
      edit: (f: NetworkFacts) => (f.subnets[0].vpcId = "vpc-0fffffffffffffff0"),
      setting: "vpn.subnetIds[0]",
      says: /is in vpc-0fffffffffffffff0, not in vpn.vpcId/,
    },
    {
      case: "a subnet smaller than /27",
      edit: (f: NetworkFacts) => (f.subnets[0].cidr = "10.0.0.0/28"),
      setting: "vpn.subnetIds[0]",
      says: /must be \/27 or larger/,
    },
    {
      case: "a subnet with 19 free addresses",
      edit: (f: NetworkFacts) => (f.subnets[1].availableIpAddresses = 19),
      setting: "vpn.subnetIds[1]",
      says: /^subnet-0ee55ff66aa77bb88 has 19 free IP addresses; Client VPN needs at least 20 free at all times/,
    },
    {
      case: "a subnet that does not exist",
      edit: (f: NetworkFacts) => f.subnets.splice(1, 1),
      setting: "vpn.subnetIds[1]",
      says: /not found/,
    },
    {
      case: "a client CIDR inside the VPC",
      edit: (f: NetworkFacts) => f.vpcCidrs.push("172.16.0.0/12"),
      setting: "vpn.clientCidr",
      says: /overlaps the VPC's CIDR 172\.16\.0\.0\/12/,
    },
  ])("refuses $case with exactly one problem, naming $setting", ({ edit, setting, says }) => {
    expect(withFacts(edit)).toEqual([{ setting, message: expect.stringMatching(says) }]);
  });

  it("accepts a subnet with exactly 20 free addresses", () => {
    expect(withFacts((f) => (f.subnets[0].availableIpAddresses = 20))).toEqual([]);
  });

  it("says only that a /28 is too small, not also that it lacks free addresses", () => {
    const problems = withFacts((f) => {
      f.subnets[0].cidr = "10.0.0.0/28";
      f.subnets[0].availableIpAddresses = 11;
    });
    expect(problems).toEqual([{ setting: "vpn.subnetIds[0]", message: expect.stringMatching(/must be \/27 or larger$/) }]);
  });

  it("refuses more routes per association than the quota, counting the VPC route AWS adds", () => {
    const config = exampleConfig();
    config.vpn.quotas.routesPerAssociation = 3;
    const problems = checkNetworkFacts(config.vpn, config.access, exampleNetworkFacts);
    expect(problems).toEqual([
      {
        setting: "access",
        message: expect.stringMatching(/needs 5 routes per associated subnet \(including the 1 AWS adds for the VPC\) but the quota is 3/),
      },
    ]);
  });
});

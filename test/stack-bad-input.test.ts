import { describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { lastRecordedResources, stackRunner } from "./support/stack-run";
import { engineConfigOf, exampleNetworkFacts } from "./support/example-stack";

const facts = structuredClone(exampleNetworkFacts);
// A third subnet in the same zone as the first, for the check that needs AWS's answer.
facts.subnets.push({ id: "subnet-0ff99ff99ff99ff99", vpcId: "vpc-0a1b2c3d4e5f60718", availabilityZone: "us-east-1a", cidr: "10.0.2.0/24", availableIpAddresses: 251 });
// A subnet with too few free addresses: only the lookup knows that.
facts.subnets.push({ id: "subnet-0dd44dd44dd44dd44", vpcId: "vpc-0a1b2c3d4e5f60718", availabilityZone: "us-east-1c", cidr: "10.0.3.0/24", availableIpAddresses: 19 });
const runStack = stackRunner(facts);

function withSetting(key: string, edit: (value: any) => any): Record<string, string> {
  const config = engineConfigOf();
  const fullKey = key.includes(":") ? key : `clientvpn-federation:${key}`;
  const current = config[fullKey] === undefined ? undefined : JSON.parse(config[fullKey]);
  config[fullKey] = JSON.stringify(edit(current));
  return config;
}

const cases = [
  { case: "a /23 client CIDR", config: () => withSetting("vpn", (v) => ({ ...v, clientCidr: "172.20.0.0/23" })), says: "vpn.clientCidr: /23 is smaller than the /22 AWS requires" },
  { case: "an unknown group alias", config: () => withSetting("access", (a) => [...a, { name: "hr", cidr: "10.9.0.0/16", groups: ["people"] }]), says: "access[4].groups[0]:" },
  { case: "a session timeout AWS refuses", config: () => withSetting("vpn", (v) => ({ ...v, sessionTimeoutHours: 48 })), says: "vpn.sessionTimeoutHours: must be one of 8, 10, 12 or 24 hours" },
  {
    case: "two subnets in one availability zone (known only after the lookup)",
    config: () => withSetting("vpn", (v) => ({ ...v, subnetIds: [...v.subnetIds, "subnet-0ff99ff99ff99ff99"] })),
    says: "vpn.subnetIds[2]: subnet-0ff99ff99ff99ff99 is in us-east-1a like subnet-0aa11bb22cc33dd44",
  },
  {
    case: "a subnet with fewer than 20 free addresses (known only from the lookup)",
    config: () => withSetting("vpn", (v) => ({ ...v, subnetIds: [...v.subnetIds, "subnet-0dd44dd44dd44dd44"] })),
    says: "vpn.subnetIds[2]: subnet-0dd44dd44dd44dd44 has 19 free IP addresses; Client VPN needs at least 20",
  },
  { case: "a subnet AWS does not know", config: () => withSetting("vpn", (v) => ({ ...v, subnetIds: ["subnet-0123456789abcdef0"] })), says: "vpn.subnetIds[0]: subnet-0123456789abcdef0 could not be read" },
];

describe("bad input under the real program", () => {
  it.each(cases)("$case: refused with the setting named and nothing declared", async ({ config, says }) => {
    const failure = await runStack(config()).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(pulumi.RunError);
    expect((failure as Error).message).toContain("nothing was created");
    expect((failure as Error).message).toContain(says);
    expect(lastRecordedResources()).toEqual([]);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { StackRun, stackRunner } from "./support/stack-run";
import { engineConfigOf } from "./support/example-stack";
import { NetworkFacts } from "../components/network-facts";
import { concurrencyOf } from "../cli/shared/dependency-graph";
import { maxConcurrentEndpointMutations } from "../components/mutation-lanes";

const subnets = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2", "subnet-0ccccccccccccccc3"];
const facts: NetworkFacts = {
  vpcCidrs: ["10.0.0.0/16"],
  subnets: subnets.map((id, i) => ({ id, vpcId: "vpc-0a1b2c3d4e5f60718", availabilityZone: `us-east-1${"abc"[i]}`, cidr: `10.0.${i}.0/24`, availableIpAddresses: 251 })),
};
const runStack = stackRunner(facts);

/** A tenant with 40 networks outside the VPC, every other one restricted to two groups. */
function fortyNetworkConfig(): Record<string, string> {
  const config = engineConfigOf();
  const vpn = JSON.parse(config["clientvpn-federation:vpn"]);
  vpn.subnetIds = subnets;
  vpn.dnsServers = ["10.100.0.10"];
  config["clientvpn-federation:vpn"] = JSON.stringify(vpn);
  const access = Array.from({ length: 40 }, (_, i) => ({
    name: `network-${i}`,
    cidr: `10.${100 + i}.0.0/16`,
    groups: i % 2 === 0 ? "all" : ["engineers", "vpn-users"],
  }));
  config["clientvpn-federation:access"] = JSON.stringify(access);
  return config;
}

const endpointMutationTypes = new Set([
  "aws:ec2clientvpn/networkAssociation:NetworkAssociation",
  "aws:ec2clientvpn/authorizationRule:AuthorizationRule",
  "aws:ec2clientvpn/route:Route",
]);

let run: StackRun;
beforeAll(async () => {
  run = await runStack(fortyNetworkConfig());
});

describe("a stack with 40 networks and 3 subnets", () => {
  it("declares 3 associations, 60 rules and 120 routes", () => {
    const count = (type: string) => run.resources.filter((r) => r.type === type).length;
    expect([...endpointMutationTypes].map(count)).toEqual([3, 60, 120]);
  });

  it("never lets the engine run more than ten endpoint changes at once, in a chain close to ceil(n/10)", () => {
    const mutationUrns = new Set(run.resources.filter((r) => endpointMutationTypes.has(r.type)).map((r) => r.urn));
    const facts = concurrencyOf(run.resources, (r) => mutationUrns.has(r.urn));
    expect(facts.maxInFlight).toBeLessThanOrEqual(maxConcurrentEndpointMutations);
    // 183 changes over 10 lanes: ceil(183/10) = 19. Routes also wait for their association, which is at a lane's head.
    expect(facts.longestChain).toBe(19);
  });

  it("would have allowed far more than ten at once without the lanes (so the bound is the lanes' doing)", () => {
    const mutations = run.resources.filter((r) => endpointMutationTypes.has(r.type));
    const associationOf = (subnetId: unknown) =>
      mutations.find((m) => m.type.endsWith(":NetworkAssociation") && m.inputs.subnetId === subnetId)!.urn;
    // Keep only the ordering AWS itself demands: a route after its subnet's association.
    const required = (resource: (typeof mutations)[number], dependency: string) =>
      !mutations.some((m) => m.urn === dependency) ||
      (resource.type.endsWith(":Route") && dependency === associationOf(resource.inputs.targetVpcSubnetId));
    const withoutLanes = run.resources.map((r) => ({ ...r, dependsOn: r.dependsOn.filter((d) => required(r, d)) }));
    expect(concurrencyOf(withoutLanes, (r) => mutations.some((m) => m.urn === r.urn)).maxInFlight).toBeGreaterThan(100);
  });
});

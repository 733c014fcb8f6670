import { describe, expect, it } from "vitest";
import { securityGroupNotOpen } from "../checks/security-group-open";
import { ResourceType } from "../lib/resource-types";
import { UNKNOWN_VALUE, egressRule, expectOneViolation, resource, violationsOf } from "./support";

const ingressRule = (props: Record<string, unknown>) =>
  resource(ResourceType.securityGroupIngressRule, "vpn-ingress", { securityGroupId: "sg-0123456789abcdef0", ...props });
const securityGroup = (props: Record<string, unknown>) =>
  resource(ResourceType.securityGroup, "vpn-sg", { vpcId: "vpc-0123456789abcdef0", ...props });

describe("client-vpn-security-group-not-open", () => {
  it("is advisory", () => {
    expect(securityGroupNotOpen.enforcementLevel).toBe("advisory");
  });

  it.each([
    ["an egress rule resource to 0.0.0.0/0", egressRule({ cidrIpv4: "0.0.0.0/0" })],
    ["an egress rule resource to ::/0", egressRule({ cidrIpv4: undefined, cidrIpv6: "::/0" })],
    ["an ingress rule resource from 0.0.0.0/0", ingressRule({ ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" })],
    ["an inline egress block to 0.0.0.0/0", securityGroup({ egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] })],
    ["an inline ingress block from ::/0", securityGroup({ ingress: [{ protocol: "all", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }] })],
  ])("reports %s, naming it and the fix", (_case, offender) => {
    expectOneViolation(violationsOf(securityGroupNotOpen, [offender]), offender, "authorized networks");
  });

  it.each([
    ["all traffic to the VPC CIDR", egressRule()],
    ["DNS to anywhere", egressRule({ ipProtocol: "udp", fromPort: 53, toPort: 53, cidrIpv4: "0.0.0.0/0" })],
    ["a group without inline rules", securityGroup({})],
    ["inline all-traffic egress to a private network", securityGroup({ egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.0.0.0/16"] }] })],
  ])("accepts %s", (_case, compliant) => {
    expect(violationsOf(securityGroupNotOpen, [compliant])).toEqual([]);
  });

  it.each([
    ["the rule's CIDR", egressRule({ cidrIpv4: UNKNOWN_VALUE })],
    ["the rule's protocol", egressRule({ ipProtocol: UNKNOWN_VALUE, cidrIpv4: "0.0.0.0/0" })],
    ["the inline egress list", securityGroup({ egress: UNKNOWN_VALUE })],
    ["an inline block's CIDRs", securityGroup({ egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: UNKNOWN_VALUE }] })],
  ])("neither crashes nor reports when %s is unknown during preview", (_case, pending) => {
    expect(violationsOf(securityGroupNotOpen, [pending])).toEqual([]);
  });
});

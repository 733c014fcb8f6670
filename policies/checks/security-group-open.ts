import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isWholeAddressSpace, parseCidr } from "../lib/cidr";
import { violation } from "../lib/describe";
import { UNKNOWN, at, knownString, knownStrings } from "../lib/known";
import { type ValidatedResource, readResource } from "../lib/resource";
import { ResourceType } from "../lib/resource-types";

// "-1" (or "all") means every protocol and port range.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html
const ALL_PROTOCOLS = new Set(["-1", "all"]);

type Direction = "egress" | "ingress";

function isAllProtocols(protocol: unknown): boolean {
  return typeof protocol === "string" && ALL_PROTOCOLS.has(protocol.toLowerCase());
}

function openCidrs(cidrs: string[]): string[] {
  return cidrs.filter((cidr) => {
    const network = parseCidr(cidr);
    return network !== undefined && isWholeAddressSpace(network);
  });
}

function report(
  reportViolation: (message: string) => void,
  resource: ValidatedResource,
  kind: string,
  direction: Direction,
  cidrs: string[],
): void {
  const toOrFrom = direction === "egress" ? "to" : "from";
  reportViolation(
    violation(
      kind,
      resource,
      `allows all traffic (every protocol and port) ${toOrFrom} ${cidrs.join(", ")}, so the VPN's network interfaces ` +
        `are not limited to the networks users are authorized for.`,
      `limit the ${direction} rule to the authorized networks (the VPC CIDR, the DNS resolver) and the ports needed, ` +
        "or, if this is deliberate, accept this advisory or disable it for the stack.",
    ),
  );
}

/** Inline egress/ingress blocks of aws.ec2.SecurityGroup. */
function checkInlineRules(resource: ValidatedResource, reportViolation: (message: string) => void): void {
  for (const direction of ["egress", "ingress"] as const) {
    const rules = resource.props[direction];
    if (!Array.isArray(rules)) continue;
    for (const rule of rules) {
      if (!isAllProtocols(at(rule, "protocol"))) continue;
      const v4 = knownStrings(at(rule, "cidrBlocks"));
      const v6 = knownStrings(at(rule, "ipv6CidrBlocks"));
      const open = openCidrs([...(v4 === UNKNOWN ? [] : (v4 ?? [])), ...(v6 === UNKNOWN ? [] : (v6 ?? []))]);
      if (open.length > 0) report(reportViolation, resource, "Security group", direction, open);
    }
  }
}

/** aws.vpc.SecurityGroupEgressRule / SecurityGroupIngressRule, one rule per resource. */
function checkRuleResource(resource: ValidatedResource, direction: Direction, reportViolation: (message: string) => void): void {
  if (!isAllProtocols(resource.props.ipProtocol)) return;
  const cidrs = [knownString(resource.props.cidrIpv4), knownString(resource.props.cidrIpv6)].filter(
    (cidr): cidr is string => cidr !== undefined,
  );
  const open = openCidrs(cidrs);
  if (open.length > 0) report(reportViolation, resource, `Security group ${direction} rule`, direction, open);
}

/**
 * Applies to every security group in the stack: the program declares security groups only for the
 * Client VPN endpoint's network interfaces.
 */
export const securityGroupNotOpen: ResourceValidationPolicy = {
  name: "client-vpn-security-group-not-open",
  description:
    "The Client VPN endpoint's security group does not allow all traffic to (or from) 0.0.0.0/0 or ::/0; it allows " +
    "only what authorized users need.",
  remediationSteps:
    "Replace the allow-all rule (ipProtocol/protocol \"-1\" with 0.0.0.0/0 or ::/0) with rules for the authorized " +
    "networks and ports, e.g. the VPC CIDR on the needed ports and the DNS resolver on 53/udp and 53/tcp.",
  enforcementLevel: "advisory",
  severity: "medium",
  validateResource: (args, reportViolation) => {
    switch (args.type) {
      case ResourceType.securityGroup:
        return checkInlineRules(readResource(args), reportViolation);
      case ResourceType.securityGroupEgressRule:
        return checkRuleResource(readResource(args), "egress", reportViolation);
      case ResourceType.securityGroupIngressRule:
        return checkRuleResource(readResource(args), "ingress", reportViolation);
      default:
        return;
    }
  },
};

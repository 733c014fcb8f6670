import { z } from "zod";
import { configNamespace, ConfigProblem } from "../../components/config";
import { contains, ipv4Network, parseIpv4Cidr } from "../../components/cidr";
import { NetworkFacts, SubnetFacts } from "../../components/network-facts";
import { awsRegionProblem } from "../../components/aws-region";

/**
 * `clientvpn-federation:planNetwork`: what AWS would answer for the stack's VPC and subnets. The real
 * program looks them up (aws.ec2.getVpc, aws.ec2.getSubnet); the offline plan has no credentials, so the
 * stack says it. `pulumi up` never reads this setting.
 */
export const planNetworkKey = `${configNamespace}:planNetwork`;

const cidr = z.string({ error: "must be an IPv4 CIDR such as 10.0.0.0/16" }).superRefine((value, context) => {
  const parsed = parseIpv4Cidr(value);
  if (!parsed.ok) context.addIssue({ code: "custom", message: parsed.reason });
});

const subnetIdPattern = /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const vpcIdPattern = /^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
// us-east-1a, and Local Zones such as us-east-1-bos-1a.
const zonePattern = /^[a-z]{2}(?:-[a-z0-9]+)+[a-z]$/;

export const planNetworkSchema = z.strictObject(
  {
    vpcCidrs: z
      .array(cidr, { error: "must list the VPC's IPv4 CIDRs, e.g. [10.0.0.0/16]" })
      .min(1, { error: "must list at least the VPC's primary CIDR" })
      .describe("The IPv4 CIDRs of `vpn.vpcId`, primary first, as AWS would answer."),
    subnets: z.record(
      z.string().regex(subnetIdPattern).describe("subnet ID"),
      z.strictObject(
        {
          availabilityZone: z
            .string({ error: "is required, e.g. us-east-1a" })
            .regex(zonePattern, { error: "must be an availability zone such as us-east-1a" })
            .describe("The subnet's availability zone, e.g. `us-east-1a`."),
          cidr: cidr.describe("The subnet's IPv4 CIDR."),
          vpcId: z
            .string()
            .regex(vpcIdPattern, { error: "must be a VPC ID such as vpc-0a1b2c3d" })
            .optional()
            .describe("The subnet's VPC, when it is not `vpn.vpcId`: lets the plan show what that mistake does."),
          availableIpAddresses: z
            .number({ error: "must be the subnet's free addresses as a number, e.g. 251" })
            .int({ error: "must be a whole number" })
            .min(0, { error: "must be at least 0" })
            .optional()
            .describe("The subnet's free addresses as AWS would count them; defaults to an empty subnet (its size minus the five addresses AWS reserves)."),
        },
        { error: "must be {availabilityZone, cidr}" },
      ),
      {
        error: (issue) =>
          issue.code === "invalid_key"
            ? "must be keyed by subnet ID, e.g. subnet-0aa11bb22cc33dd44"
            : "must map each subnet ID in vpn.subnetIds to {availabilityZone, cidr}",
      },
    ).describe("Each subnet of `vpn.subnetIds`, keyed by its ID: its zone and range, as AWS would answer."),
  },
  { error: "must be {vpcCidrs, subnets}" },
);

export type PlanNetworkResult = { ok: true; facts: NetworkFacts } | { ok: false; problems: ConfigProblem[] };

/**
 * AWS reserves five addresses in every subnet: the first four and the last
 * (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html, "Subnet CIDR blocks").
 */
const reservedAddressesPerSubnet = 5;

function emptySubnetAddresses(cidr: string): number {
  const network = ipv4Network(cidr);
  return Number(network.last - network.first + 1n) - reservedAddressesPerSubnet;
}

/**
 * Reads the setting from the engine config. `vpcId` is the stack's vpn.vpcId (the VPC the lookups ask
 * about), `subnetIds` its vpn.subnetIds: both only shape the example in the message when it is missing.
 */
export function parsePlanNetwork(engineConfig: Record<string, string>, stackVpn: { vpcId?: string; subnetIds?: string[] }): PlanNetworkResult {
  const text = engineConfig[planNetworkKey];
  if (text === undefined) return { ok: false, problems: [{ setting: planNetworkKey, message: missingMessage(stackVpn.subnetIds ?? []) }] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  const parsed = planNetworkSchema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        setting: [planNetworkKey, ...issue.path.map(String)].join("."),
        message: issue.code === "unrecognized_keys" ? `unknown setting ${issue.keys.map((k) => `"${k}"`).join(", ")}; use vpcCidrs and subnets` : issue.message,
      })),
    };
  }
  const vpcCidrs = parsed.data.vpcCidrs.map((value) => canonical(value));
  const subnets: SubnetFacts[] = Object.entries(parsed.data.subnets).map(([id, subnet]) => ({
    id,
    vpcId: subnet.vpcId ?? stackVpn.vpcId ?? "",
    availabilityZone: subnet.availabilityZone,
    cidr: canonical(subnet.cidr),
    availableIpAddresses: subnet.availableIpAddresses ?? emptySubnetAddresses(subnet.cidr),
  }));
  // A mistyped region is reported once, by the stack's own validation; it must not also blame every zone.
  const region = engineConfig["aws:region"];
  const knownRegion = region && !awsRegionProblem(region) ? region : undefined;
  const problems = subnetsAwsWouldNotAnswer(subnets, vpcCidrs, knownRegion, Object.entries(parsed.data.subnets));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, facts: { vpcCidrs, subnets } };
}

/**
 * Subnets AWS could not describe this way: a zone outside the stack's region (Local Zones are named after
 * their region, e.g. us-east-1-bos-1a), or a subnet of vpn.vpcId whose CIDR lies outside every VPC CIDR
 * (a subnet's CIDR is always inside one of its VPC's CIDR blocks:
 * https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html).
 */
function subnetsAwsWouldNotAnswer(
  subnets: SubnetFacts[],
  vpcCidrs: string[],
  region: string | undefined,
  written: [string, { vpcId?: string }][],
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const vpcNetworks = vpcCidrs.map(ipv4Network);
  subnets.forEach((subnet, index) => {
    const at = `${planNetworkKey}.subnets.${subnet.id}`;
    const zoneSuffix = region && subnet.availabilityZone.startsWith(region) ? subnet.availabilityZone.slice(region.length) : undefined;
    if (region && !(zoneSuffix !== undefined && /^(?:[a-z]|-[a-z0-9-]+[a-z])$/.test(zoneSuffix))) {
      problems.push({
        setting: `${at}.availabilityZone`,
        message: `${subnet.availabilityZone} is not a zone of aws:region ${region}; write the zone AWS shows for ${subnet.id}, e.g. ${region}a`,
      });
    }
    const inStackVpc = written[index][1].vpcId === undefined;
    if (inStackVpc && !vpcNetworks.some((vpc) => contains(vpc, ipv4Network(subnet.cidr)))) {
      problems.push({
        setting: `${at}.cidr`,
        message: `${subnet.cidr} is outside the VPC's CIDRs (${vpcCidrs.join(", ")}); a subnet of the VPC lies inside one of them: check both values`,
      });
    }
  });
  return problems;
}

function canonical(value: string): string {
  const parsed = parseIpv4Cidr(value);
  return parsed.ok ? parsed.network.cidr : value;
}

function missingMessage(subnetIds: string[]): string {
  const ids = subnetIds.length ? subnetIds : ["subnet-0aa11bb22cc33dd44"];
  const example = [
    `  ${planNetworkKey}:`,
    "    vpcCidrs: [<the VPC's CIDRs, e.g. 10.0.0.0/16>]",
    "    subnets:",
    ...ids.map((id, index) => `      ${id}: { availabilityZone: <zone, e.g. us-east-1${"abcdef"[index % 6]}>, cidr: <the subnet's CIDR> }`),
    "  (Add availableIpAddresses: <free addresses> to a subnet to plan it as it is now; without it the plan takes the",
    "  subnet as empty. Client VPN needs at least 20 free addresses in each associated subnet.)",
  ];
  return [
    "is not set. `pulumi up` looks the VPC and subnets up in AWS; the offline plan has no credentials and needs them",
    "written down. Add to the stack file what the AWS console shows for vpn.vpcId and vpn.subnetIds:",
    ...example,
  ].join("\n");
}

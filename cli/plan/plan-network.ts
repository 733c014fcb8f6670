import { z } from "zod";
import { configNamespace, ConfigProblem } from "../../components/config";
import { parseIpv4Cidr } from "../../components/cidr";
import { NetworkFacts } from "../../components/network-facts";

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
  return {
    ok: true,
    facts: {
      vpcCidrs: parsed.data.vpcCidrs.map((value) => canonical(value)),
      subnets: Object.entries(parsed.data.subnets).map(([id, subnet]) => ({
        id,
        vpcId: subnet.vpcId ?? stackVpn.vpcId ?? "",
        availabilityZone: subnet.availabilityZone,
        cidr: canonical(subnet.cidr),
      })),
    },
  };
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
  ];
  return [
    "is not set. `pulumi up` looks the VPC and subnets up in AWS; the offline plan has no credentials and needs them",
    "written down. Add to the stack file what the AWS console shows for vpn.vpcId and vpn.subnetIds:",
    ...example,
  ].join("\n");
}

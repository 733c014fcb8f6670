import type { EC2Client } from "@aws-sdk/client-ec2";
import { type CheckResult, fail, pass, settling } from "../check-result";
import { listTargetNetworks } from "../client-vpn-reads";

export const associationsCheckName = "every subnet association is associated";

/**
 * Association states: associating | associated | association-failed | disassociating | disassociated.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AssociationStatus.html
 */
export async function checkAssociations(ec2: EC2Client, endpointId: string): Promise<CheckResult> {
  const networks = await listTargetNetworks(ec2, endpointId);
  if (networks.length === 0) {
    return fail(associationsCheckName, "no subnet is associated, so no client can connect", "run `pulumi up`; it associates every subnet in vpn.subnetIds");
  }
  const describe = (network: (typeof networks)[number]) =>
    `${network.TargetNetworkId} ${network.Status?.Code ?? "unknown"}${network.Status?.Message ? ` (${network.Status.Message})` : ""}`;
  const broken = networks.filter((network) => !["associated", "associating"].includes(network.Status?.Code ?? ""));
  if (broken.length > 0) {
    return fail(
      associationsCheckName,
      broken.map(describe).join("; "),
      "run `pulumi refresh` and `pulumi up` to associate them again; a failed association names its reason above (often no free IP addresses in the subnet)",
    );
  }
  const pending = networks.filter((network) => network.Status?.Code === "associating");
  if (pending.length > 0) {
    return settling(associationsCheckName, `${pending.length} of ${networks.length} still associating: ${pending.map(describe).join("; ")}`, "wait: an association takes a few minutes");
  }
  return pass(associationsCheckName, `${networks.length} associated (${networks.map((network) => network.TargetNetworkId).join(", ")})`);
}

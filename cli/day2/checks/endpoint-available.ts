import type { EC2Client } from "@aws-sdk/client-ec2";
import { type CheckResult, fail, pass, settling } from "../check-result";
import { describeEndpoint, listTargetNetworks } from "../client-vpn-reads";

export const endpointCheckName = "Client VPN endpoint is available";

/**
 * Endpoint states: pending-associate | available | deleting | deleted. An endpoint stays
 * pending-associate until a target network is associated, so it settles only while an association is
 * under way. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ClientVpnEndpointStatus.html
 */
export async function checkEndpointAvailable(ec2: EC2Client, endpointId: string): Promise<CheckResult> {
  const endpoint = await describeEndpoint(ec2, endpointId);
  if (!endpoint) {
    return fail(endpointCheckName, `${endpointId} does not exist`, "the stack's state is stale: run `pulumi refresh` then `pulumi up` to recreate it");
  }
  const state = endpoint.Status?.Code ?? "unknown";
  if (state === "available") return pass(endpointCheckName, `${endpointId} is available`);
  if (state === "pending-associate") {
    const networks = await listTargetNetworks(ec2, endpointId);
    // The endpoint turns available shortly after its first association completes, so an association
    // just finished counts as settling too.
    if (networks.some((network) => ["associating", "associated"].includes(network.Status?.Code ?? ""))) {
      return settling(endpointCheckName, `${endpointId} is pending-associate while its subnets associate`, "wait for the associations to finish (usually a few minutes)");
    }
    return fail(
      endpointCheckName,
      `${endpointId} is pending-associate and no subnet is associated or associating`,
      "associate a subnet: run `pulumi up` (vpn.subnetIds lists the subnets to associate)",
    );
  }
  const message = endpoint.Status?.Message ? `: ${endpoint.Status.Message}` : "";
  return fail(endpointCheckName, `${endpointId} is ${state}${message}`, "the endpoint is going away; run `pulumi refresh` then `pulumi up` to create it again");
}

import type { EC2Client } from "@aws-sdk/client-ec2";
import { type CheckResult, fail, notCheckable, pass } from "../check-result";
import { describeEndpoint } from "../client-vpn-reads";

export const dnsCheckName = "DNS servers answer from the VPC side";

/**
 * Whether a DNS server answers clients can only be seen from inside the VPN or the VPC: this machine
 * may not reach the servers at all, and an answer from here would not prove one to the clients. So the
 * check names the servers and how to test them, and does not pretend.
 */
export async function checkDnsServers(ec2: EC2Client, endpointId: string): Promise<CheckResult> {
  const endpoint = await describeEndpoint(ec2, endpointId);
  if (!endpoint) return fail(dnsCheckName, `${endpointId} does not exist`, "run `pulumi refresh` then `pulumi up`");
  const servers = endpoint.DnsServers ?? [];
  if (servers.length === 0) {
    return pass(dnsCheckName, "no DNS servers are set: clients keep their own resolvers");
  }
  return notCheckable(
    dnsCheckName,
    `not checkable from here: ${servers.join(", ")} answer only inside the VPC`,
    `connect with the VPN client and run \`nslookup <a private name> ${servers[0]}\`; a timeout means an authorization rule, security group or route to ${servers[0]} is missing`,
  );
}

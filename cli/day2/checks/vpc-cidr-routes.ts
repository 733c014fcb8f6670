import { DescribeVpcsCommand, type EC2Client } from "@aws-sdk/client-ec2";
import { contains, ipv4Network } from "../../../components/cidr";
import { type CheckResult, fail, notCheckable, pass, settling } from "../check-result";
import { describeEndpoint, listRoutes, listTargetNetworks } from "../client-vpn-reads";

export const vpcCidrRoutesCheckName = "every CIDR of the endpoint's VPC has a route through each associated subnet";

/**
 * "When you associate a subnet with a Client VPN endpoint, we automatically add the local route of the VPC
 * ... After your target networks are associated, when you add or remove additional CIDRs to your attached VPC,
 * you must ... Disassociate your Client VPN endpoint from the target network, and then associate [it again, or]
 * Manually add the route to, or remove the route from the Client VPN endpoint route table."
 * (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-target.html). The program routes networks
 * inside the VPC through that automatic route, so a CIDR block added to the VPC later is unreachable until then.
 * VPC CIDR states: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcCidrBlockState.html
 */
export async function checkVpcCidrRoutes(ec2: EC2Client, endpointId: string): Promise<CheckResult> {
  const vpcId = (await describeEndpoint(ec2, endpointId))?.VpcId;
  if (!vpcId) return notCheckable(vpcCidrRoutesCheckName, `${endpointId} reports no VPC`, "see the endpoint check above");
  const vpc = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs?.[0];
  const cidrs = (vpc?.CidrBlockAssociationSet ?? []).filter((block) => block.CidrBlockState?.State === "associated").map((block) => block.CidrBlock!);
  const networks = await listTargetNetworks(ec2, endpointId);
  if (networks.some((network) => network.Status?.Code === "associating")) {
    return settling(vpcCidrRoutesCheckName, "subnets are still associating; AWS adds the VPC's routes when they finish", "wait for the associations to finish");
  }
  const subnets = networks.filter((network) => network.Status?.Code === "associated").map((network) => network.TargetNetworkId!);
  if (cidrs.length === 0 || subnets.length === 0) {
    return notCheckable(vpcCidrRoutesCheckName, "no associated VPC CIDR or subnet to compare", "see the endpoint and association checks above");
  }
  const routes = (await listRoutes(ec2, endpointId)).filter((route) => route.Status?.Code !== "deleting");
  const missing = cidrs.flatMap((cidr) =>
    subnets
      .filter((subnet) => !routes.some((route) => route.TargetSubnet === subnet && route.DestinationCidr && contains(ipv4Network(route.DestinationCidr), ipv4Network(cidr))))
      .map((subnet) => ({ cidr, subnet })),
  );
  if (missing.length === 0) return pass(vpcCidrRoutesCheckName, `${cidrs.join(", ")} through ${subnets.length} subnet(s)`);
  return fail(
    vpcCidrRoutesCheckName,
    `${missing.map(({ cidr, subnet }) => `${cidr} via ${subnet}`).join("; ")} missing: a CIDR block added to ${vpcId} after its subnets were associated gets no route`,
    `add each route: ${missing
      .map(({ cidr, subnet }) => `aws ec2 create-client-vpn-route --client-vpn-endpoint-id ${endpointId} --destination-cidr-block ${cidr} --target-vpc-subnet-id ${subnet}`)
      .join("; ")} (or disassociate and re-associate the subnet, which drops its connections)`,
  );
}

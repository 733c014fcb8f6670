import * as aws from "@pulumi/aws";
import { ConfigProblem, VpnConfig } from "./config";
import { NetworkFacts, SubnetFacts } from "./network-facts";

/**
 * Reads the VPC's CIDRs and the subnets' availability zones, CIDRs and free addresses with the AWS provider's data
 * sources. These are invokes, not resources: nothing is declared until they are checked.
 */
export async function lookUpNetworkFacts(vpn: VpnConfig): Promise<{ facts: NetworkFacts; problems: ConfigProblem[] }> {
  const problems: ConfigProblem[] = [];
  let vpcCidrs: string[] = [];
  try {
    const vpc = await aws.ec2.getVpc({ id: vpn.vpcId });
    const associated = (vpc.cidrBlockAssociations ?? [])
      // VpcCidrBlockState: associating | associated | disassociating | disassociated | failing | failed.
      // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcCidrBlockState.html
      .filter((association) => !/^(disassociat|fail)/.test(association.state ?? ""))
      .map((association) => association.cidrBlock);
    vpcCidrs = [...new Set([vpc.cidrBlock, ...associated])];
  } catch (error) {
    problems.push({ setting: "vpn.vpcId", message: `${vpn.vpcId} could not be read: ${describe(error)}` });
  }
  const subnets: SubnetFacts[] = [];
  for (const [index, subnetId] of vpn.subnetIds.entries()) {
    try {
      const subnet = await aws.ec2.getSubnet({ id: subnetId });
      subnets.push({
        id: subnetId,
        vpcId: subnet.vpcId,
        availabilityZone: subnet.availabilityZone,
        cidr: subnet.cidrBlock,
        availableIpAddresses: subnet.availableIpAddressCount,
      });
    } catch (error) {
      problems.push({ setting: `vpn.subnetIds[${index}]`, message: `${subnetId} could not be read: ${describe(error)}` });
    }
  }
  return { facts: { vpcCidrs, subnets }, problems };
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0];
}

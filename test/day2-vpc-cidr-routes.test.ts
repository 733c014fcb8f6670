import { DescribeClientVpnEndpointsCommand, DescribeClientVpnRoutesCommand, DescribeClientVpnTargetNetworksCommand, DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { beforeEach, describe, expect, it } from "vitest";
import { checkVpcCidrRoutes } from "../cli/day2/checks/vpc-cidr-routes";
import { describeTheEndpoint, endpoint, endpointId, ofTheEndpoint, route, subnetA, subnetB, targetNetwork, vpcId } from "./support/day2-aws-shapes";
import { strictMockClient } from "./support/strict-aws-mock";

const ec2Mock = strictMockClient(EC2Client);
const ec2 = new EC2Client({ region: "us-east-1", credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" } });
const block = (cidr: string, state: string) => ({ AssociationId: `vpc-cidr-assoc-${cidr.replace(/\W/g, "")}`, CidrBlock: cidr, CidrBlockState: { State: state as never } });

beforeEach(() => {
  ec2Mock.reset();
  ec2Mock.on(DescribeClientVpnEndpointsCommand, describeTheEndpoint).resolves({ ClientVpnEndpoints: [endpoint("available")] });
  ec2Mock.on(DescribeClientVpnTargetNetworksCommand, ofTheEndpoint).resolves({ ClientVpnTargetNetworks: [targetNetwork(subnetA, "associated"), targetNetwork(subnetB, "associated")] });
  // The routes AWS added when the two subnets were associated, while the VPC had only its primary CIDR.
  ec2Mock.on(DescribeClientVpnRoutesCommand, ofTheEndpoint).resolves({ Routes: [route("10.0.0.0/16", subnetA, "active", "associate"), route("10.0.0.0/16", subnetB, "active", "associate")] });
});

describe("routes for the VPC's own CIDR blocks", () => {
  it("pass when every associated CIDR block has a route through every associated subnet", async () => {
    ec2Mock.on(DescribeVpcsCommand, { VpcIds: [vpcId] }).resolves({ Vpcs: [{ VpcId: vpcId, CidrBlockAssociationSet: [block("10.0.0.0/16", "associated"), block("100.64.0.0/16", "disassociated")] }] });
    expect(await checkVpcCidrRoutes(ec2, endpointId)).toMatchObject({ status: "pass", detail: "10.0.0.0/16 through 2 subnet(s)" });
  });

  it("fail for a CIDR block added after the associations, with the commands that add its routes", async () => {
    ec2Mock.on(DescribeVpcsCommand, { VpcIds: [vpcId] }).resolves({ Vpcs: [{ VpcId: vpcId, CidrBlockAssociationSet: [block("10.0.0.0/16", "associated"), block("100.64.0.0/16", "associated")] }] });
    const result = await checkVpcCidrRoutes(ec2, endpointId);
    expect(result).toMatchObject({
      status: "fail",
      detail: `100.64.0.0/16 via ${subnetA}; 100.64.0.0/16 via ${subnetB} missing: a CIDR block added to ${vpcId} after its subnets were associated gets no route`,
    });
    expect(result.fix).toContain(`aws ec2 create-client-vpn-route --client-vpn-endpoint-id ${endpointId} --destination-cidr-block 100.64.0.0/16 --target-vpc-subnet-id ${subnetB}`);
  });

  it("accept a wider route that covers the block", async () => {
    ec2Mock.on(DescribeVpcsCommand, { VpcIds: [vpcId] }).resolves({ Vpcs: [{ VpcId: vpcId, CidrBlockAssociationSet: [block("10.0.0.0/16", "associated"), block("10.1.0.0/16", "associated")] }] });
    ec2Mock.on(DescribeClientVpnRoutesCommand, ofTheEndpoint).resolves({ Routes: [route("10.0.0.0/8", subnetA, "active"), route("10.0.0.0/8", subnetB, "active")] });
    expect((await checkVpcCidrRoutes(ec2, endpointId)).status).toBe("pass");
  });
});

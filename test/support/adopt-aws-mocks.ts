/**
 * Serves a recorded setup through aws-sdk-client-mock, matching every input strictly (the endpoint ID, the
 * IDs asked for, no filter left out or added): a call adopt makes with other input gets an error, as a real
 * API would answer something else. Paginated calls carry the paginator's NextToken and MaxResults keys.
 */
import { ACMClient, DescribeCertificateCommand, GetCertificateCommand } from "@aws-sdk/client-acm";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  DescribeClientVpnAuthorizationRulesCommand,
  DescribeClientVpnEndpointsCommand,
  DescribeClientVpnRoutesCommand,
  DescribeClientVpnTargetNetworksCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { GetSAMLProviderCommand, IAMClient } from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import type { AdoptAwsClients } from "../../cli/adopt/read-aws";
import type { RecordedSetup } from "./adopt-recorded-setups";

/** Clients with fixed credentials, so the SDK never looks for real ones. */
export function testAwsClients(region: string): AdoptAwsClients {
  const settings = { region, credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" } };
  return { ec2: new EC2Client(settings), iam: new IAMClient(settings), logs: new CloudWatchLogsClient(settings), acm: new ACMClient(settings) };
}

/** The four clients mocked for one recorded setup at a time. */
export interface AwsMocks {
  /** Answers exactly the requests adopt must send for `setup`, and refuses every other. */
  serve(setup: RecordedSetup): void;
  /** Every call received since the last serve(), as `client Command`: adopt must send Describe/Get only. */
  calls(): string[];
  /** Gives the clients back their real send (for a process that mocks them elsewhere too). */
  restore(): void;
}

const clientMocks = () => ({ ec2: mockClient(EC2Client), iam: mockClient(IAMClient), logs: mockClient(CloudWatchLogsClient), acm: mockClient(ACMClient) });

export function mockAws(): AwsMocks {
  const mocks = clientMocks();
  return {
    serve: (setup) => serveAws(mocks, setup),
    calls: () => Object.entries(mocks).flatMap(([client, mock]) => mock.calls().map((call) => `${client} ${(call.args[0] as { constructor: { name: string } }).constructor.name}`)),
    restore: () => Object.values(mocks).forEach((mock) => mock.restore()),
  };
}

const firstPage = <T extends object>(input: T) => ({ ...input, NextToken: undefined, MaxResults: undefined });

function serveAws(mocks: ReturnType<typeof clientMocks>, setup: RecordedSetup): void {
  const { ec2, iam, logs, acm } = mocks;
  const unexpected = () => Object.assign(new Error("this recorded setup has no answer for that request"), { name: "UnexpectedRequest" });
  ec2.reset();
  iam.reset();
  logs.reset();
  acm.reset();
  ec2.onAnyCommand().rejects(unexpected());
  iam.onAnyCommand().rejects(unexpected());
  logs.onAnyCommand().rejects(unexpected());
  acm.onAnyCommand().rejects(unexpected());
  ec2.on(DescribeClientVpnEndpointsCommand, firstPage({}), true).resolves({ ClientVpnEndpoints: setup.endpoints });
  for (const [endpointId, recorded] of Object.entries(setup.byEndpoint)) {
    ec2.on(DescribeClientVpnTargetNetworksCommand, firstPage({ ClientVpnEndpointId: endpointId }), true).resolves({ ClientVpnTargetNetworks: recorded.targetNetworks });
    ec2.on(DescribeClientVpnAuthorizationRulesCommand, firstPage({ ClientVpnEndpointId: endpointId }), true).resolves({ AuthorizationRules: recorded.rules });
    ec2.on(DescribeClientVpnRoutesCommand, firstPage({ ClientVpnEndpointId: endpointId }), true).resolves({ Routes: recorded.routes });
    ec2
      .on(DescribeSubnetsCommand, { SubnetIds: recorded.targetNetworks.map((network) => network.TargetNetworkId!) }, true)
      .resolves({ Subnets: setup.subnets.filter((subnet) => recorded.targetNetworks.some((network) => network.TargetNetworkId === subnet.SubnetId)) });
  }
  for (const vpc of setup.vpcs) ec2.on(DescribeVpcsCommand, { VpcIds: [vpc.VpcId!] }, true).resolves({ Vpcs: [vpc] });
  for (const endpoint of setup.endpoints) {
    const groups = endpoint.SecurityGroupIds ?? [];
    ec2.on(DescribeSecurityGroupsCommand, { GroupIds: groups }, true).resolves({ SecurityGroups: setup.securityGroups.filter((group) => groups.includes(group.GroupId!)) });
  }
  for (const [arn, provider] of Object.entries(setup.samlProviders)) iam.on(GetSAMLProviderCommand, { SAMLProviderArn: arn }, true).resolves(provider);
  for (const group of setup.logGroups) {
    // CloudWatch Logs pages with nextToken and limit.
    logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: group.logGroupName, nextToken: undefined, limit: undefined }, true).resolves({ logGroups: [group] });
  }
  for (const [arn, certificate] of Object.entries(setup.certificates)) {
    acm.on(DescribeCertificateCommand, { CertificateArn: arn }, true).resolves({ Certificate: certificate.detail });
    if (certificate.chain) acm.on(GetCertificateCommand, { CertificateArn: arn }, true).resolves({ Certificate: "-----BEGIN CERTIFICATE-----", CertificateChain: certificate.chain });
  }
}

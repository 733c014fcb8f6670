/**
 * The AWS reads of `npm run adopt`. Every call is a Describe/Get: adopt never changes anything.
 * Response shapes:
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeClientVpnEndpoints.html (and the
 *   TargetNetworks, AuthorizationRules and Routes pages, read through cli/day2/client-vpn-reads.ts)
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcs.html,
 *   API_DescribeSubnets.html, API_DescribeSecurityGroups.html
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetSAMLProvider.html
 * - https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
 * - https://docs.aws.amazon.com/acm/latest/APIReference/API_DescribeCertificate.html and API_GetCertificate.html
 *   (GetCertificate returns the public certificate and chain, never the private key)
 */
import { ACMClient, DescribeCertificateCommand, GetCertificateCommand } from "@aws-sdk/client-acm";
import { CloudWatchLogsClient, paginateDescribeLogGroups } from "@aws-sdk/client-cloudwatch-logs";
import {
  type ClientVpnEndpoint,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type EC2Client,
  paginateDescribeClientVpnEndpoints,
} from "@aws-sdk/client-ec2";
import { GetSAMLProviderCommand, type IAMClient } from "@aws-sdk/client-iam";
import { listAuthorizationRules, listRoutes, listTargetNetworks } from "../day2/client-vpn-reads";
import type { LiveAws, LiveConnectionLog, LiveSamlProvider, LiveServerCertificate } from "./live-federation";

export interface AdoptAwsClients {
  ec2: EC2Client;
  iam: IAMClient;
  logs: CloudWatchLogsClient;
  acm: ACMClient;
}

/** Every Client VPN endpoint in the region, every page. */
export async function listEndpoints(ec2: EC2Client): Promise<ClientVpnEndpoint[]> {
  const endpoints: ClientVpnEndpoint[] = [];
  for await (const page of paginateDescribeClientVpnEndpoints({ client: ec2 }, {})) endpoints.push(...(page.ClientVpnEndpoints ?? []));
  return endpoints;
}

/** The SAML provider ARNs an endpoint signs in through: the client's, then the portal's when different. */
export function samlProviderArnsOf(endpoint: ClientVpnEndpoint): string[] {
  const arns: string[] = [];
  for (const option of endpoint.AuthenticationOptions ?? []) {
    const federated = option.FederatedAuthentication;
    for (const arn of [federated?.SamlProviderArn, federated?.SelfServiceSamlProviderArn]) {
      if (arn && !arns.includes(arn)) arns.push(arn);
    }
  }
  return arns;
}

/** Reads everything about one endpoint the stack file, the import file and the report need. */
export async function readEndpoint(
  clients: AdoptAwsClients,
  region: string,
  endpoint: ClientVpnEndpoint & { ClientVpnEndpointId: string },
): Promise<Omit<LiveAws, "otherFederatedEndpoints">> {
  const id = endpoint.ClientVpnEndpointId;
  const [targetNetworks, authorizationRules, routes] = await Promise.all([
    listTargetNetworks(clients.ec2, id),
    listAuthorizationRules(clients.ec2, id),
    listRoutes(clients.ec2, id),
  ]);
  // A disassociating association is on its way out; Pulumi would find nothing to import.
  const associated = targetNetworks.filter((network) => !/^disassociat/.test(network.Status?.Code ?? ""));
  const subnetIds = associated.map((network) => network.TargetNetworkId!).filter(Boolean);
  const vpcId = endpoint.VpcId ?? associated[0]?.VpcId ?? "";
  const samlArns = samlProviderArnsOf(endpoint);
  const [vpc, subnets, samlProviders, securityGroups, connectionLog, certificate] = await Promise.all([
    readVpc(clients.ec2, vpcId),
    readSubnets(clients.ec2, subnetIds),
    Promise.all(samlArns.map((arn) => readSamlProvider(clients.iam, arn))),
    readSecurityGroups(clients.ec2, endpoint.SecurityGroupIds ?? []),
    readConnectionLog(clients.logs, endpoint),
    readCertificate(clients.acm, endpoint.ServerCertificateArn ?? ""),
  ]);
  return {
    region,
    accountId: /^arn:aws[\w-]*:iam::(\d{12}):/.exec(samlArns[0] ?? "")?.[1] ?? "",
    endpoint,
    targetNetworks: associated,
    authorizationRules: authorizationRules.filter((rule) => !/^(revoking|failed)$/.test(rule.Status?.Code ?? "")),
    routes: routes.filter((route) => !/^(deleting|failed)$/.test(route.Status?.Code ?? "")),
    vpc,
    subnets,
    samlProviders,
    securityGroups,
    connectionLog,
    certificate,
  };
}

async function readVpc(ec2: EC2Client, vpcId: string): Promise<LiveAws["vpc"]> {
  const answer = await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
  const vpc = answer.Vpcs?.[0];
  // VpcCidrBlockState: associating | associated | disassociating | disassociated | failing | failed.
  const cidrs = (vpc?.CidrBlockAssociationSet ?? [])
    .filter((association) => !/^(disassociat|fail)/.test(association.CidrBlockState?.State ?? ""))
    .map((association) => association.CidrBlock!)
    .filter(Boolean);
  return { id: vpcId, cidrs: [...new Set([vpc?.CidrBlock, ...cidrs].filter((cidr): cidr is string => Boolean(cidr)))] };
}

async function readSubnets(ec2: EC2Client, subnetIds: string[]): Promise<LiveAws["subnets"]> {
  if (subnetIds.length === 0) return [];
  const answer = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: subnetIds }));
  return subnetIds.flatMap((id) => {
    const subnet = answer.Subnets?.find((candidate) => candidate.SubnetId === id);
    if (!subnet) return [];
    return [{ id, vpcId: subnet.VpcId ?? "", availabilityZone: subnet.AvailabilityZone ?? "", cidr: subnet.CidrBlock ?? "", availableIpAddresses: subnet.AvailableIpAddressCount }];
  });
}

async function readSamlProvider(iam: IAMClient, arn: string): Promise<LiveSamlProvider> {
  const answer = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
  return {
    arn,
    name: arn.replace(/^.*:saml-provider\//, ""),
    metadataXml: answer.SAMLMetadataDocument ?? "",
    validUntil: answer.ValidUntil?.toISOString(),
    tags: Object.fromEntries((answer.Tags ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""])),
  };
}

async function readSecurityGroups(ec2: EC2Client, groupIds: string[]): Promise<LiveAws["securityGroups"]> {
  if (groupIds.length === 0) return [];
  const answer = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: groupIds }));
  return (answer.SecurityGroups ?? []).map((group) => ({
    id: group.GroupId ?? "",
    name: group.GroupName ?? "",
    description: group.Description ?? "",
    // Every VPC has one default group, named "default":
    // https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
    isVpcDefault: group.GroupName === "default",
  }));
}

async function readConnectionLog(logs: CloudWatchLogsClient, endpoint: ClientVpnEndpoint): Promise<LiveConnectionLog> {
  const options = endpoint.ConnectionLogOptions;
  if (!options?.Enabled || !options.CloudwatchLogGroup) return { enabled: false };
  const name = options.CloudwatchLogGroup;
  for await (const page of paginateDescribeLogGroups({ client: logs }, { logGroupNamePrefix: name })) {
    const group = page.logGroups?.find((candidate) => candidate.logGroupName === name);
    if (group) return { enabled: true, logGroup: name, logStream: options.CloudwatchLogStream, retentionInDays: group.retentionInDays, logGroupExists: true };
  }
  return { enabled: true, logGroup: name, logStream: options.CloudwatchLogStream, logGroupExists: false };
}

async function readCertificate(acm: ACMClient, arn: string): Promise<LiveServerCertificate> {
  try {
    const { Certificate: detail } = await acm.send(new DescribeCertificateCommand({ CertificateArn: arn }));
    const chainPem =
      detail?.Type === "IMPORTED" ? (await acm.send(new GetCertificateCommand({ CertificateArn: arn }))).CertificateChain : undefined;
    return {
      arn,
      readable: true,
      type: detail?.Type,
      domainName: detail?.DomainName,
      notAfter: detail?.NotAfter?.toISOString(),
      keyAlgorithm: detail?.KeyAlgorithm,
      status: detail?.Status,
      chainPem: chainPem?.trim() || undefined,
    };
  } catch (error) {
    // Not fatal: the ARN alone is what the stack needs; the report says what could not be read.
    return { arn, readable: false, reason: describeAwsError(error) };
  }
}

/** One line for an AWS SDK error: its name and message, never a request dump. */
export function describeAwsError(error: unknown): string {
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  return [name, message].filter(Boolean).join(": ") || String(error);
}

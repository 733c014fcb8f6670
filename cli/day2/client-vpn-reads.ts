/**
 * Reads of one Client VPN endpoint, every page. Response shapes:
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeClientVpnEndpoints.html
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeClientVpnTargetNetworks.html
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeClientVpnAuthorizationRules.html
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeClientVpnRoutes.html
 */
import {
  DescribeClientVpnEndpointsCommand,
  type AuthorizationRule,
  type ClientVpnEndpoint,
  type ClientVpnRoute,
  type EC2Client,
  type TargetNetwork,
  paginateDescribeClientVpnAuthorizationRules,
  paginateDescribeClientVpnRoutes,
  paginateDescribeClientVpnTargetNetworks,
} from "@aws-sdk/client-ec2";

export async function describeEndpoint(ec2: EC2Client, endpointId: string): Promise<ClientVpnEndpoint | undefined> {
  try {
    const answer = await ec2.send(new DescribeClientVpnEndpointsCommand({ ClientVpnEndpointIds: [endpointId] }));
    return answer.ClientVpnEndpoints?.[0];
  } catch (error) {
    // An endpoint ID that no longer exists: InvalidClientVpnEndpointId.NotFound.
    if (/NotFound/.test((error as { name?: string }).name ?? "")) return undefined;
    throw error;
  }
}

export async function listTargetNetworks(ec2: EC2Client, endpointId: string): Promise<TargetNetwork[]> {
  const items: TargetNetwork[] = [];
  for await (const page of paginateDescribeClientVpnTargetNetworks({ client: ec2 }, { ClientVpnEndpointId: endpointId })) {
    items.push(...(page.ClientVpnTargetNetworks ?? []));
  }
  return items;
}

export async function listAuthorizationRules(ec2: EC2Client, endpointId: string): Promise<AuthorizationRule[]> {
  const items: AuthorizationRule[] = [];
  for await (const page of paginateDescribeClientVpnAuthorizationRules({ client: ec2 }, { ClientVpnEndpointId: endpointId })) {
    items.push(...(page.AuthorizationRules ?? []));
  }
  return items;
}

export async function listRoutes(ec2: EC2Client, endpointId: string): Promise<ClientVpnRoute[]> {
  const items: ClientVpnRoute[] = [];
  for await (const page of paginateDescribeClientVpnRoutes({ client: ec2 }, { ClientVpnEndpointId: endpointId })) {
    items.push(...(page.Routes ?? []));
  }
  return items;
}

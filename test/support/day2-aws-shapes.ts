/**
 * EC2 Client VPN and IAM answers in the SDK's shapes, as the APIs return them
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeClientVpnEndpoints.html and the
 * other Describe* pages), for aws-sdk-client-mock.
 */
import type { AuthorizationRule, ClientVpnConnection, ClientVpnEndpoint, ClientVpnRoute, Route, RouteTable, Subnet, TargetNetwork } from "@aws-sdk/client-ec2";

export const endpointId = "cvpn-endpoint-0123456789abcdef0";
export const vpcId = "vpc-0a1b2c3d4e5f60718";
export const subnetA = "subnet-0aa11bb22cc33dd44";
export const subnetB = "subnet-0ee55ff66aa77bb88";
export const engineersGroup = "3f2a9c1e-0000-4000-8000-000000000001";
/** The inputs every read of the endpoint must carry, for `.on(Command, input)`: DescribeClientVpnEndpoints, then the others. */
export const describeTheEndpoint = { ClientVpnEndpointIds: [endpointId] };
export const ofTheEndpoint = { ClientVpnEndpointId: endpointId };
export const opsGroup = "3f2a9c1e-0000-4000-8000-000000000002";

export function endpoint(state: string, overrides: Partial<ClientVpnEndpoint> = {}): ClientVpnEndpoint {
  return {
    ClientVpnEndpointId: endpointId,
    Description: "clientvpn-federation",
    Status: { Code: state as never },
    CreationTime: "2026-11-20T09:12:44",
    DnsName: "*.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com",
    ClientCidrBlock: "172.20.0.0/22",
    DnsServers: ["10.0.0.2"],
    SplitTunnel: true,
    VpnProtocol: "openvpn",
    TransportProtocol: "udp",
    VpnPort: 443,
    ServerCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0f0e0d0c-1111-4222-8333-944455566677",
    AuthenticationOptions: [{ Type: "federated-authentication", FederatedAuthentication: { SamlProviderArn: "arn:aws:iam::123456789012:saml-provider/clientvpn" } }],
    ConnectionLogOptions: { Enabled: true, CloudwatchLogGroup: "/clientvpn/dev", CloudwatchLogStream: "connections" },
    VpcId: vpcId,
    SecurityGroupIds: ["sg-0123456789abcdef0"],
    SessionTimeoutHours: 12,
    ...overrides,
  };
}

export function targetNetwork(subnetId: string, state: string, message?: string): TargetNetwork {
  return {
    AssociationId: `cvpn-assoc-${subnetId.slice(7, 24)}`,
    VpcId: vpcId,
    TargetNetworkId: subnetId,
    ClientVpnEndpointId: endpointId,
    Status: { Code: state as never, ...(message ? { Message: message } : {}) },
    SecurityGroups: ["sg-0123456789abcdef0"],
  };
}

export function authorizationRule(cidr: string, group: string | "all", state: string): AuthorizationRule {
  return {
    ClientVpnEndpointId: endpointId,
    Description: `rule for ${cidr}`,
    ...(group === "all" ? { AccessAll: true } : { GroupId: group, AccessAll: false }),
    DestinationCidr: cidr,
    Status: { Code: state as never },
  };
}

export function route(cidr: string, subnetId: string, state: string, origin: "associate" | "add-route" = "add-route"): ClientVpnRoute {
  return {
    ClientVpnEndpointId: endpointId,
    DestinationCidr: cidr,
    TargetSubnet: subnetId,
    Type: "Nat",
    Origin: origin,
    Status: { Code: state as never },
    Description: origin === "associate" ? "Default Route" : `${cidr} via ${subnetId}`,
  };
}

export function subnet(id: string, cidr: string, vpc: string): Subnet {
  return { SubnetId: id, CidrBlock: cidr, VpcId: vpc, AvailabilityZone: "us-east-1a", State: "available", AvailableIpAddressCount: 250 };
}

export function routeTable(id: string, vpc: string, associations: { subnetId?: string; main?: boolean }[], routes: { cidr: string; state?: "active" | "blackhole"; target?: string }[]): RouteTable {
  return {
    RouteTableId: id,
    VpcId: vpc,
    Associations: associations.map((association, index) => ({
      RouteTableAssociationId: `rtbassoc-${id.slice(4)}${index}`,
      RouteTableId: id,
      Main: association.main ?? false,
      ...(association.subnetId ? { SubnetId: association.subnetId } : {}),
      AssociationState: { State: "associated" },
    })),
    Routes: routes.map((item) => ({
      DestinationCidrBlock: item.cidr,
      State: item.state ?? "active",
      Origin: "CreateRoute",
      ...routeTargetField(item.target ?? "local"),
    })),
  };
}

/** The Route field EC2 fills for a target, by its ID prefix (API_Route.html). */
function routeTargetField(target: string): Partial<Route> {
  const byPrefix: [string, keyof Route][] = [
    ["tgw-", "TransitGatewayId"],
    ["pcx-", "VpcPeeringConnectionId"],
    ["nat-", "NatGatewayId"],
    ["eigw-", "EgressOnlyInternetGatewayId"],
    ["cagw-", "CarrierGatewayId"],
    ["eni-", "NetworkInterfaceId"],
    ["i-", "InstanceId"],
    ["lgw-", "LocalGatewayId"],
    ["arn:aws:networkmanager:", "CoreNetworkArn"],
  ];
  const field = byPrefix.find(([prefix]) => target.startsWith(prefix))?.[1] ?? "GatewayId";
  return { [field]: target };
}

export function connection(overrides: Partial<ClientVpnConnection> & { state?: string } = {}): ClientVpnConnection {
  const { state, ...rest } = overrides;
  return {
    ClientVpnEndpointId: endpointId,
    Timestamp: "2026-11-21 12:00:00",
    ConnectionId: "cvpn-connection-0aaaabbbbccccdddd",
    Username: "ana@example.com",
    ConnectionEstablishedTime: "2026-11-21 10:30:00",
    IngressBytes: "1048576",
    EgressBytes: "5242880",
    IngressPackets: "900",
    EgressPackets: "4000",
    ClientIp: "172.20.0.66",
    CommonName: "ana@example.com",
    Status: { Code: (state ?? "active") as never },
    ConnectionEndTime: "-",
    PostureComplianceStatuses: [],
    ...rest,
  };
}

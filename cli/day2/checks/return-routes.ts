import { type EC2Client, type Route, type RouteTable, type Subnet, paginateDescribeRouteTables, paginateDescribeSubnets } from "@aws-sdk/client-ec2";
import { contains, ipv4Network } from "../../../components/cidr";
import { type CheckResult, fail, notCheckable, pass, warn } from "../check-result";
import type { ReturnRouteOutput } from "../stack-context";

export const returnRoutesCheckName = "target networks route replies back to the endpoint's subnets";

/**
 * Client VPN source-NATs client traffic to its network interface in the associated subnet, so a
 * network outside the VPC must route the associated subnets' CIDRs back (over peering, a transit
 * gateway or a VPN): https://repost.aws/knowledge-center/client-vpn-give-users-resource-access
 *
 * A route that merely covers those CIDRs is not enough: `0.0.0.0/0` through a NAT or internet gateway
 * covers everything and sends the replies to the internet. Only a route whose target leads to the endpoint's
 * VPC carries them back, so the target is judged too (see routeTarget below).
 *
 * Only route tables this account can see in this region are checked: those of subnets that lie inside
 * the target network. A subnet without an explicit association uses its VPC's main route table
 * (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html#RouteTables). A network in
 * another account or on premises is reported as not checkable.
 */
export async function checkReturnRoutes(ec2: EC2Client, returnRoutes: readonly ReturnRouteOutput[]): Promise<CheckResult> {
  if (returnRoutes.length === 0) {
    return pass(returnRoutesCheckName, "every network is inside the endpoint's VPC: no return routes are needed");
  }
  const subnets = await allSubnets(ec2);
  const missing: string[] = [];
  const unverified: string[] = [];
  const confirmed: string[] = [];
  const invisible: string[] = [];
  for (const target of returnRoutes) {
    const network = ipv4Network(target.network);
    const inside = subnets.filter((subnet) => subnet.CidrBlock && contains(network, ipv4Network(subnet.CidrBlock)));
    if (inside.length === 0) {
      invisible.push(`${target.name} ${target.network}`);
      continue;
    }
    const tables = await routeTablesFor(ec2, inside);
    const flaggedBefore = missing.length + unverified.length;
    for (const table of tables) {
      for (const cidr of target.returnTo) {
        const at = `${table.RouteTableId} (${target.name})`;
        const route = routeCovering(table.Routes ?? [], cidr);
        if (!route) {
          missing.push(`${at} has no route to ${cidr}`);
          continue;
        }
        if (route.State !== "active") {
          missing.push(`${at} routes ${cidr} into a blackhole (${route.DestinationCidrBlock})`);
          continue;
        }
        const via = routeTarget(route);
        if (via.carriesReplies === false) missing.push(`${at} sends ${cidr} to ${via.label} (${route.DestinationCidrBlock}), which does not lead back to the endpoint's VPC`);
        else if (via.carriesReplies === undefined) unverified.push(`${at} sends ${cidr} to ${via.label} (${route.DestinationCidrBlock})`);
      }
    }
    if (missing.length + unverified.length === flaggedBefore) confirmed.push(`${target.name} (${tables.length} route table(s))`);
  }
  const cidrs = [...new Set(returnRoutes.flatMap((route) => route.returnTo))].join(", ");
  if (missing.length > 0) {
    return fail(
      returnRoutesCheckName,
      [...missing, ...unverified].join("; "),
      `add a route for ${cidrs} (the endpoint's associated subnets) to those route tables, pointing at the peering connection, transit gateway or VPN gateway that leads back to the endpoint's VPC`,
    );
  }
  if (unverified.length > 0) {
    return warn(
      returnRoutesCheckName,
      unverified.join("; "),
      `check by hand that this target forwards ${cidrs} to the endpoint's VPC; only peering connections, transit gateways and VPN gateways are known to lead there`,
    );
  }
  if (invisible.length > 0) {
    const seen = confirmed.length > 0 ? `present for ${confirmed.join(", ")}; ` : "";
    return notCheckable(
      returnRoutesCheckName,
      `${seen}not checkable from here for ${invisible.join(", ")}: no subnet of it is visible in this account and region`,
      `in the account or router that owns each network, check that ${cidrs} route back to the endpoint's VPC (see the returnRoutes output)`,
    );
  }
  return pass(returnRoutesCheckName, `present for ${confirmed.join(", ")}`);
}

async function allSubnets(ec2: EC2Client): Promise<Subnet[]> {
  const subnets: Subnet[] = [];
  for await (const page of paginateDescribeSubnets({ client: ec2 }, {})) subnets.push(...(page.Subnets ?? []));
  return subnets;
}

/** Explicitly associated tables, plus the main table of each VPC with a subnet that has none. */
async function routeTablesFor(ec2: EC2Client, subnets: Subnet[]): Promise<RouteTable[]> {
  const subnetIds = subnets.map((subnet) => subnet.SubnetId!).filter(Boolean);
  const explicit = await describeRouteTables(ec2, [{ Name: "association.subnet-id", Values: subnetIds }]);
  const associated = new Set(explicit.flatMap((table) => (table.Associations ?? []).map((association) => association.SubnetId)));
  const vpcsUsingMain = [...new Set(subnets.filter((subnet) => !associated.has(subnet.SubnetId)).map((subnet) => subnet.VpcId!))];
  const main =
    vpcsUsingMain.length > 0
      ? await describeRouteTables(ec2, [
          { Name: "vpc-id", Values: vpcsUsingMain },
          { Name: "association.main", Values: ["true"] },
        ])
      : [];
  return [...explicit, ...main];
}

async function describeRouteTables(ec2: EC2Client, filters: { Name: string; Values: string[] }[]): Promise<RouteTable[]> {
  const tables: RouteTable[] = [];
  for await (const page of paginateDescribeRouteTables({ client: ec2 }, { Filters: filters })) tables.push(...(page.RouteTables ?? []));
  return tables;
}

/** The most specific route whose destination contains `cidr`, as the VPC router would pick it. */
function routeCovering(routes: Route[], cidr: string): Route | undefined {
  const wanted = ipv4Network(cidr);
  return routes
    .filter((route) => route.DestinationCidrBlock && contains(ipv4Network(route.DestinationCidrBlock), wanted))
    .sort((a, b) => ipv4Network(b.DestinationCidrBlock!).prefixLength - ipv4Network(a.DestinationCidrBlock!).prefixLength)[0];
}

/**
 * Where a route sends traffic, and whether that can be the way back to the endpoint's VPC. The target fields
 * are those of EC2's Route (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Route.html). A peering
 * connection, a transit gateway or a virtual private gateway (Site-to-Site VPN) can lead to another VPC, as in the
 * Client VPN scenarios (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/scenario-peered.html,
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/scenario-onprem.html). NAT, internet, egress-only and
 * carrier gateways lead to the internet, and `local` stays in the table's own VPC: replies sent there are lost.
 * Anything else (an appliance's network interface or instance, Cloud WAN, a Local Zone gateway) may forward on,
 * which this check cannot see: it is reported, not passed.
 */
export function routeTarget(route: Route): { label: string; carriesReplies: boolean | undefined } {
  if (route.VpcPeeringConnectionId) return { label: `peering connection ${route.VpcPeeringConnectionId}`, carriesReplies: true };
  if (route.TransitGatewayId) return { label: `transit gateway ${route.TransitGatewayId}`, carriesReplies: true };
  const gateway = route.GatewayId ?? "";
  if (gateway.startsWith("vgw-")) return { label: `VPN gateway ${gateway}`, carriesReplies: true };
  if (route.NatGatewayId) return { label: `NAT gateway ${route.NatGatewayId}`, carriesReplies: false };
  if (gateway.startsWith("igw-")) return { label: `internet gateway ${gateway}`, carriesReplies: false };
  if (route.EgressOnlyInternetGatewayId) return { label: `egress-only internet gateway ${route.EgressOnlyInternetGatewayId}`, carriesReplies: false };
  if (route.CarrierGatewayId) return { label: `carrier gateway ${route.CarrierGatewayId}`, carriesReplies: false };
  if (gateway === "local") return { label: "the table's own VPC (local)", carriesReplies: false };
  const other =
    (route.NetworkInterfaceId && `network interface ${route.NetworkInterfaceId}`) ||
    (route.InstanceId && `instance ${route.InstanceId}`) ||
    (route.CoreNetworkArn && `core network ${route.CoreNetworkArn}`) ||
    (route.LocalGatewayId && `local gateway ${route.LocalGatewayId}`) ||
    (gateway && `gateway ${gateway}`) ||
    "a target this check does not know";
  return { label: other, carriesReplies: undefined };
}

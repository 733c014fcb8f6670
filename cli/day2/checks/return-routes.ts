import { type EC2Client, type Route, type RouteTable, type Subnet, paginateDescribeRouteTables, paginateDescribeSubnets } from "@aws-sdk/client-ec2";
import { contains, ipv4Network } from "../../../components/cidr";
import { type CheckResult, fail, notCheckable, pass } from "../check-result";
import type { ReturnRouteOutput } from "../stack-context";

export const returnRoutesCheckName = "target networks route replies back to the endpoint's subnets";

/**
 * Client VPN source-NATs client traffic to its network interface in the associated subnet, so a
 * network outside the VPC must route the associated subnets' CIDRs back (over peering, a transit
 * gateway or a VPN): https://repost.aws/knowledge-center/client-vpn-give-users-resource-access
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
    const missingBefore = missing.length;
    for (const table of tables) {
      for (const cidr of target.returnTo) {
        const route = routeCovering(table.Routes ?? [], cidr);
        if (!route) missing.push(`${table.RouteTableId} (${target.name}) has no route to ${cidr}`);
        else if (route.State !== "active") missing.push(`${table.RouteTableId} (${target.name}) routes ${cidr} into a blackhole (${route.DestinationCidrBlock})`);
      }
    }
    if (missing.length === missingBefore) confirmed.push(`${target.name} (${tables.length} route table(s))`);
  }
  if (missing.length > 0) {
    const cidrs = [...new Set(returnRoutes.flatMap((route) => route.returnTo))].join(", ");
    return fail(
      returnRoutesCheckName,
      missing.join("; "),
      `add a route for ${cidrs} (the endpoint's associated subnets) to those route tables, pointing at the peering connection or transit gateway that leads back to the endpoint's VPC`,
    );
  }
  if (invisible.length > 0) {
    const seen = confirmed.length > 0 ? `present for ${confirmed.join(", ")}; ` : "";
    return notCheckable(
      returnRoutesCheckName,
      `${seen}not checkable from here for ${invisible.join(", ")}: no subnet of it is visible in this account and region`,
      `in the account or router that owns each network, check that ${[...new Set(returnRoutes.flatMap((route) => route.returnTo))].join(", ")} route back to the endpoint's VPC (see the returnRoutes output)`,
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

import { AccessEntry, distinctNetworks } from "./config";
import { contains, ipv4Network } from "./cidr";

/**
 * Turns the `access` list into the endpoint's authorization rules and routes.
 *
 * Resource names derive from the entry name and the group object ID (never the position),
 * so reordering the list or renaming an alias leaves existing rules untouched.
 */
export interface PlannedRule {
  resourceName: string;
  accessName: string;
  cidr: string;
  description: string;
  /** Group object ID, or undefined for a rule that authorizes all groups. */
  groupObjectId?: string;
  groupAlias?: string;
}

export interface PlannedRoute {
  resourceName: string;
  accessName: string;
  cidr: string;
  subnetId: string;
  description: string;
}

export interface ReturnRoute {
  name: string;
  network: string;
  /**
   * Where the target network's route tables must send replies. Client VPN source-NATs client
   * traffic to the address of its network interface in the associated subnet, so replies go
   * to those subnets, not to the client CIDR.
   * https://repost.aws/knowledge-center/client-vpn-give-users-resource-access
   */
  returnTo: string[];
}

export function planAuthorizationRules(access: AccessEntry[]): PlannedRule[] {
  return access.flatMap((entry): PlannedRule[] => {
    if (entry.groups === "all") {
      return [{ resourceName: `rule-${entry.name}-all`, accessName: entry.name, cidr: entry.cidr, description: entry.description }];
    }
    return entry.groups.map((group) => ({
      resourceName: `rule-${entry.name}-${group.objectId || group.alias}`,
      accessName: entry.name,
      cidr: entry.cidr,
      description: entry.description,
      groupObjectId: group.objectId,
      groupAlias: group.alias,
    }));
  });
}

/**
 * The distinct access networks AWS does not already route: those not inside one of the VPC's
 * CIDRs (associating a subnet adds the VPC's own route).
 */
function networksOutsideVpc(access: AccessEntry[], vpcCidrs: string[]): { name: string; cidr: string }[] {
  const vpcNetworks = vpcCidrs.map(ipv4Network);
  return distinctNetworks(access).filter((network) => !vpcNetworks.some((vpc) => contains(vpc, ipv4Network(network.cidr))));
}

/**
 * One route per network outside the VPC per associated subnet. AWS adds the VPC's own route
 * when a subnet is associated and rejects a duplicate of it; every associated subnet needs the
 * same set of routes or access becomes intermittent.
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-routes.html
 */
export function planRoutes(access: AccessEntry[], subnetIds: string[], vpcCidrs: string[]): PlannedRoute[] {
  return networksOutsideVpc(access, vpcCidrs).flatMap((network) =>
    subnetIds.map((subnetId) => ({
      resourceName: `route-${network.name}-${subnetId}`,
      accessName: network.name,
      cidr: network.cidr,
      subnetId,
      description: `${network.name} via ${subnetId}`,
    })),
  );
}

/** The networks outside the VPC that need a route back to the associated subnets. */
export function planReturnRoutes(access: AccessEntry[], vpcCidrs: string[], subnetCidrs: string[]): ReturnRoute[] {
  return networksOutsideVpc(access, vpcCidrs)
    .filter((network) => network.cidr !== "0.0.0.0/0")
    .map((network) => ({ name: network.name, network: network.cidr, returnTo: [...subnetCidrs] }));
}

/** What the `authorizationRules` stack output shows: one line per access entry. */
export function describeAuthorizationRules(access: AccessEntry[]): { name: string; network: string; groups: string[] | "all" }[] {
  return access.map((entry) => ({
    name: entry.name,
    network: entry.cidr,
    groups: entry.groups === "all" ? "all" : entry.groups.map((g) => (g.alias ? `${g.alias} (${g.objectId})` : g.objectId)),
  }));
}

import { ConfigProblem, VpnConfig, AccessEntry } from "./config";
import { ipv4Network, overlaps } from "./cidr";
import { planRoutes } from "./access-plan";

/** What the program looks up from AWS before it declares anything. */
export interface NetworkFacts {
  /** Every IPv4 CIDR associated with the VPC (primary and secondary). */
  vpcCidrs: string[];
  subnets: SubnetFacts[];
}

export interface SubnetFacts {
  id: string;
  vpcId: string;
  availabilityZone: string;
  cidr: string;
  /** Free addresses in the subnet now: DescribeSubnets' AvailableIpAddressCount. */
  availableIpAddresses: number;
}

/**
 * What a target network needs: "The subnet must have a CIDR block with at least a /27 bitmask, for example
 * 10.0.0.0/27. The subnet must also have at least 20 available IP addresses at all times."
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-target.html ("Client VPN target network
 * requirements"). Older copies of that page said 8; the current one says 20.
 */
export const narrowestTargetSubnetPrefix = 27;
export const minimumAvailableAddresses = 20;

/**
 * The second validation pass, once the VPC and subnets are known. Still pure: it sees the
 * looked-up facts, never the cloud, and returns every problem it finds.
 */
export function checkNetworkFacts(vpn: VpnConfig, access: AccessEntry[], facts: NetworkFacts): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const problem = (setting: string, message: string) => problems.push({ setting, message });

  const zones = new Map<string, string>();
  vpn.subnetIds.forEach((subnetId, index) => {
    const subnet = facts.subnets.find((s) => s.id === subnetId);
    const at = `vpn.subnetIds[${index}]`;
    if (!subnet) {
      problem(at, `${subnetId} was not found in this account and region`);
      return;
    }
    if (subnet.vpcId !== vpn.vpcId) {
      problem(at, `${subnetId} is in ${subnet.vpcId}, not in vpn.vpcId ${vpn.vpcId}; every associated subnet must be in the endpoint's VPC`);
    }
    const earlier = zones.get(subnet.availabilityZone);
    if (earlier) {
      problem(
        at,
        `${subnetId} is in ${subnet.availabilityZone} like ${earlier}; Client VPN associates one subnet per availability zone, keep one of them`,
      );
    }
    zones.set(subnet.availabilityZone, subnetId);
    if (ipv4Network(subnet.cidr).prefixLength > narrowestTargetSubnetPrefix) {
      problem(at, `${subnetId} is ${subnet.cidr}; a Client VPN target subnet must be /27 or larger`);
    } else if (subnet.availableIpAddresses < minimumAvailableAddresses) {
      problem(
        at,
        `${subnetId} has ${subnet.availableIpAddresses} free IP address${subnet.availableIpAddresses === 1 ? "" : "es"}; Client VPN needs at least ${minimumAvailableAddresses} free at all times in an associated subnet: free some addresses or choose a subnet with room`,
      );
    }
  });

  const client = ipv4Network(vpn.clientCidr);
  for (const vpcCidr of facts.vpcCidrs) {
    if (overlaps(client, ipv4Network(vpcCidr))) {
      problem(
        "vpn.clientCidr",
        `${vpn.clientCidr} overlaps the VPC's CIDR ${vpcCidr}; Client VPN requires a client range outside the VPC, e.g. 172.20.0.0/22`,
      );
    }
  }

  // The quota counts routes per target network association; AWS adds the VPC's own route to
  // each association, and every association carries the same set of ours.
  const ownRoutesPerAssociation = planRoutes(access, vpn.subnetIds.slice(0, 1), facts.vpcCidrs).length;
  const routesPerAssociation = ownRoutesPerAssociation + facts.vpcCidrs.length;
  if (routesPerAssociation > vpn.quotas.routesPerAssociation) {
    problem(
      "access",
      `needs ${routesPerAssociation} routes per associated subnet (including the ${facts.vpcCidrs.length} AWS adds for the VPC) but the quota is ${vpn.quotas.routesPerAssociation}; request an increase in Service Quotas and set vpn.quotas.routesPerAssociation, or grant fewer networks`,
    );
  }
  return problems;
}

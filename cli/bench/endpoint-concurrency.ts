import { concurrencyOf, ConcurrencyFacts, GraphNode } from "../shared/dependency-graph";

/**
 * The endpoint changes AWS counts against its limit of 10 concurrent operations: subnet associations,
 * authorization rules and routes (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/limits.html).
 */
export const endpointMutationTypes: ReadonlySet<string> = new Set([
  "aws:ec2clientvpn/networkAssociation:NetworkAssociation",
  "aws:ec2clientvpn/authorizationRule:AuthorizationRule",
  "aws:ec2clientvpn/route:Route",
]);

/** Worst case in flight and longest chain of endpoint changes in a recorded graph; undefined when there are none. */
export function endpointConcurrency(resources: (GraphNode & { type: string })[]): ConcurrencyFacts | undefined {
  const mutations = new Set(resources.filter((resource) => endpointMutationTypes.has(resource.type)).map((resource) => resource.urn));
  if (mutations.size === 0) return undefined;
  return concurrencyOf(resources, (node) => mutations.has(node.urn));
}

/**
 * A Client VPN endpoint accepts at most 10 concurrent changes to its associations,
 * authorization rules and routes; the 11th fails with ConcurrentMutationLimitExceeded, and the
 * AWS provider retries that error only for routes.
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/limits.html ("Concurrent operations")
 *
 * Spreading the changes over that many dependency lanes, each change waiting for the one
 * before it in its lane, caps what the engine can run at once at the lane count, while the
 * longest chain stays ceil(n / lanes): the fastest schedule the limit allows.
 */
export const maxConcurrentEndpointMutations = 10;

/**
 * For each of `count` changes in declaration order, the index of the change it must wait for,
 * or undefined for the first change of a lane.
 */
export function lanePredecessors(count: number, lanes: number = maxConcurrentEndpointMutations): (number | undefined)[] {
  if (!Number.isInteger(lanes) || lanes < 1) throw new Error(`lanes must be a positive integer, got ${lanes}`);
  return Array.from({ length: count }, (_, index) => (index >= lanes ? index - lanes : undefined));
}

/**
 * A Client VPN endpoint accepts at most 10 concurrent changes to its associations,
 * authorization rules and routes ("Concurrent operations per Client VPN endpoint: 10", not adjustable);
 * the 11th fails with ConcurrentMutationLimitExceeded.
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/limits.html
 *
 * The AWS provider retries that error ("Cannot initiate another change for this endpoint at this time") on
 * every call of its shared EC2 client, not only for routes: the check in the client's retryer matches the
 * error code and message, whatever the operation (hashicorp/terraform-provider-aws
 * internal/service/ec2/service_package.go; history in issue #19750). The lanes stay: retries are spent
 * against a documented limit the plan can simply respect, and each retry delays the whole update.
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

/** The parts of a resource a violation message names. */
export interface NamedResource {
  name: string;
  urn: string;
}

/**
 * Builds a violation message that says which resource is wrong, what is wrong, and how to fix it,
 * so a reader of `pulumi preview` output can act without opening the policy's source.
 */
export function violation(kind: string, resource: NamedResource, problem: string, fix: string): string {
  return `${kind} "${resource.name}" (${resource.urn}): ${problem} Fix: ${fix}`;
}

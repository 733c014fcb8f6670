import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { snapshot } from "./known";

/** A stack resource with its props as plain snapshot data (see snapshot()) and the URNs it depends on. */
export interface StackResource {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
  /** URNs of resources this one takes inputs from or waits for. */
  dependsOn: Set<string>;
}

function dependencyUrns(resource: PolicyResource): Set<string> {
  const urns = new Set<string>();
  for (const dependency of resource.dependencies ?? []) urns.add(dependency.urn);
  for (const list of Object.values(resource.propertyDependencies ?? {})) {
    for (const dependency of list) urns.add(dependency.urn);
  }
  return urns;
}

/** Snapshots every resource of the stack once, so stack policies never touch the engine's throwing proxies. */
export function readStack(args: StackValidationArgs): StackResource[] {
  return args.resources.map((resource) => {
    const props = snapshot(resource.props);
    return {
      type: resource.type,
      name: resource.name,
      urn: resource.urn,
      props: props !== null && typeof props === "object" && !Array.isArray(props) ? (props as Record<string, unknown>) : {},
      dependsOn: dependencyUrns(resource),
    };
  });
}

export function ofType(resources: StackResource[], type: string): StackResource[] {
  return resources.filter((resource) => resource.type === type);
}

/**
 * The endpoints a rule, route or association belongs to: the ones it takes inputs from
 * (clientVpnEndpointId), or the only endpoint of the stack when the dependency is not visible.
 */
export function endpointsOf(resource: StackResource, endpoints: StackResource[]): StackResource[] {
  const linked = endpoints.filter((endpoint) => resource.dependsOn.has(endpoint.urn));
  if (linked.length > 0) return linked;
  return endpoints.length === 1 ? endpoints : [];
}

import { isDeepStrictEqual } from "node:util";
import { RecordedResource } from "./recording-mocks";

/** One resource in a change, with the input properties behind it (for replace and update). */
export interface ResourceChange {
  urn: string;
  type: string;
  name: string;
  properties: string[];
  /** A replacement that deletes the old resource before it creates the new one. */
  deleteFirst?: boolean;
}

/** What going from one declared graph to another would do, as `pulumi preview` groups it. */
export interface GraphChange {
  create: ResourceChange[];
  replace: ResourceChange[];
  update: ResourceChange[];
  delete: ResourceChange[];
}

/**
 * Compares two declared graphs of one stack (the program run twice under mocks) the way the engine
 * compares the state with a new run: by URN. A resource in both is replaced when an input its provider
 * cannot change in place differs, updated when another input differs, and left alone otherwise. An input
 * whose value comes from a resource that is created or replaced counts as changed even when the fake
 * providers happen to return the same value, because the real value is only known after apply
 * (a preview shows it as unknown). Components and stack references only group or read; they are skipped.
 */
export function compareDeclaredGraphs(
  before: readonly RecordedResource[],
  after: readonly RecordedResource[],
  replacingProperties: Readonly<Record<string, readonly string[]>>,
): GraphChange {
  const custom = (resources: readonly RecordedResource[]) => resources.filter(isCustomResource);
  const previous = new Map(custom(before).map((resource) => [resource.urn, resource]));
  const next = custom(after);
  const nextUrns = new Set(next.map((resource) => resource.urn));
  const change: GraphChange = { create: [], replace: [], update: [], delete: [] };
  const renewed = new Set<string>();

  // Registration order is dependency order: a resource is declared after everything it takes values from.
  for (const resource of next) {
    const old = previous.get(resource.urn);
    if (!old) {
      change.create.push(describe(resource, []));
      renewed.add(resource.urn);
      continue;
    }
    const changed = changedInputs(old, resource, renewed);
    const forcing = changed.filter((property) => replacingProperties[resource.type]?.includes(property));
    if (forcing.length) {
      change.replace.push({ ...describe(resource, forcing), ...(resource.deleteBeforeReplace ? { deleteFirst: true } : {}) });
      renewed.add(resource.urn);
    } else if (changed.length) {
      change.update.push(describe(resource, changed));
    }
  }
  for (const resource of custom(before)) {
    if (!nextUrns.has(resource.urn)) change.delete.push(describe(resource, []));
  }
  return change;
}

/** Inputs that differ, or that come from a resource created or replaced in this change. */
function changedInputs(old: RecordedResource, resource: RecordedResource, renewed: ReadonlySet<string>): string[] {
  const properties = new Set([...Object.keys(old.inputs), ...Object.keys(resource.inputs)]);
  // A dynamic resource's serialized provider code is not an input anyone sets.
  properties.delete("__provider");
  return [...properties].filter(
    (property) =>
      !isDeepStrictEqual(old.inputs[property], resource.inputs[property]) ||
      (resource.propertyDependencies?.[property] ?? []).some((urn) => renewed.has(urn)),
  );
}

function describe(resource: RecordedResource, properties: string[]): ResourceChange {
  return { urn: resource.urn, type: resource.type, name: resource.name, properties };
}

/** Resources a provider creates: their type has a module part (`aws:iam/samlProvider:SamlProvider`). */
function isCustomResource(resource: RecordedResource): boolean {
  return resource.type.includes("/");
}

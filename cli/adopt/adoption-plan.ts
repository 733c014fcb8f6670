/**
 * From what the program declared (run against the live federation) to the import file for
 * `pulumi import --file` and the changes the first `pulumi up` will make. Pure.
 *
 * Import file format: pulumi/pulumi pkg/cmd/pulumi/operations/import.go (importFile, importSpec): `type`, `name`
 * (unique in the file, what `parent` refers to), `logicalName` (the name the program declares; Pulumi >= 3.98),
 * `id`, `parent`, `version`, and `component: true` for a component resource created empty during the import
 * (Pulumi >= 3.94). Each resource's URN is then built from its parent chain, type and logical name, exactly as
 * the program's registration builds it.
 */
import { version as awsProviderVersion } from "@pulumi/aws/package.json";
import { version as azureadProviderVersion } from "@pulumi/azuread/package.json";
import type { RecordedResource } from "../plan/recording-mocks";
import type { DeclaredRun } from "./declared-run";
import { matchKey, resourceTypes } from "./resource-types";

export interface ImportSpec {
  type: string;
  name: string;
  logicalName: string;
  id?: string;
  parent?: string;
  component?: true;
  version?: string;
}

export interface ImportFile {
  resources: ImportSpec[];
}

export interface PropertyChange {
  property: string;
  live: unknown;
  declared: unknown;
  /** The property is ForceNew: this change replaces the resource. */
  replaces: boolean;
}

export type ResourceChange =
  | { kind: "create"; type: string; name: string; urn: string; inputs: Record<string, unknown>; reason?: string }
  | { kind: "update" | "replace"; type: string; name: string; urn: string; label: string; properties: PropertyChange[] };

export interface AdoptionPlan {
  importFile: ImportFile;
  imported: { type: string; name: string; urn: string; id: string; label: string }[];
  changes: ResourceChange[];
  /** Inputs the program declares on an imported resource that adopt does not model: a gap to close, never silent. */
  unmodeled: { type: string; name: string; properties: string[] }[];
}

/** Provider plugin versions the program was built with, so `pulumi import` reads with the same ones. */
function providerVersion(type: string): string | undefined {
  if (type.startsWith("aws:")) return awsProviderVersion;
  if (type.startsWith("azuread:")) return azureadProviderVersion;
  return undefined;
}

export function planAdoption(run: DeclaredRun): AdoptionPlan {
  const imported: AdoptionPlan["imported"] = [];
  const changes: ResourceChange[] = [];
  const unmodeled: AdoptionPlan["unmodeled"] = [];
  const custom = run.resources.filter((resource) => resource.custom !== false);
  for (const resource of custom) {
    const spec = resourceTypes[resource.type];
    const match = run.matches.get(matchKey(resource.type, resource.name));
    if (!match) {
      changes.push({
        kind: "create",
        type: resource.type,
        name: resource.name,
        urn: resource.urn,
        inputs: resource.inputs,
        reason: spec?.createdBecause ?? (spec ? undefined : `adopt has no mapping for ${resource.type}`),
      });
      continue;
    }
    imported.push({ type: resource.type, name: resource.name, urn: resource.urn, id: match.importId, label: match.label });
    const unordered = new Set(spec.unordered ?? []);
    const properties = Object.keys(match.liveInputs)
      .filter((property) => !sameValue(resource.inputs[property], match.liveInputs[property], unordered.has(property)))
      .map((property) => ({
        property,
        live: match.liveInputs[property],
        declared: resource.inputs[property],
        replaces: spec.forceNew.includes(property),
      }));
    const notModeled = Object.keys(resource.inputs).filter((property) => !(property in match.liveInputs) && !property.startsWith("__"));
    if (notModeled.length) unmodeled.push({ type: resource.type, name: resource.name, properties: notModeled });
    if (properties.length) {
      changes.push({
        kind: properties.some((change) => change.replaces) ? "replace" : "update",
        type: resource.type,
        name: resource.name,
        urn: resource.urn,
        label: match.label,
        properties,
      });
    }
  }
  return { importFile: importFileFor(run.resources, imported), imported, changes, unmodeled };
}

function importFileFor(resources: RecordedResource[], imported: AdoptionPlan["imported"]): ImportFile {
  const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
  // The components that hold an imported resource, outermost first, then the imported resources.
  const componentUrns: string[] = [];
  for (const entry of imported) {
    const chain: string[] = [];
    for (let parent = byUrn.get(entry.urn)?.parent; parent; parent = byUrn.get(parent)?.parent) chain.unshift(parent);
    for (const urn of chain) if (!componentUrns.includes(urn)) componentUrns.push(urn);
  }
  const names = new Map<string, string>();
  const taken = new Set<string>();
  const nameFor = (resource: RecordedResource) => {
    let name = resource.name;
    if (taken.has(name)) name = `${resource.name}-${resource.type.split(":").pop()!.toLowerCase()}`;
    taken.add(name);
    names.set(resource.urn, name);
    return name;
  };
  const specs: ImportSpec[] = [];
  for (const urn of componentUrns) {
    const component = byUrn.get(urn)!;
    specs.push({ type: component.type, name: nameFor(component), logicalName: component.name, component: true, ...parentOf(component, names) });
  }
  for (const entry of imported) {
    const resource = byUrn.get(entry.urn)!;
    const version = providerVersion(resource.type);
    specs.push({
      type: resource.type,
      name: nameFor(resource),
      logicalName: resource.name,
      id: entry.id,
      ...parentOf(resource, names),
      ...(version ? { version } : {}),
    });
  }
  return { resources: specs };
}

function parentOf(resource: RecordedResource, names: Map<string, string>): { parent?: string } {
  const parent = resource.parent ? names.get(resource.parent) : undefined;
  return parent ? { parent } : {};
}

/**
 * Equal as the provider's diff sees them: an absent value, null, "", false and an empty list or map are all
 * "not set" (Terraform's zero values); sets compare without order.
 */
export function sameValue(declared: unknown, live: unknown, unordered = false): boolean {
  return JSON.stringify(canonical(declared, unordered)) === JSON.stringify(canonical(live, unordered));
}

function canonical(value: unknown, unordered: boolean): unknown {
  if (value === undefined || value === null || value === "" || value === false) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item, false)).filter((item) => item !== undefined);
    if (items.length === 0) return undefined;
    return unordered ? items.map((item) => JSON.stringify(item)).sort().map((text) => JSON.parse(text) as unknown) : items;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => [key, canonical(item, false)] as const)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value;
}

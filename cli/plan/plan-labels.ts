import { AccessEntry } from "../../components/config";
import { NetworkFacts, SubnetFacts } from "../../components/network-facts";

/**
 * How the plan names things for people: group aliases for object IDs, network names for CIDRs,
 * subnets with their zone, and every made-up value in <angle brackets>.
 */
export interface PlanLabels {
  /** The value as text; a placeholder (made up by the offline plan) in <angle brackets>. */
  show(value: unknown): string;
  isPlaceholder(value: unknown): boolean;
  groupAlias(objectId: string): string | undefined;
  networkName(cidr: string): string | undefined;
  subnet(subnetId: string): SubnetFacts | undefined;
}

export function planLabels(input: {
  placeholders: ReadonlySet<string>;
  /** alias -> object ID, as in azure.groups. */
  groups?: Record<string, string>;
  access?: AccessEntry[];
  network?: NetworkFacts;
}): PlanLabels {
  const aliasById = new Map(Object.entries(input.groups ?? {}).map(([alias, id]) => [id.toLowerCase(), alias]));
  for (const entry of input.access ?? []) {
    if (entry.groups === "all") continue;
    for (const group of entry.groups) if (group.alias && group.objectId && !aliasById.has(group.objectId)) aliasById.set(group.objectId, group.alias);
  }
  const nameByCidr = new Map<string, string>();
  for (const entry of input.access ?? []) if (!nameByCidr.has(entry.cidr)) nameByCidr.set(entry.cidr, entry.name);
  const isPlaceholder = (value: unknown) => typeof value === "string" && input.placeholders.has(value);
  return {
    isPlaceholder,
    show: (value) => (isPlaceholder(value) ? `<${String(value)}>` : text(value)),
    groupAlias: (objectId) => aliasById.get(objectId.toLowerCase()),
    networkName: (cidr) => nameByCidr.get(cidr),
    subnet: (subnetId) => input.network?.subnets.find((subnet) => subnet.id === subnetId),
  };
}

function text(value: unknown): string {
  if (value === undefined || value === null) return "-";
  if (Array.isArray(value)) return value.map(text).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

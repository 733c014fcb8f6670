/** The policy table of docs/policy-pack.md, from the pack's own catalog: names, levels, what each checks, its settings. */
import type { Policy } from "@pulumi/policy";

interface ConfigProperty {
  default?: unknown;
}

export function renderPolicyTable(policies: readonly Policy[]): string {
  const settings = (policy: Policy) => {
    const properties = (policy.configSchema?.properties ?? {}) as Record<string, ConfigProperty>;
    const names = Object.entries(properties).map(([name, property]) => `\`${name}\`${property.default !== undefined ? ` (${JSON.stringify(property.default)})` : ""}`);
    return names.length ? names.join(", ") : "enforcement level only";
  };
  return [
    "| Policy | Level | Checks | Settings (default) |",
    "| --- | --- | --- | --- |",
    ...policies.map((policy) => `| \`${policy.name}\` | ${policy.enforcementLevel ?? "advisory"} | ${policy.description.replace(/\|/g, "\\|")} | ${settings(policy)} |`),
  ].join("\n");
}

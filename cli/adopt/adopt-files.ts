/**
 * The two files adopt writes: Pulumi.<stack>.yaml (the stack's config, in the shape the Pulumi CLI reads) and
 * the import file for `pulumi import --file`. Pure text.
 */
import { dump } from "js-yaml";
import type { ImportFile } from "./adoption-plan";
import type { StackSettings } from "./stack-settings";

export function stackFileName(stack: string): string {
  return `Pulumi.${stack}.yaml`;
}

export function importFileName(stack: string): string {
  return `adopt-${stack}.import.json`;
}

export function stackFileText(settings: StackSettings, source: { endpointId: string; region: string; application: string; date: Date }): string {
  const header = [
    `# Written by npm run adopt on ${source.date.toISOString().slice(0, 10)} from ${source.endpointId} (${source.region})`,
    `# and the Entra application ${source.application}.`,
    "# It reproduces what it found. clientvpn-federation:adopted keeps the names and descriptions the program",
    "# would otherwise choose itself (changing them replaces resources users depend on). planNetwork is read",
    "# only by the offline plan (npm run plan).",
  ];
  // The core schema keeps every value a plain YAML scalar, as the Pulumi CLI reads them back.
  const body = dump({ config: settings }, { lineWidth: -1, noRefs: true, quotingType: '"', sortKeys: false });
  return `${header.join("\n")}\n${body}`;
}

export function importFileText(file: ImportFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

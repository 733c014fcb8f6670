import { closest, distance } from "fastest-levenshtein";
import { RawStackConfig, configNamespace, namespaceSettings } from "./config";

/** Every config key the program reads, with its namespace. */
const readKeys = ["aws:region", "azuread:tenantId", "azuread:environment", ...namespaceSettings.map((key) => `${configNamespace}:${key}`)];

/**
 * Maps the engine's flat config (as `pulumi.runtime.allConfig()` or a Pulumi.<stack>.yaml
 * gives it: structured values JSON-encoded) to the raw shape the validator reads.
 *
 * Config keys are case-sensitive: `azuread:tenantid` is not `azuread:tenantId`, and the provider would not
 * see it either. Such a key, or a near miss of one of this program's own settings (`clientvpn-federation:acess`)
 * whose real key is absent, is reported once as misspelt, and its value is read in place of the missing one: the
 * mistake must not also show up as "tenantId is required" or "access is required".
 */
export function rawConfigFromEngine(all: Record<string, string>): RawStackConfig {
  const misspelledSettings = Object.keys(all).flatMap((written) => {
    const meant = meantKey(written);
    return meant && all[meant] === undefined ? [{ written, meant }] : [];
  });
  const read = (key: string): string | undefined => all[key] ?? all[misspelledSettings.find((m) => m.meant === key)?.written ?? ""];
  const structured = (key: string): unknown => {
    const value = read(`${configNamespace}:${key}`);
    if (value === undefined) return undefined;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  };
  const unknownSettings = Object.keys(all)
    .filter((key) => key.startsWith(`${configNamespace}:`))
    .filter((key) => !readKeys.includes(key) && !misspelledSettings.some((m) => m.written === key));
  return {
    unknownSettings,
    misspelledSettings,
    awsRegion: read("aws:region"),
    tenantId: read("azuread:tenantId"),
    environment: read("azuread:environment"),
    mode: read(`${configNamespace}:mode`),
    identityStack: read(`${configNamespace}:identityStack`),
    azure: structured("azure"),
    vpn: structured("vpn"),
    access: structured("access"),
    cost: structured("cost"),
    adopted: structured("adopted"),
  };
}

/** The key the program reads that `written` was meant to be, if it is a near miss of one. */
function meantKey(written: string): string | undefined {
  if (readKeys.includes(written)) return undefined;
  const sameButCase = readKeys.find((key) => key.toLowerCase() === written.toLowerCase());
  if (sameButCase) return sameButCase;
  if (!written.startsWith(`${configNamespace}:`)) return undefined;
  const setting = written.slice(configNamespace.length + 1);
  const guess = closest(setting, [...namespaceSettings]);
  return distance(setting.toLowerCase(), guess.toLowerCase()) <= 2 ? `${configNamespace}:${guess}` : undefined;
}

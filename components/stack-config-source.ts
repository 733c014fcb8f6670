import { RawStackConfig, configNamespace } from "./config";

/**
 * Every key this program reads in its namespace. `planNetwork` is read only by the offline plan,
 * which cannot look the network up.
 */
export const knownSettings = ["azure", "vpn", "access", "cost", "mode", "identityStack", "planNetwork", "adopted"] as const;

/**
 * Maps the engine's flat config (as `pulumi.runtime.allConfig()` or a Pulumi.<stack>.yaml
 * gives it: structured values JSON-encoded) to the raw shape the validator reads.
 */
export function rawConfigFromEngine(all: Record<string, string>): RawStackConfig {
  const structured = (key: string): unknown => {
    const value = all[`${configNamespace}:${key}`];
    if (value === undefined) return undefined;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  };
  const unknownSettings = Object.keys(all)
    .filter((key) => key.startsWith(`${configNamespace}:`))
    .filter((key) => !(knownSettings as readonly string[]).includes(key.slice(configNamespace.length + 1)));
  return {
    unknownSettings,
    awsRegion: all["aws:region"],
    tenantId: all["azuread:tenantId"],
    environment: all["azuread:environment"],
    mode: all[`${configNamespace}:mode`],
    identityStack: all[`${configNamespace}:identityStack`],
    azure: structured("azure"),
    vpn: structured("vpn"),
    access: structured("access"),
    cost: structured("cost"),
    adopted: structured("adopted"),
  };
}

import { RawStackConfig, configNamespace } from "./config";

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
  return {
    awsRegion: all["aws:region"],
    tenantId: all["azuread:tenantId"],
    environment: all["azuread:environment"],
    mode: all[`${configNamespace}:mode`],
    identityStack: all[`${configNamespace}:identityStack`],
    azure: structured("azure"),
    vpn: structured("vpn"),
    access: structured("access"),
    cost: structured("cost"),
  };
}

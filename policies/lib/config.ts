/** The getConfig part of both validation argument bags. */
interface ConfigSource {
  getConfig<T extends object>(): T;
}

type ConfigValue = boolean | number | string | string[];

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "list of strings";
  return typeof value;
}

function matches(expected: ConfigValue, actual: unknown): boolean {
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.every((item) => typeof item === "string");
  return typeof actual === typeof expected;
}

/**
 * Reads a policy's configuration over its defaults. The CLI validates config against the policy's
 * configSchema, but a pack run without the CLI (tests, evaluatePack) or an old CLI may not, and
 * getConfig returns {} when nothing is configured; so defaults and types are enforced here too.
 * A wrong type is a user mistake: the error names the policy, the setting and what it must be.
 */
export function readConfig<T extends Record<string, ConfigValue>>(source: ConfigSource, policyName: string, defaults: T): T {
  const given = source.getConfig<Record<string, unknown>>() ?? {};
  const result: Record<string, ConfigValue> = { ...defaults };
  for (const [key, fallback] of Object.entries(defaults)) {
    const value = given[key];
    if (value === undefined || value === null) continue;
    if (!matches(fallback, value)) {
      throw new Error(
        `Policy config ${policyName}.${key} must be a ${kindOf(fallback)}, got ${JSON.stringify(value)}. ` +
          `Fix it in the --policy-pack-config file (or the Pulumi Cloud policy group).`,
      );
    }
    result[key] = value as ConfigValue;
  }
  return result as T;
}

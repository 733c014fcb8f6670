import { CORE_SCHEMA, load, YAMLException } from "js-yaml";

/**
 * Reads a Pulumi.<stack>.yaml into the flat config the engine hands a program: one entry per key,
 * namespaced (`project:key` when the file leaves the namespace out), strings as they are and every
 * other value JSON-encoded, as `pulumi.runtime.allConfig()` sees it under `pulumi preview`.
 * https://www.pulumi.com/docs/iac/concepts/config/#structured-configuration
 */
export interface StackFileConfig {
  config: Record<string, string>;
  /** Keys whose value (or part of it) is `secure:`; the offline plan cannot decrypt them. */
  secretKeys: string[];
}

/** A stack file the plan cannot read: a user mistake, reported without a stack trace. */
export class StackFileError extends Error {
  override name = "StackFileError";
}

/** What a `secure:` value becomes offline; the program sees that a value is there, never what it is. */
export const undecryptedSecret = "<secret, not decrypted by the offline plan>";

export function engineConfigFromStackFile(text: string, fileName: string, project: string): StackFileConfig {
  let document: unknown;
  try {
    // The core schema, like the Pulumi CLI's YAML reader: an unquoted date stays the string it is.
    document = load(text, { schema: CORE_SCHEMA, filename: fileName });
  } catch (error) {
    if (error instanceof YAMLException) throw new StackFileError(`${fileName} is not valid YAML: ${error.message}`);
    throw error;
  }
  if (document === undefined || document === null) return { config: {}, secretKeys: [] };
  if (!isObject(document)) throw new StackFileError(`${fileName} must be a YAML mapping with a config: section`);
  const section = document.config;
  if (section === undefined || section === null) return { config: {}, secretKeys: [] };
  if (!isObject(section)) throw new StackFileError(`${fileName}: config must be a mapping of settings`);

  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(section)) {
    const fullKey = key.includes(":") ? key : `${project}:${key}`;
    const { plain, secret } = withoutSecrets(value);
    if (secret) secretKeys.push(fullKey);
    config[fullKey] = typeof plain === "string" ? plain : JSON.stringify(plain);
  }
  return { config, secretKeys };
}

function withoutSecrets(value: unknown): { plain: unknown; secret: boolean } {
  if (isObject(value) && Object.keys(value).length === 1 && typeof value.secure === "string") {
    return { plain: undecryptedSecret, secret: true };
  }
  if (Array.isArray(value)) {
    const items = value.map(withoutSecrets);
    return { plain: items.map((item) => item.plain), secret: items.some((item) => item.secret) };
  }
  if (isObject(value)) {
    const entries = Object.entries(value).map(([key, item]) => [key, withoutSecrets(item)] as const);
    return { plain: Object.fromEntries(entries.map(([key, item]) => [key, item.plain])), secret: entries.some(([, item]) => item.secret) };
  }
  return { plain: value, secret: false };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

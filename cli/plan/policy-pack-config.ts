import Ajv, { type ValidateFunction } from "ajv";
import type { EnforcementLevel, Policies, PolicyConfigSchema, PolicyPackConfig } from "@pulumi/policy";

/**
 * The --policy-pack-config file, read the way the Pulumi engine reads the file given to
 * `pulumi preview --policy-pack-config` (pulumi/pulumi pkg/resource/analyzer/config.go,
 * parsePolicyPackConfig and ReconcilePolicyPackConfig):
 * - a JSON object keyed by policy name; a value is an enforcement level, or an object of settings that may
 *   hold "enforcementLevel"; an empty file is no config;
 * - "all" sets the level of every policy, and a policy's own level wins over it;
 * - each policy starts from its configSchema defaults and its own level, the file's settings go on top, and
 *   the result must match the policy's configSchema, else the engine refuses to run the pack;
 * - "environments" names Pulumi ESC environments whose policy config the engine merges in.
 * The user-facing description is https://pulumi.com/docs/using-pulumi/crossguard/configuration ("The top-level
 * enforcement level under all will override the existing enforcement levels of all policies in the Policy
 * Pack", and a policy's own configured level overrides that). Pure: reading the file is the caller's job.
 */

/** Every level the engine accepts (pulumi/pulumi sdk/go/common/apitype/policy.go, EnforcementLevel.IsValid). */
export const enforcementLevels: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** Everything the engine would hand the pack, one entry per policy, plus what only the plan says about it. */
export interface ResolvedPolicyPackConfig {
  config: PolicyPackConfig;
  /** Things the file says that change nothing offline, for the report. */
  notes: string[];
}

export type PolicyPackConfigResult = ({ ok: true } & ResolvedPolicyPackConfig) | { ok: false; problems: string[] };

interface GivenEntry {
  enforcementLevel?: EnforcementLevel;
  properties: Record<string, unknown>;
}

const isLevel = (value: unknown): value is EnforcementLevel => enforcementLevels.includes(value as EnforcementLevel);
const levelList = enforcementLevels.join(", ");
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** `text` is the file's content; `policies` the pack's. Every mistake in the file is one problem, naming the key and the fix. */
export function resolvePolicyPackConfig(text: string, policies: Policies): PolicyPackConfigResult {
  const given = parseGiven(text);
  if (!given.ok) return given;
  const { entries, environments } = given;

  const known = new Set(policies.map((policy) => policy.name));
  const notes: string[] = [];
  const unknown = [...entries.keys()].filter((name) => name !== "all" && !known.has(name));
  if (unknown.length) {
    notes.push(
      `no policy in the pack is named ${unknown.map((name) => `"${name}"`).join(", ")}; pulumi preview ignores such entries too. ` +
        `Check the spelling against the pack's policies (policies/policy-config.example.json).`,
    );
  }
  if (environments.length) {
    notes.push(
      `"environments" (${environments.join(", ")}) is not read: the offline plan cannot open Pulumi ESC environments, ` +
        "so policy settings kept there are not applied here; pulumi preview applies them.",
    );
  }

  const config: PolicyPackConfig = {};
  const problems: string[] = [];
  const allLevel = entries.get("all")?.enforcementLevel;
  for (const policy of policies) {
    const entry = entries.get(policy.name);
    const defaults = Object.fromEntries(
      Object.entries(policy.configSchema?.properties ?? {})
        .filter(([, schema]) => schema.default !== undefined)
        .map(([key, schema]) => [key, schema.default]),
    );
    const properties = { ...defaults, ...entry?.properties };
    const enforcementLevel = entry?.enforcementLevel ?? allLevel ?? policy.enforcementLevel ?? "advisory";
    if (policy.configSchema) {
      const validate = validatorOf(policy.configSchema);
      if (!validate(properties)) {
        for (const error of validate.errors ?? []) {
          const at = `${policy.name}${error.instancePath.split("/").slice(1).map((key) => (/^\d+$/.test(key) ? `[${key}]` : `.${key}`)).join("")}`;
          const got = error.instancePath ? `; got ${JSON.stringify(valueAt(properties, error.instancePath))}` : "";
          problems.push(`${at} ${error.message}${allowedValues(error.params)}${got}.`);
        }
      }
    }
    config[policy.name] = { enforcementLevel, ...properties };
  }
  return problems.length ? { ok: false, problems } : { ok: true, config, notes };
}

const ajv = new Ajv({ allErrors: true });
/** Compiling a schema costs tens of milliseconds; a pack has a dozen and the schemas never change. */
const validators = new Map<string, ValidateFunction>();

/** A policy's config schema as the engine checks it (config.go convertSchema): an object with those properties. */
function validatorOf(schema: PolicyConfigSchema): ValidateFunction {
  const document = { type: "object", properties: schema.properties, ...(schema.required ? { required: schema.required } : {}) };
  const key = JSON.stringify(document);
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(document);
    validators.set(key, validate);
  }
  return validate;
}

/** The file as the engine parses it, before the pack's defaults. */
function parseGiven(text: string): { ok: true; entries: Map<string, GivenEntry>; environments: string[] } | { ok: false; problems: string[] } {
  if (text.trim() === "") return { ok: true, entries: new Map(), environments: [] };
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`not valid JSON: ${(error as Error).message}.`] };
  }
  if (!isObject(document)) return { ok: false, problems: ['must be a JSON object keyed by policy name, e.g. { "client-vpn-session-timeout": { "maxHours": 12 } }.'] };

  const problems: string[] = [];
  const entries = new Map<string, GivenEntry>();
  let environments: string[] = [];
  for (const [key, value] of Object.entries(document)) {
    if (key === "environments") {
      if (Array.isArray(value) && value.every((item) => typeof item === "string")) environments = value;
      else problems.push(`"environments" must be a list of Pulumi ESC environment names; got ${JSON.stringify(value)}.`);
      continue;
    }
    if (typeof value === "string") {
      if (isLevel(value)) entries.set(key, { enforcementLevel: value, properties: {} });
      else problems.push(`"${key}": ${JSON.stringify(value)} is not an enforcement level; use one of ${levelList}.`);
      continue;
    }
    if (!isObject(value)) {
      problems.push(`"${key}" must be an enforcement level (${levelList}) or an object of the policy's settings; got ${JSON.stringify(value)}.`);
      continue;
    }
    const { enforcementLevel, ...properties } = value;
    if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
      problems.push(`"${key}".enforcementLevel: ${JSON.stringify(enforcementLevel)} is not an enforcement level; use one of ${levelList}.`);
      continue;
    }
    entries.set(key, { enforcementLevel, properties });
  }
  return problems.length ? { ok: false, problems } : { ok: true, entries, environments };
}

function allowedValues(params: Record<string, unknown>): string {
  return Array.isArray(params.allowedValues) ? ` (${params.allowedValues.map((value) => JSON.stringify(value)).join(", ")})` : "";
}

function valueAt(document: Record<string, unknown>, pointer: string): unknown {
  return pointer
    .split("/")
    .slice(1)
    .reduce<unknown>((value, key) => (isObject(value) || Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined), document);
}

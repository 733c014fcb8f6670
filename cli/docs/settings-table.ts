/**
 * A Markdown table of settings, read from a zod schema: one row per setting (nested objects and maps get a
 * row per field), with its type and limits, its default, and the text of its `.describe()`. The schema is
 * the one that validates the stack, so the table cannot say something the program does not do.
 */
import { z } from "zod";

export interface SettingRow {
  setting: string;
  type: string;
  defaultValue: string;
  description: string;
}

export class UndescribedSettingError extends Error {
  override name = "UndescribedSettingError";
}

type JsonSchema = {
  type?: string;
  description?: string;
  default?: unknown;
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  propertyNames?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
};

/**
 * The rows of an object schema. `prefix` is how the user writes the section, e.g. `vpn.`; `source` names the
 * file holding the schema, for the message when a setting has no description.
 */
export function settingRows(schema: z.ZodType, prefix: string, source: string): SettingRow[] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return objectRows(json, prefix, source);
}

function objectRows(json: JsonSchema, prefix: string, source: string): SettingRow[] {
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).flatMap(([key, property]) => {
    const setting = `${prefix}${key}`;
    if (!property.description) {
      throw new UndescribedSettingError(
        `${setting} has no description: add .describe("what it does, its limits, what changing it does") to it in ${source}, then run npm run docs`,
      );
    }
    const row: SettingRow = {
      setting,
      type: typeOf(property),
      defaultValue: required.has(key) ? "**required**" : defaultOf(property),
      description: property.description,
    };
    const nested = property.properties
      ? objectRows(property, `${setting}.`, source)
      : isMap(property) && typeof property.additionalProperties === "object" && property.additionalProperties.properties
        ? objectRows(property.additionalProperties, `${setting}.<${property.propertyNames?.description ?? "key"}>.`, source)
        : [];
    return [row, ...nested];
  });
}

function isMap(json: JsonSchema): boolean {
  return json.type === "object" && !json.properties && json.additionalProperties !== undefined && json.additionalProperties !== false;
}

const code = (value: unknown) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;

function alternatives(values: unknown[]): string {
  const shown = values.map(code);
  return shown.length <= 2 ? shown.join(" or ") : `${shown.slice(0, -1).join(", ")} or ${shown.at(-1)}`;
}

function typeOf(json: JsonSchema): string {
  if (json.const !== undefined) return code(json.const);
  if (json.enum) return alternatives(json.enum);
  if (json.anyOf) {
    if (json.anyOf.every((option) => option.const !== undefined)) return alternatives(json.anyOf.map((option) => option.const));
    return json.anyOf.map(typeOf).join(" or ");
  }
  switch (json.type) {
    case "boolean":
      return "`true` or `false`";
    case "string":
      return json.format === "email" ? "email address" : `text${json.maxLength !== undefined ? `, at most ${json.maxLength.toLocaleString("en-US")} characters` : ""}`;
    case "integer":
      return `whole number${range(json, 1)}`;
    case "number":
      return `number${range(json, 0)}`;
    case "array": {
      const counts = [json.minItems ? `at least ${json.minItems}` : "", json.maxItems !== undefined ? `at most ${json.maxItems}` : ""].filter(Boolean);
      const item = json.items ? typeOf(json.items) : "any";
      return `${item === "text" ? "list of text" : `list, each ${item}`}${counts.length ? ` (${counts.join(", ")})` : ""}`;
    }
    case "object":
      if (isMap(json)) {
        const value = typeof json.additionalProperties === "object" ? json.additionalProperties : {};
        return `map: ${json.propertyNames?.description ?? "key"} → ${value.properties ? "object" : (value.description ?? typeOf(value))}`;
      }
      return "object";
    default:
      return "any";
  }
}

/** Bounds as a reader writes them; the integer step turns an exclusive minimum of 0 into "at least 1". */
function range(json: JsonSchema, step: number): string {
  const low = json.minimum ?? (json.exclusiveMinimum !== undefined && step ? json.exclusiveMinimum + step : undefined);
  const high = json.maximum !== undefined && json.maximum < Number.MAX_SAFE_INTEGER ? json.maximum : undefined;
  if (low !== undefined && high !== undefined) return `, ${low} to ${high}`;
  if (low !== undefined) return `, at least ${low}`;
  if (high !== undefined) return `, at most ${high}`;
  return "";
}

function defaultOf(json: JsonSchema): string {
  if (json.default === undefined) return "not set";
  if (json.default !== null && typeof json.default === "object" && !Array.isArray(json.default)) return "see its fields";
  return code(json.default);
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

export function renderSettingsTable(rows: readonly SettingRow[]): string {
  return [
    "| Setting | Type | Default | Meaning |",
    "| --- | --- | --- | --- |",
    ...rows.map((row) => `| \`${cell(row.setting)}\` | ${cell(row.type)} | ${cell(row.defaultValue)} | ${cell(row.description)} |`),
  ].join("\n");
}

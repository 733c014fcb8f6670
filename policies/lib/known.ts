import { UnknownValueError } from "./engine-proxy";

/**
 * Marks a value the engine cannot know before apply, such as the ARN of a SAML provider that
 * preview has not created yet. Policies skip a check whose input is unknown rather than guess.
 */
export const UNKNOWN: unique symbol = Symbol("unknown until apply");
export type Unknown = typeof UNKNOWN;

// The engine's computed-value sentinels. @pulumi/policy keeps them internal (proxy.js) and its
// proxy throws UnknownValueError when a policy touches one; props assembled outside the engine
// (mocks, evaluatePack) may still carry them raw, so both routes end in UNKNOWN.
const COMPUTED_SENTINELS = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (the engine sends every unknown as this one)
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

function read(container: object, key: PropertyKey): unknown {
  try {
    return (container as Record<PropertyKey, unknown>)[key];
  } catch (error) {
    if (error instanceof UnknownValueError) return UNKNOWN;
    throw error;
  }
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Copies resource props into plain data in which every value unknown during preview is UNKNOWN.
 * The engine hands policies a proxy that throws on unknown fields; a policy that read it directly
 * would either crash or be reported as "can't run during preview". Reading a snapshot never throws.
 *
 * How policies treat what they find:
 * - UNKNOWN: the check is skipped (no violation), it runs again once the value is known.
 * - absent (undefined) setting with a provider default (splitTunnel, sessionTimeoutHours, ...):
 *   the default applies, because that is what the cloud will do.
 * - absent reference (an ARN, an ID, a log group name): treated like UNKNOWN, because under mocks
 *   and in some previews outputs of other resources arrive as undefined, and the provider itself
 *   rejects a missing required reference.
 */
export function snapshot(value: unknown): unknown {
  if (value === UNKNOWN) return UNKNOWN;
  if (typeof value === "string") return COMPUTED_SENTINELS.has(value) ? UNKNOWN : value;
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (let index = 0; index < value.length; index++) items.push(snapshot(read(value, index)));
    return items;
  }
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = snapshot(read(value, key));
  return copy;
}

/** Follows a path into snapshot data: UNKNOWN if any step is unknown, undefined if any step is missing. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === UNKNOWN) return UNKNOWN;
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** True when the value, or anything inside it, is unknown. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** A non-empty string, or undefined for anything else (absent, unknown, empty, wrong type). */
export function knownString(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** The list's known strings when every element is known; UNKNOWN when the list or any element is not. */
export function knownStrings(value: unknown): string[] | Unknown | undefined {
  if (value === UNKNOWN) return UNKNOWN;
  if (!Array.isArray(value)) return undefined;
  if (value.some((item) => item === UNKNOWN)) return UNKNOWN;
  return value.filter((item): item is string => typeof item === "string");
}

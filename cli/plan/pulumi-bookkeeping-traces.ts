import { sep } from "node:path";

/**
 * Stacks @pulumi/pulumi 3.248 reads for its own bookkeeping, by the function that calls `new Error().stack`:
 * - runtime/debuggable.js debuggablePromise, for every promise the SDK makes, only to name promises still
 *   pending when the process exits;
 * - resource.js Resource.callsites, with Error.stackTraceLimit raised to Infinity, for every resource, only to
 *   send the engine the source position of the declaration (the mock monitor drops it).
 */
const bookkeeping = [
  { functionName: "debuggablePromise", file: ["@pulumi", "pulumi", "runtime", "debuggable.js"].join(sep) },
  { functionName: "callsites", file: ["@pulumi", "pulumi", "resource.js"].join(sep) },
];

/**
 * With source maps on (tsx, vitest) V8 hands each of those stacks to Error.prepareStackTrace, which maps
 * every frame through the SDK's .js.map files; for a program of a few hundred resources that was most of
 * a run's time. While `body` runs, those stacks are left empty; every other error keeps its full,
 * source-mapped stack.
 */
export async function skippingPulumiBookkeepingTraces<T>(body: () => Promise<T>): Promise<T> {
  const original = Error.prepareStackTrace;
  const skipping = (error: Error, frames: NodeJS.CallSite[]): unknown =>
    isPulumiBookkeepingTrace(frames) ? "" : original ? original(error, frames) : `${error}${frames.map((frame) => `\n    at ${frame}`).join("")}`;
  Error.prepareStackTrace = skipping;
  try {
    return await body();
  } finally {
    // Leave alone whatever replaced it meanwhile.
    if (Error.prepareStackTrace === skipping) Error.prepareStackTrace = original;
  }
}

/** True for the stack of `new Error()` inside one of the SDK's bookkeeping functions, and nothing else. */
export function isPulumiBookkeepingTrace(frames: readonly NodeJS.CallSite[]): boolean {
  const top = frames[0];
  if (top === undefined) return false;
  const functionName = top.getFunctionName();
  const entry = bookkeeping.find((candidate) => candidate.functionName === functionName);
  return entry !== undefined && (top.getFileName() ?? "").endsWith(`${sep}node_modules${sep}${entry.file}`);
}

import { createRequire } from "node:module";
import { sep } from "node:path";

type DebuggablePromise = (promise: Promise<unknown>, context: unknown) => Promise<unknown>;
/**
 * The SDK's runtime/debuggable.js exports object, which its other modules call debuggablePromise through
 * (`debuggable_1.debuggablePromise(...)`). Required rather than imported: an ES module namespace of it
 * cannot be assigned to. The function is marked @internal and so left out of the SDK's typings.
 */
const sdkDebuggable = createRequire(__filename)("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: DebuggablePromise };

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
 * a run's time. While `body` runs, those stacks are left without frames; every other error keeps its full,
 * source-mapped stack. debuggablePromise runs with Error.stackTraceLimit at 0, so V8 does not even collect
 * its frames (it is synchronous and throws nothing of its own); Resource.callsites sets its own limit, so its
 * frames are collected and then dropped by the formatter.
 */
export async function skippingPulumiBookkeepingTraces<T>(body: () => Promise<T>): Promise<T> {
  const original = Error.prepareStackTrace;
  const skipping = (error: Error, frames: NodeJS.CallSite[]): unknown =>
    isPulumiBookkeepingTrace(frames) ? "" : original ? original(error, frames) : `${error}${frames.map((frame) => `\n    at ${frame}`).join("")}`;
  const tracing = sdkDebuggable.debuggablePromise;
  const untraced: DebuggablePromise = (promise, context) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return tracing(promise, context);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
  Error.prepareStackTrace = skipping;
  sdkDebuggable.debuggablePromise = untraced;
  try {
    return await body();
  } finally {
    // Leave alone whatever replaced them meanwhile.
    if (Error.prepareStackTrace === skipping) Error.prepareStackTrace = original;
    if (sdkDebuggable.debuggablePromise === untraced) sdkDebuggable.debuggablePromise = tracing;
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

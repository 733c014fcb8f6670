/**
 * Turns the one engine failure whose own message misleads into one that says what to change.
 *
 * Pulumi serializes a dynamic provider's closure (our SamlSigningSettings) when the resource is
 * declared. Its serializer maps every Node built-in module by requiring each of them once
 * (@pulumi/pulumi runtime/closure/createClosure.js, computeBuiltInModules over
 * `module.builtinModules`), and Node refuses `node:trace_events` off the main thread
 * (nodejs/node lib/trace_events.js: `if (!hasTracing || !ownsProcessState) throw new
 * ERR_TRACE_EVENTS_UNAVAILABLE()`). So a program that declares a dynamic resource cannot run in a
 * worker thread: not under vitest's or Stryker's `threads` pool, nor inside a worker of the
 * user's own tooling.
 */
export const traceEventsUnavailable = "ERR_TRACE_EVENTS_UNAVAILABLE";

export function explainEngineFailure(reason: unknown): unknown {
  if ((reason as { code?: unknown } | null)?.code !== traceEventsUnavailable) return reason;
  return new Error(
    "Pulumi could not serialize a dynamic provider (this program's SamlSigningSettings): the program runs in a worker thread, " +
      "where Node refuses to load node:trace_events, a module Pulumi's closure serializer loads. " +
      "Run the program on the main thread (a test runner's process pool, e.g. vitest `pool: \"forks\"`, not `threads`).",
    { cause: reason },
  );
}

import { createRequire } from "node:module";
import type { Session } from "node:inspector";
import { afterAll } from "vitest";

/**
 * `pulumi.dynamic.Resource` serializes its provider's closure when it is constructed (@pulumi/pulumi 3.248
 * dynamic/index.js serializeFunctionMaybeSecret: it requires runtime/closure/serializeClosure and calls its
 * `serializeFunction` export at that moment). For our two providers that walks their closures through the
 * inspector and TypeScript's parser: 2–2.5 s of CPU in every worker that runs the program under mocks, and no
 * test of a program run reads the text (the plan drops `__provider`, cli/plan/declared-graph-change.ts).
 *
 * So the workers register a stand-in text instead, set before every file by fresh-pulumi-runtime.ts. The
 * checks that a user's `pulumi up` can serialize the providers stay real:
 * - test/dynamic-provider-serialization.test.ts calls `serializeDynamicProvidersForReal()`, checks and runs the
 *   text a SamlSigningSettings registers, serializes the gallery-app provider and runs the text
 *   (`pulumi.runtime.serializeFunction` is a copy of the export taken when the SDK loaded, so the stand-in
 *   never reaches it), and does the same with both providers pointed at a fake Graph;
 * - test/plan-cli.test.ts plans the example stack in a subprocess, outside vitest, with both providers.
 *
 * While the stand-in is in place the SDK's per-process cache of serialized providers (a WeakMap keyed by
 * the provider) is off, so no stand-in is cached for a later file that serializes for real.
 */
interface SerializedFunction {
  text: string;
  exportName: string;
  containsSecrets: boolean;
}
interface SerializeClosureModule {
  serializeFunction(func: () => unknown, args?: { allowSecrets?: boolean }): Promise<SerializedFunction>;
}
interface V8HooksModule {
  getSessionAsync(): Promise<Session>;
}
interface SdkStore {
  settings: { options: { cacheDynamicProviders?: boolean } };
}

// The CommonJS module objects the SDK itself holds (the SDK is loaded by Node's require, not by vite).
// The SDK's own entry first: required first, runtime/closure/serializeClosure would meet runtime/index.js
// half-loaded through a cycle, and `pulumi.runtime.serializeFunction` would be left undefined.
const requireFromHere = createRequire(__filename);
requireFromHere("@pulumi/pulumi");
const serializeClosure = requireFromHere("@pulumi/pulumi/runtime/closure/serializeClosure") as SerializeClosureModule;
const state = requireFromHere("@pulumi/pulumi/runtime/state") as { getStore(): SdkStore };
const v8Hooks = requireFromHere("@pulumi/pulumi/runtime/closure/v8Hooks") as V8HooksModule;

const realSerializeFunction = serializeClosure.serializeFunction;
const realCacheSetting = state.getStore().settings.options.cacheDynamicProviders;

/** What a dynamic resource registers as `__provider` in a test worker, unless its file asked for the real text. */
const standInProviderText = "/* not serialized: a stand-in, test/support/dynamic-provider-serialization.ts */";

const standIn: SerializeClosureModule["serializeFunction"] = async () => ({
  text: standInProviderText,
  exportName: "handler",
  containsSecrets: false,
});

/**
 * The serializer turns the debugger of the SDK's inspector session on (runtime/closure/v8Hooks.js,
 * `Debugger.enable`) and never off. While it is on, every script the process compiles is reported to the
 * session, and loading modules costs about 30% more CPU (docs/research/suite-cpu.md): in every file the worker
 * ran after the one that serialized. So it is turned off when that file ends.
 */
let debuggerTurnedOff: Session | undefined;

/** Before every file: dynamic resources register the stand-in text. */
export function standInForDynamicProviderSerialization(): void {
  serializeClosure.serializeFunction = standIn;
  state.getStore().settings.options.cacheDynamicProviders = false;
}

/**
 * For a file that checks what a dynamic resource registers: serialize as the SDK does, until the file ends.
 * Call it at the top of the file.
 */
export function serializeDynamicProvidersForReal(): void {
  serializeClosure.serializeFunction = realSerializeFunction;
  state.getStore().settings.options.cacheDynamicProviders = realCacheSetting;
  // Serializing works without the debugger (the same text), but the SDK names the files of a function it cannot
  // serialize from the scripts the debugger reported; enabling it again reports every script again.
  debuggerTurnedOff?.post("Debugger.enable");
  debuggerTurnedOff = undefined;
  afterAll(async () => {
    // The file has serialized, so this is the SDK's session, not a new one.
    const session = await v8Hooks.getSessionAsync();
    // An in-process session dispatches synchronously: the debugger is off before the next file's imports.
    session.post("Debugger.disable");
    debuggerTurnedOff = session;
  });
}

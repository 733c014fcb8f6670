import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";

/** The SDK's internals this relies on; exported by @pulumi/pulumi 3.248 but left out of its typings. */
interface SdkInternals {
  /** runtime/settings.js: resetOptions with empty values, "used only for testing purposes". */
  _reset(): void;
  /** runtime/settings.js: resolves once no registration or invoke is outstanding. */
  waitForRPCs(): Promise<void>;
}
const sdk = settings as unknown as SdkInternals;

/**
 * Drops what one file's program left in the SDK's process-wide state, the way the SDK's own tests reset
 * it: the monitor (mock or not), project, stack, preview flag, feature support, pending-promise bookkeeping
 * and the stack resource (settings.js resetOptions), then the engine config. What providers registered
 * when they were imported (resource modules and packages) stays, as it would in a fresh process that had
 * imported them.
 */
export function freshPulumiRuntime(): void {
  sdk._reset();
  pulumi.runtime.setAllConfig({});
  delete (globalThis as { stackResource?: unknown }).stackResource;
}

/** Waits until the SDK has no registration or invoke outstanding. */
export function drainPulumiRuntime(): Promise<void> {
  return sdk.waitForRPCs();
}

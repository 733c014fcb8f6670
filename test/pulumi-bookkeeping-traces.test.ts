import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { isPulumiBookkeepingTrace, skippingPulumiBookkeepingTraces } from "../cli/plan/pulumi-bookkeeping-traces";
import * as debuggable from "@pulumi/pulumi/runtime/debuggable";

// Marked @internal, so the SDK's typings leave it out.
const { debuggablePromise } = debuggable as unknown as { debuggablePromise(promise: Promise<unknown>, context: string): Promise<unknown> };

/** The stack debuggablePromise attaches to the promise it is given. */
function tracedStack(): string | undefined {
  const promise: Promise<void> & { _debugStackTrace?: string } = Promise.resolve();
  void debuggablePromise(promise, "test");
  return promise._debugStackTrace;
}
const sdk = join(__dirname, "..", "node_modules", "@pulumi", "pulumi");
const frame = (functionName: string | null, fileName: string | null) => ({ getFunctionName: () => functionName, getFileName: () => fileName }) as NodeJS.CallSite;

describe("the SDK's bookkeeping stacks", () => {
  it.each([
    { what: "the SDK's debuggablePromise", top: frame("debuggablePromise", join(sdk, "runtime", "debuggable.js")), skipped: true },
    { what: "the SDK's Resource.callsites", top: frame("callsites", join(sdk, "resource.js")), skipped: true },
    { what: "a debuggablePromise outside the SDK", top: frame("debuggablePromise", join(__dirname, "debuggable.js")), skipped: false },
    { what: "callsites in another SDK file", top: frame("callsites", join(sdk, "runtime", "debuggable.js")), skipped: false },
    { what: "another SDK function", top: frame("registerResource", join(sdk, "resource.js")), skipped: false },
    { what: "a frame without a name or file", top: frame(null, null), skipped: false },
  ])("$what: skipped $skipped", ({ top, skipped }) => {
    expect(isPulumiBookkeepingTrace([top])).toBe(skipped);
  });

  it("has nothing to skip in an empty stack", () => {
    expect(isPulumiBookkeepingTrace([])).toBe(false);
  });

  it("leaves the installed SDK's promise stacks empty while the body runs, and only those", async () => {
    const inside = await skippingPulumiBookkeepingTraces(async () => ({
      promise: tracedStack(),
      error: new Error("a real one").stack,
    }));
    expect(inside.promise).toBe("");
    expect(inside.error).toMatch(/^Error: a real one\n {4}at .*pulumi-bookkeeping-traces\.test\.ts/);
    expect(tracedStack()).toMatch(/\n {4}at /);
  });

  it("puts the previous stack formatter back, also when the body fails", async () => {
    const before = Error.prepareStackTrace;
    await expect(skippingPulumiBookkeepingTraces(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(Error.prepareStackTrace).toBe(before);
  });
});

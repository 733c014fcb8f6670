import { afterEach, describe, expect, it } from "vitest";
import { dropUnusedFfiWarning } from "../components/graph/unused-ffi-warning";

const originalEmitWarning = process.emitWarning;
afterEach(() => {
  process.emitWarning = originalEmitWarning;
});

/** The warnings that reach process.emitWarning's original implementation. */
function capture(): string[] {
  const seen: string[] = [];
  process.emitWarning = ((warning: string | Error) => {
    seen.push(typeof warning === "string" ? warning : warning.message);
  }) as typeof process.emitWarning;
  return seen;
}

describe("dropping the FFI warning Pulumi's closure serializer causes on Node 26", () => {
  it("drops the FFI experimental warning", () => {
    const seen = capture();
    dropUnusedFfiWarning();
    process.emitWarning("FFI is an experimental feature and might change at any time", "ExperimentalWarning");
    expect(seen).toEqual([]);
  });

  it("still passes every other warning through, string or Error", () => {
    const seen = capture();
    dropUnusedFfiWarning();
    process.emitWarning("WASI is an experimental feature and might change at any time", "ExperimentalWarning");
    process.emitWarning(new Error("Buffer() is deprecated"));
    expect(seen).toEqual(["WASI is an experimental feature and might change at any time", "Buffer() is deprecated"]);
  });

  it("wraps emitWarning once however often the program module is loaded", () => {
    capture();
    dropUnusedFfiWarning();
    const wrapped = process.emitWarning;
    dropUnusedFfiWarning();
    expect(process.emitWarning).toBe(wrapped);
  });
});

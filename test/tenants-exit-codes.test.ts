import { describe, expect, it } from "vitest";
import { exitCodeFor } from "../cli/tenants/exit-codes";
import type { StackOutcome, StackResult } from "../cli/tenants/run-fleet";

const outcome = (stack: string, result: StackResult): StackOutcome => ({
  stack,
  result,
  changeSummary: {},
  changedResources: [],
  durationMs: 1,
});

describe("exitCodeFor", () => {
  it.each<{ name: string; results: StackResult[]; code: number }>([
    { name: "all in sync", results: ["unchanged", "unchanged"], code: 0 },
    { name: "preview with changes is still success", results: ["changes", "unchanged"], code: 0 },
    { name: "an update is success", results: ["updated"], code: 0 },
    { name: "one drifted stack", results: ["unchanged", "drift"], code: 2 },
    { name: "one failed stack", results: ["unchanged", "failed"], code: 1 },
    { name: "failure wins over drift", results: ["drift", "failed", "unchanged"], code: 1 },
    { name: "no stacks ran", results: [], code: 0 },
  ])("$name -> $code", ({ results, code }) => {
    expect(exitCodeFor(results.map((result, i) => outcome(`s${i}`, result)))).toBe(code);
  });
});

import { describe, expect, it } from "vitest";
import { createListrReporter } from "../cli/tenants/listr-reporter";
import type { StackOutcome } from "../cli/tenants/run-fleet";

const outcome = (stack: string, result: StackOutcome["result"], extra: Partial<StackOutcome> = {}): StackOutcome => ({
  stack,
  result,
  changeSummary: {},
  changedResources: [],
  durationMs: 1_500,
  ...extra,
});

const settledWithin = (promise: Promise<unknown>, ms: number): Promise<boolean> =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe("createListrReporter", () => {
  it("shows each stack as queued, then running, then its result", async () => {
    const { reporter, finished, titles } = createListrReporter("drift", ["acme", "globex"], { renderer: "silent" });
    expect(titles()).toEqual(["acme: queued", "globex: queued"]);

    reporter.stackStarted("acme");
    expect(titles()).toEqual(["acme: drift running", "globex: queued"]);

    reporter.stackFinished(outcome("acme", "drift", { changeSummary: { update: 1 } }));
    reporter.stackStarted("globex");
    reporter.stackFinished(outcome("globex", "unchanged"));
    await finished;
    expect(titles()).toEqual(["acme: DRIFT (update 1) in 1.5s", "globex: in sync in 1.5s"]);
  });

  it("finishes only when every stack has finished, and a failed stack does not reject it", async () => {
    const { reporter, finished } = createListrReporter("up", ["acme", "globex"], { renderer: "silent" });
    reporter.stackFinished(outcome("acme", "failed", { error: "error: update failed" }));
    expect(await settledWithin(finished, 50)).toBe(false);

    reporter.stackFinished(outcome("globex", "updated", { changeSummary: { create: 2 } }));
    expect(await settledWithin(finished, 1_000)).toBe(true);
  });

  it("ignores events for stacks it does not show", async () => {
    const { reporter, finished, titles } = createListrReporter("preview", ["acme"], { renderer: "silent" });
    reporter.stackStarted("other");
    reporter.stackProgress("other", { steps: 1, changes: 0 });
    reporter.stackFinished(outcome("acme", "changes", { changeSummary: { create: 1 } }));
    await finished;
    expect(titles()).toEqual(["acme: changes pending (create 1) in 1.5s"]);
  });
});

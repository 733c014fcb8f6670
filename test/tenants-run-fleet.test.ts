import { describe, expect, it } from "vitest";
import { StackOperationError, type StackRunReport } from "../cli/tenants/fleet-backend";
import { runFleet, type FleetReporter, type StackOutcome } from "../cli/tenants/run-fleet";
import { commandError, FleetDouble, IN_SYNC, type StackScript } from "./tenants-fleet-double";

const DRIFTED: StackRunReport = {
  changeSummary: { same: 10, update: 1 },
  changedResources: [
    {
      op: "update",
      urn: "urn:pulumi:acme::clientvpn-federation::azuread:index/application:Application::vpn-app",
      type: "azuread:index/application:Application",
      diffs: ["web"],
    },
  ],
};

function fleetOf(count: number, script: StackScript = {}): Record<string, StackScript> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`tenant-${i + 1}`, { ...script }]));
}

const byStack = (outcomes: StackOutcome[]) => Object.fromEntries(outcomes.map((o) => [o.stack, o]));

describe("runFleet concurrency", () => {
  it.each([
    { concurrency: 1, stacks: 5, expectedMax: 1 },
    { concurrency: 2, stacks: 7, expectedMax: 2 },
    { concurrency: 4, stacks: 9, expectedMax: 4 },
    { concurrency: 8, stacks: 3, expectedMax: 3 },
  ])("runs at most $concurrency of $stacks stacks at once", async ({ concurrency, stacks, expectedMax }) => {
    // A stack holds its slot until a timer fires, so every slot the pool fills at once is seen in flight together;
    // a longer operation would only add idle time.
    const double = new FleetDouble(fleetOf(stacks, { durationMs: 1 }));
    const names = Object.keys(fleetOf(stacks));

    const outcomes = await runFleet(double, { operation: "preview", stacks: names, concurrency, policyPacks: [] });

    expect(double.maxInFlight).toBe(expectedMax);
    expect(double.calls.map((call) => call.stack).sort()).toEqual([...names].sort());
    expect(outcomes.map((outcome) => outcome.stack)).toEqual(names);
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses concurrency %s", async (concurrency) => {
    const double = new FleetDouble(fleetOf(2));
    await expect(
      runFleet(double, { operation: "preview", stacks: ["tenant-1"], concurrency, policyPacks: [] }),
    ).rejects.toThrow(/concurrency must be a whole number of at least 1/);
    expect(double.calls).toHaveLength(0);
  });
});

describe("runFleet failure isolation", () => {
  it("reports a failing stack with its error and still runs every other stack", async () => {
    const double = new FleetDouble({
      alpha: {},
      broken: { error: commandError(255, "error: failed to decrypt configuration key 'azuread:clientSecret'\n") },
      gamma: { durationMs: 20 },
    });

    const outcomes = byStack(
      await runFleet(double, { operation: "drift", stacks: ["alpha", "broken", "gamma"], concurrency: 1, policyPacks: [] }),
    );

    expect(outcomes.broken.result).toBe("failed");
    expect(outcomes.broken.error).toBe("error: failed to decrypt configuration key 'azuread:clientSecret'");
    expect(outcomes.alpha.result).toBe("unchanged");
    expect(outcomes.gamma.result).toBe("unchanged");
    expect(double.calls.map((call) => call.stack)).toEqual(["alpha", "broken", "gamma"]);
  });

  it("keeps the changes a failed update had already reported", async () => {
    const double = new FleetDouble({
      prod: { error: new StackOperationError("prod", DRIFTED, ["vpn-app: error: Insufficient privileges"], { cause: new Error("exit 255") }) },
    });

    const [outcome] = await runFleet(double, { operation: "up", stacks: ["prod"], concurrency: 1, policyPacks: [] });

    expect(outcome.result).toBe("failed");
    expect(outcome.error).toBe("vpn-app: error: Insufficient privileges");
    expect(outcome.changeSummary).toEqual(DRIFTED.changeSummary);
  });
});

describe("runFleet drift detection", () => {
  it("calls preview with refresh and expectNoChanges for drift, and with neither for preview", async () => {
    const double = new FleetDouble({ dev: {} });
    await runFleet(double, { operation: "drift", stacks: ["dev"], concurrency: 1, policyPacks: ["/p"] });
    await runFleet(double, { operation: "preview", stacks: ["dev"], concurrency: 1, policyPacks: [] });

    expect(double.calls).toEqual([
      { kind: "preview", stack: "dev", options: { refresh: true, expectNoChanges: true, policyPacks: ["/p"] } },
      { kind: "preview", stack: "dev", options: { refresh: false, expectNoChanges: false, policyPacks: [] } },
    ]);
  });

  it("finds drift in a preview summary that has changes", async () => {
    const double = new FleetDouble({ dev: { report: DRIFTED }, prod: {} });

    const outcomes = byStack(
      await runFleet(double, { operation: "drift", stacks: ["dev", "prod"], concurrency: 2, policyPacks: [] }),
    );

    expect(outcomes.dev.result).toBe("drift");
    expect(outcomes.dev.changedResources).toEqual(DRIFTED.changedResources);
    expect(outcomes.prod.result).toBe("unchanged");
  });

  it("counts a summary with only unchanging ops (same, read, refresh) as in sync", async () => {
    const double = new FleetDouble({ dev: { report: { changeSummary: { same: 4, read: 2, refresh: 3 }, changedResources: [] } } });
    const [outcome] = await runFleet(double, { operation: "drift", stacks: ["dev"], concurrency: 1, policyPacks: [] });
    expect(outcome.result).toBe("unchanged");
  });

  it("treats the Automation API's --expect-no-changes error as drift, keeping the observed changes", async () => {
    const thrown = commandError(255, "error: no changes were expected but changes were proposed\n");
    const double = new FleetDouble({ dev: { error: new StackOperationError("dev", DRIFTED, [], { cause: thrown }) } });

    const [outcome] = await runFleet(double, { operation: "drift", stacks: ["dev"], concurrency: 1, policyPacks: [] });

    expect(outcome.result).toBe("drift");
    expect(outcome.error).toBeUndefined();
    expect(outcome.changedResources).toEqual(DRIFTED.changedResources);
  });

  it("treats CLI exit code 7 (no changes expectation not met) as drift", async () => {
    const double = new FleetDouble({ dev: { error: commandError(7, "error: preview failed\n") } });
    const [outcome] = await runFleet(double, { operation: "drift", stacks: ["dev"], concurrency: 1, policyPacks: [] });
    expect(outcome.result).toBe("drift");
  });

  it("does not treat the same error as drift for preview, where changes were not forbidden", async () => {
    const double = new FleetDouble({ dev: { error: commandError(7, "error: no changes were expected but changes were proposed") } });
    const [outcome] = await runFleet(double, { operation: "preview", stacks: ["dev"], concurrency: 1, policyPacks: [] });
    expect(outcome.result).toBe("failed");
  });
});

describe("runFleet policy warnings", () => {
  it("carries a stack's advisory policy warnings into its outcome, whether it drifted or not", async () => {
    const warning = "signing-certificate-expiry-warning (signing): expires in 40 days";
    const double = new FleetDouble({
      dev: { report: { ...IN_SYNC, policyWarnings: [warning] } },
      prod: { error: new StackOperationError("prod", { ...DRIFTED, policyWarnings: [warning] }, [], { cause: commandError(7, "") }) },
    });
    const outcomes = byStack(await runFleet(double, { operation: "drift", stacks: ["dev", "prod"], concurrency: 2, policyPacks: [] }));
    expect(outcomes.dev).toMatchObject({ result: "unchanged", policyWarnings: [warning] });
    expect(outcomes.prod).toMatchObject({ result: "drift", policyWarnings: [warning] });
  });
});

describe("runFleet results for preview and up", () => {
  it.each([
    { operation: "preview" as const, report: DRIFTED, result: "changes" },
    { operation: "preview" as const, report: IN_SYNC, result: "unchanged" },
    { operation: "up" as const, report: { changeSummary: { create: 3 }, changedResources: [] }, result: "updated" },
    { operation: "up" as const, report: IN_SYNC, result: "unchanged" },
  ])("$operation with $report.changeSummary is $result", async ({ operation, report, result }) => {
    const double = new FleetDouble({ dev: { report } });
    const [outcome] = await runFleet(double, { operation, stacks: ["dev"], concurrency: 1, policyPacks: [] });
    expect(outcome.result).toBe(result);
    expect(double.calls[0].kind).toBe(operation === "up" ? "up" : "preview");
  });
});

describe("runFleet reporting", () => {
  it("tells the reporter when each stack starts, how it progresses and how it ends", async () => {
    const events: string[] = [];
    const reporter: FleetReporter = {
      stackStarted: (stack) => events.push(`start ${stack}`),
      stackProgress: (stack, progress) => events.push(`progress ${stack} ${progress.steps}/${progress.changes}`),
      stackFinished: (outcome) => events.push(`finish ${outcome.stack} ${outcome.result}`),
    };
    const double = new FleetDouble({
      dev: { progress: [{ steps: 1, changes: 0 }, { steps: 2, changes: 1, current: "update x y" }], report: DRIFTED },
    });

    await runFleet(double, { operation: "drift", stacks: ["dev"], concurrency: 1, policyPacks: [], reporter });

    expect(events).toEqual(["start dev", "progress dev 1/0", "progress dev 2/1", "finish dev drift"]);
  });

  it("measures each stack's duration with the given clock", async () => {
    let now = 1_000;
    const double = new FleetDouble({ dev: {} });
    const [outcome] = await runFleet(double, {
      operation: "preview",
      stacks: ["dev"],
      concurrency: 1,
      policyPacks: [],
      clock: () => (now += 250),
    });
    expect(outcome.durationMs).toBe(250);
  });
});

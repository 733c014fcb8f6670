import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readBoundedText } from "../cli/tenants/bounded-read";
import { runCli, type CliEnvironment } from "../cli/tenants/cli";
import { serializeDurations } from "../cli/tenants/durations-file";
import type { FleetBackend } from "../cli/tenants/fleet-backend";
import { mergeShardResults } from "../cli/tenants/merge-results";
import { parseResults, serializeResults } from "../cli/tenants/results-file";
import type { ShardMatrix } from "../cli/tenants/shard-matrix";
import { commandError, FleetDouble, type StackScript } from "./tenants-fleet-double";

const DRIFT: StackScript = {
  report: {
    changeSummary: { same: 9, update: 1 },
    changedResources: [
      { op: "update", urn: "urn:pulumi:globex::clientvpn-federation::aws:ec2/securityGroup:SecurityGroup::vpn", type: "aws:ec2/securityGroup:SecurityGroup", diffs: ["ingress"] },
    ],
  },
};

interface Run {
  code: number;
  out: string;
  err: string;
  summary: string;
}

function workspace(): string {
  return mkdtempSync(join(tmpdir(), "tenants-shards-"));
}

async function run(argv: string[], backend: FleetBackend, cwd: string, overrides: Partial<CliEnvironment> = {}): Promise<Run> {
  let out = "";
  let err = "";
  let summary = "";
  const code = await runCli(argv, {
    createBackend: async () => backend,
    writeOut: (text) => (out += text),
    writeErr: (text) => (err += text),
    interactive: false,
    color: false,
    stepSummaryPath: "/summary.md",
    appendFile: async (_path, text) => void (summary += text),
    cwd,
    ...overrides,
  });
  return { code, out, err, summary };
}

const fleetOf = (count: number, script: StackScript = {}): Record<string, StackScript> =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`t${String(i).padStart(3, "0")}`, script]));

const matrixStacks = (matrix: ShardMatrix): string[] => matrix.include.flatMap((entry) => entry.stacks.split(","));

describe("tenants shards", () => {
  it("prints a matrix with every stack in exactly one shard, by count on the first run", async () => {
    const cwd = workspace();
    const result = await run(["shards", "--max-shards", "4", "--durations", "durations.json"], new FleetDouble(fleetOf(10)), cwd);
    const matrix = JSON.parse(result.out) as ShardMatrix;

    expect(result.code).toBe(0);
    expect(matrix.include.map((entry) => entry.shard)).toEqual([1, 2, 3, 4]);
    expect(matrixStacks(matrix).sort()).toEqual(Object.keys(fleetOf(10)));
    expect(result.err).toContain("no durations file at durations.json yet (first run, or the cache expired): balancing shards by count");
    expect(result.summary).toContain("| Shard | Stacks | Estimated wall time |");
  });

  it("uses as few shards as fit the window when the last durations are known", async () => {
    const cwd = workspace();
    // 40 stacks x 5 min at 4 at once = 50 min; a 30-min window needs 2 shards.
    writeFileSync(join(cwd, "durations.json"), serializeDurations(Object.fromEntries(Object.keys(fleetOf(40)).map((s) => [s, 300_000]))));
    const result = await run(
      ["shards", "--max-shards", "8", "--window-minutes", "30", "--durations", "durations.json"],
      new FleetDouble(fleetOf(40)),
      cwd,
    );
    const matrix = JSON.parse(result.out) as ShardMatrix;

    expect(result.code).toBe(0);
    expect(matrix.include).toHaveLength(2);
    expect(matrix.include.map((entry) => entry.estimatedMinutes)).toEqual([25, 25]);
    expect(result.err).toContain("40 stacks in 2 shard(s), balanced by duration.");
  });

  it("warns, naming the setting to raise, when even the most shards do not fit the window", async () => {
    const cwd = workspace();
    writeFileSync(join(cwd, "durations.json"), serializeDurations(Object.fromEntries(Object.keys(fleetOf(40)).map((s) => [s, 300_000]))));
    const result = await run(
      ["shards", "--max-shards", "1", "--window-minutes", "30", "--durations", "durations.json"],
      new FleetDouble(fleetOf(40)),
      cwd,
    );
    expect(result.code).toBe(0);
    expect(result.err).toContain(
      "warning: shard 1 is estimated at 50 min, past the 30-min window even with 1 shards; raise --max-shards (the workflow's DRIFT_MAX_SHARDS variable) or --concurrency.",
    );
  });

  it.each([
    { name: "not JSON", content: "{", reason: "(it is not JSON)" },
    { name: "a negative duration", content: '{"version":1,"durationsMs":{"t000":-1}}', reason: "(durationsMs.t000:" },
    { name: "another format", content: '{"version":2}', reason: "(version:" },
  ])("ignores a durations file that is $name and balances by count", async ({ content, reason }) => {
    const cwd = workspace();
    writeFileSync(join(cwd, "durations.json"), content);
    const result = await run(["shards", "--durations", "durations.json"], new FleetDouble(fleetOf(3)), cwd);
    expect(result.code).toBe(0);
    expect(result.err).toContain(`warning: ignoring the durations file durations.json ${reason}`);
    expect(result.err).toContain("balanced by count");
  });

  it.each([
    { argv: ["--max-shards", "0"], message: "--max-shards must be a whole number from 1 to 256 (the default is 8)." },
    { argv: ["--max-shards", "257"], message: "--max-shards must be a whole number from 1 to 256 (the default is 8)." },
    { argv: ["--window-minutes", "361"], message: "--window-minutes must be a whole number from 1 to 360 (the default is 45)." },
    { argv: ["--concurrency", "17"], message: "--concurrency must be a whole number from 1 to 16" },
  ])("refuses $argv with the usage exit code before listing stacks", async ({ argv, message }) => {
    const double = new FleetDouble(fleetOf(3));
    const result = await run(["shards", ...argv], double, workspace());
    expect(result.code).toBe(64);
    expect(result.err).toContain(message);
    expect(double.listCalls).toBe(0);
  });

  it("exits 1 with the backend's error when the stacks cannot be listed", async () => {
    const double = new FleetDouble({}, commandError(255, "error: this command requires logging in\n"));
    const result = await run(["shards"], double, workspace());
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
  });
});

describe("tenants drift --results", () => {
  it("writes every stack's outcome for the merge job", async () => {
    const cwd = workspace();
    const result = await run(["drift", "--results", "shard-1.json"], new FleetDouble({ acme: {}, globex: DRIFT }), cwd);
    const written = parseResults(readFileSync(join(cwd, "shard-1.json"), "utf8"), "shard-1.json");
    expect(result.code).toBe(2);
    expect(written.operation).toBe("drift");
    expect(written.outcomes.map((outcome) => [outcome.stack, outcome.result])).toEqual([
      ["acme", "unchanged"],
      ["globex", "drift"],
    ]);
  });

  it("refuses a results path in a folder that does not exist, before running anything", async () => {
    const double = new FleetDouble({ acme: {} });
    const result = await run(["drift", "--results", "nope/shard-1.json"], double, workspace());
    expect(result.code).toBe(64);
    expect(result.err).toContain("--results nope/shard-1.json: its folder does not exist");
    expect(double.calls).toHaveLength(0);
  });
});

describe("tenants merge", () => {
  const plan = (cwd: string, include: { shard: number; stacks: string }[]): void =>
    writeFileSync(join(cwd, "plan.json"), JSON.stringify({ include }));
  const shardResult = async (cwd: string, shard: number, scripts: Record<string, StackScript>): Promise<void> => {
    mkdirSync(join(cwd, "results"), { recursive: true });
    await run(["drift", "--results", join("results", `shard-${shard}.json`)], new FleetDouble(scripts), cwd);
  };
  const merge = (cwd: string, extra: string[] = []): Promise<Run> =>
    run(["merge", "--plan", "plan.json", "--results", "results", ...extra], new FleetDouble({}), cwd);

  it("exits 0 with one table when every shard reported and every stack is in sync", async () => {
    const cwd = workspace();
    plan(cwd, [{ shard: 1, stacks: "acme,globex" }, { shard: 2, stacks: "initech" }]);
    await shardResult(cwd, 1, { acme: {}, globex: {} });
    await shardResult(cwd, 2, { initech: {} });
    const result = await merge(cwd);
    expect(result.code).toBe(0);
    expect(result.out).toContain("3 stacks: 3 in sync");
    expect(result.summary).toContain("### Tenant fleet drift");
    expect(result.summary).toContain("Merged from 2 shard(s).");
  });

  it("exits 2 when a shard found drift and none failed", async () => {
    const cwd = workspace();
    plan(cwd, [{ shard: 1, stacks: "acme" }, { shard: 2, stacks: "globex" }]);
    await shardResult(cwd, 1, { acme: {} });
    await shardResult(cwd, 2, { globex: DRIFT });
    const result = await merge(cwd);
    expect(result.code).toBe(2);
    expect(result.summary).toContain("| globex | DRIFT | update 1 |");
  });

  it("fails the stacks of a shard that left no result, naming the shard, and exits 1", async () => {
    const cwd = workspace();
    plan(cwd, [{ shard: 1, stacks: "acme" }, { shard: 2, stacks: "globex,initech" }]);
    await shardResult(cwd, 1, { acme: {} });
    const result = await merge(cwd);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/globex\s*│\s*FAILED/);
    expect(result.out).toContain("not checked: shard 2 left no result for this stack");
    expect(result.err).toContain("note: shard(s) 2 left no result for some stacks: those stacks count as failed");
  });

  it("fails every stack when no results folder arrived at all", async () => {
    const cwd = workspace();
    plan(cwd, [{ shard: 1, stacks: "acme" }]);
    const result = await merge(cwd);
    expect(result.code).toBe(1);
    expect(result.err).toContain("note: no results folder at results: no shard reported");
  });

  it("ignores a result for a stack no shard was given, and a malformed file, so neither can hide a stack", async () => {
    const cwd = workspace();
    plan(cwd, [{ shard: 1, stacks: "acme" }]);
    await shardResult(cwd, 1, { acme: {}, hooli: {} });
    writeFileSync(join(cwd, "results", "shard-9.json"), '{"version":1,"operation":"drift","outcomes":[{"stack":"acme"}]}');
    const result = await merge(cwd);
    expect(result.code).toBe(0);
    expect(result.err).toContain("note: a result for hooli, which no shard was given, was ignored");
    expect(result.err).toMatch(/note: ignored shard-9\.json is not a fleet results file: outcomes\.0\.result:/);
  });

  it("writes the measured durations of the stacks that ran, for the next plan", async () => {
    const cwd = workspace();
    plan(cwd, [{ shard: 1, stacks: "acme,globex" }]);
    await shardResult(cwd, 1, { acme: { durationMs: 20 }, globex: { error: commandError(255, "error: preview failed\n") } });
    await merge(cwd, ["--durations-out", "durations.json"]);
    const durations = JSON.parse(readFileSync(join(cwd, "durations.json"), "utf8")) as { durationsMs: Record<string, number> };
    expect(Object.keys(durations.durationsMs)).toEqual(["acme"]);
    expect(durations.durationsMs.acme).toBeGreaterThanOrEqual(15);
  });

  it.each([
    { name: "missing", setup: () => undefined, message: "--plan plan.json: " },
    { name: "not a matrix", setup: (cwd: string) => writeFileSync(join(cwd, "plan.json"), '{"include":[]}'), message: "--plan plan.json is not a shard matrix: include:" },
  ])("refuses a plan file that is $name with the usage exit code", async ({ setup, message }) => {
    const cwd = workspace();
    setup(cwd);
    const result = await merge(cwd);
    expect(result.code).toBe(64);
    expect(result.err).toContain(message);
    expect(result.err).toContain("Give the matrix JSON that `tenants shards` printed.");
  });
});

describe("a sharded drift run end to end", () => {
  it("plans, runs each shard on its own and merges to the same verdict as one run", async () => {
    const cwd = workspace();
    const scripts = { ...fleetOf(9), globex: DRIFT };
    const planned = await run(["shards", "--max-shards", "3"], new FleetDouble(scripts), cwd);
    writeFileSync(join(cwd, "plan.json"), planned.out);
    mkdirSync(join(cwd, "results"));
    const backends: FleetDouble[] = [];
    for (const entry of (JSON.parse(planned.out) as ShardMatrix).include) {
      const backend = new FleetDouble(scripts);
      backends.push(backend);
      await run(["drift", "--stacks", entry.stacks, "--results", `results/shard-${entry.shard}.json`], backend, cwd);
    }
    const merged = await run(["merge", "--plan", "plan.json", "--results", "results"], new FleetDouble({}), cwd);

    expect(backends.flatMap((backend) => backend.calls.map((call) => call.stack)).sort()).toEqual(Object.keys(scripts).sort());
    expect(merged.code).toBe(2);
    expect(merged.out).toContain("10 stacks: 1 drift, 9 in sync");
  });
});

describe("mergeShardResults", () => {
  it("refuses results of different operations", () => {
    const results = [
      { operation: "drift" as const, outcomes: [] },
      { operation: "up" as const, outcomes: [] },
    ];
    expect(() => mergeShardResults([{ shard: 1, stacks: ["a"] }], results)).toThrow("the shards ran different operations (drift, up)");
  });

  it("keeps the first of two results for one stack", () => {
    const outcome = (result: "drift" | "unchanged") => ({ stack: "a", result, changeSummary: {}, changedResources: [], durationMs: 1 });
    const merged = mergeShardResults(
      [{ shard: 1, stacks: ["a"] }],
      [parseResults(serializeResults({ operation: "drift", outcomes: [outcome("drift"), outcome("unchanged")] }), "r")],
    );
    expect(merged.outcomes.map((o) => o.result)).toEqual(["drift"]);
    expect(merged.notes).toEqual(["a was reported twice; the first result was kept"]);
  });
});

describe("readBoundedText", () => {
  it.each([
    { content: "12345", max: 5, expected: { ok: true, text: "12345" } },
    { content: "123456", max: 5, expected: { ok: false, reason: "too-large" } },
  ])("reads $content with a cap of $max bytes", async ({ content, max, expected }) => {
    const path = join(workspace(), "file.json");
    writeFileSync(path, content);
    expect(await readBoundedText(path, max)).toMatchObject(expected);
  });

  it("says a missing file is missing", async () => {
    expect(await readBoundedText(join(workspace(), "none.json"), 5)).toMatchObject({ ok: false, reason: "missing" });
  });
});

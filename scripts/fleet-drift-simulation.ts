/**
 * Simulates the sharded nightly drift check of a fleet of tenant stacks, to measure wall time against shard count
 * and concurrency: `npm run bench:fleet -- [--stacks 300] [--scale-ms 15] [--seed 17]`.
 *
 * Everything but the cloud is real: the shard planner, the fleet runner, the Automation API's LocalWorkspace and its
 * process handling, the merge. The `pulumi` binary is the tenant tests' fake (test/support/fake-pulumi.ts); each
 * stack's `preview --refresh` sleeps for that stack's latency. Time is scaled down: one simulated second lasts
 * `--scale-ms` real milliseconds. Each stack also costs a fixed, real amount (two processes of the fake, the
 * Automation API's temp files and event log) that scaling would blow up, so the fake counts each stack's latency
 * from its first call (`latencyFromSelect`): a stack takes its simulated latency, or the fixed cost when that is
 * longer. A calibration run measures the fixed cost first and prints it; latencies shorter than it are measured
 * long, so the figures err on the slow side.
 *
 * Assumption (the issue's "takes minutes", not a measurement): a refresh-preview of one tenant stack takes 1 to 7
 * minutes, most under 2 (60 + 360·u³ s, u uniform, seeded), so a median of 105 s and a mean of 150 s.
 * 2% of stacks drift and 1% fail, so the merge has something to report.
 *
 * Each shard gets its own backend, as each matrix job has its own runner. They run one after another, so on this
 * machine one shard's processes do not slow another's down, which on separate runners they would not either; a
 * shard's wall time is measured on its own, and the workflow's is the longest shard's.
 */
import { join } from "node:path";
import { LocalWorkspaceBackend } from "../cli/tenants/local-workspace-backend";
import { mergeShardResults } from "../cli/tenants/merge-results";
import { runFleet, type StackOutcome } from "../cli/tenants/run-fleet";
import { planShards, type ShardPlan } from "../cli/tenants/shard-plan";
import { installFakePulumi, type FakePulumi } from "../test/support/fake-pulumi";

const WINDOW_MINUTES = 45;

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

/** mulberry32: a small seeded PRNG, so every run simulates the same fleet. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Fleet {
  stacks: string[];
  latencySeconds: Record<string, number>;
  scenario: unknown;
}

function simulatedFleet(count: number, seed: number, scaleMs: number): Fleet {
  const next = random(seed);
  const stacks = Array.from({ length: count }, (_, i) => `tenant-${String(i).padStart(3, "0")}`);
  const latencySeconds = Object.fromEntries(stacks.map((stack) => [stack, Math.round(60 + 360 * next() ** 3)]));
  const urn = (stack: string) => `urn:pulumi:${stack}::clientvpn-federation::azuread:index/application:Application::vpn-app`;
  const refresh = (stack: string) => ({
    resourcePreEvent: { metadata: { op: "refresh", urn: urn(stack), type: "azuread:index/application:Application", provider: "" } },
  });
  const runs: Record<string, unknown> = {};
  stacks.forEach((stack, i) => {
    if (i % 50 === 7) {
      runs[`preview ${stack}`] = {
        events: [
          refresh(stack),
          { resourcePreEvent: { metadata: { op: "update", urn: urn(stack), type: "azuread:index/application:Application", provider: "", diffs: ["web"] } } },
        ],
        exitCode: 255,
        stderr: "error: no changes were expected but changes were proposed\n",
      };
    } else if (i % 100 === 42) {
      runs[`preview ${stack}`] = { events: [], exitCode: 255, stderr: "error: preview failed\n" };
    }
  });
  return {
    stacks,
    latencySeconds,
    scenario: {
      stacks,
      latencyFromSelect: true,
      latencyMs: Object.fromEntries(stacks.map((stack) => [stack, latencySeconds[stack] * scaleMs])),
      defaultRun: { events: [{ summaryEvent: { maybeCorrupt: false, durationSeconds: 1, resourceChanges: { same: 30 }, policyPacks: {} } }], exitCode: 0 },
      runs,
    },
  };
}

interface ShardRun {
  shard: number;
  stacks: number;
  wallMinutes: number;
  estimatedMinutes?: number;
  outcomes: StackOutcome[];
}

async function runShard(fake: FakePulumi, stacks: readonly string[], concurrency: number): Promise<{ wallMs: number; outcomes: StackOutcome[] }> {
  const backend = await LocalWorkspaceBackend.create(join(fake.root, "project"), { pulumiCommand: fake.pulumiCommand, envVars: fake.envVars });
  const started = performance.now();
  const outcomes = await runFleet(backend, { operation: "drift", stacks, concurrency, policyPacks: [] });
  return { wallMs: performance.now() - started, outcomes };
}

async function runPlan(fake: FakePulumi, plan: ShardPlan, concurrency: number, scaleMs: number): Promise<ShardRun[]> {
  const runs: ShardRun[] = [];
  for (const shard of plan.shards) {
    const { wallMs, outcomes } = await runShard(fake, shard.stacks, concurrency);
    runs.push({
      shard: shard.index,
      stacks: shard.stacks.length,
      wallMinutes: wallMs / scaleMs / 60,
      ...(shard.estimatedWallMs === undefined ? {} : { estimatedMinutes: shard.estimatedWallMs / 60_000 }),
      outcomes,
    });
  }
  return runs;
}

/** The real cost of one stack with no latency at all, at the given concurrency: the median of a few. */
async function calibrateFixedCostMs(fake: FakePulumi, concurrency: number): Promise<number> {
  const stacks = Array.from({ length: 4 * concurrency }, (_, i) => `calibration-${i}`);
  fake.setScenario({ stacks, defaultRun: { events: [], exitCode: 0 } });
  const { outcomes } = await runShard(fake, stacks, concurrency);
  const costs = outcomes.map((outcome) => outcome.durationMs).sort((a, b) => a - b);
  return costs[Math.floor(costs.length / 2)];
}

const minutes = (value: number): string => value.toFixed(1);

async function main(): Promise<void> {
  const stackCount = flag("stacks", 300);
  const scaleMs = flag("scale-ms", 15);
  const seed = flag("seed", 17);
  const fake = await installFakePulumi();
  const fixedCostMs = await calibrateFixedCostMs(fake, 4);
  const fleet = simulatedFleet(stackCount, seed, scaleMs);
  fake.setScenario(fleet.scenario);

  const work = Object.values(fleet.latencySeconds).reduce((sum, s) => sum + s, 0) / 60;
  console.log(`Fleet: ${stackCount} stacks, ${minutes(work)} stack-minutes of drift checks (seed ${seed}); 1 simulated s = ${scaleMs} ms.`);
  console.log(
    `Fixed cost of one stack on this machine (calibrated): ${fixedCostMs.toFixed(0)} ms = ${(fixedCostMs / scaleMs).toFixed(0)} simulated s; ` +
      "shorter latencies are measured at that cost.",
  );
  console.log(`Window per shard: ${WINDOW_MINUTES} min of the job's 55.\n`);

  // Night 1: no durations yet, so shards are balanced by count; the merge measures every stack.
  const first = planShards({ stacks: fleet.stacks, shardCount: 8, concurrency: 4 });
  const firstRuns = await runPlan(fake, first, 4, scaleMs);
  const merged = mergeShardResults(
    first.shards.map((shard) => ({ shard: shard.index, stacks: shard.stacks })),
    [{ operation: "drift", outcomes: firstRuns.flatMap((run) => run.outcomes) }],
  );
  // Measured durations, converted back to simulated milliseconds for the planner.
  const durationsMs = Object.fromEntries(Object.entries(merged.durationsMs).map(([stack, ms]) => [stack, (ms / scaleMs) * 1000]));
  const tally = (result: string) => merged.outcomes.filter((outcome) => outcome.result === result).length;
  console.log(`Night 1 verdict: ${tally("unchanged")} in sync, ${tally("drift")} drift, ${tally("failed")} failed.`);
  // How far each stack's measured time strayed from its simulated latency (load on this machine moves the fixed cost).
  const overheads = firstRuns
    .flatMap((run) => run.outcomes)
    .filter((outcome) => outcome.result !== "failed")
    .map((outcome) => outcome.durationMs / scaleMs - fleet.latencySeconds[outcome.stack])
    .sort((a, b) => a - b);
  console.log(`Measured minus simulated time per stack (median of night 1): ${overheads[Math.floor(overheads.length / 2)].toFixed(0)} simulated s.\n`);

  const rows: string[] = [];
  const row = (balance: string, concurrency: number, runs: ShardRun[], baseline?: number): number => {
    const longest = Math.max(...runs.map((run) => run.wallMinutes));
    const shortest = Math.min(...runs.map((run) => run.wallMinutes));
    const estimate = runs.some((run) => run.estimatedMinutes !== undefined)
      ? minutes(Math.max(...runs.map((run) => run.estimatedMinutes ?? 0)))
      : "n/a";
    const speedup = baseline ? `${(baseline / longest).toFixed(2)}× (ideal ${runs.length}×)` : "1×";
    const fits = longest <= WINDOW_MINUTES ? "yes" : "**no**";
    rows.push(`| ${runs.length} | ${concurrency} | ${balance} | ${minutes(longest)} | ${minutes(shortest)} | ${estimate} | ${speedup} | ${fits} |`);
    return longest;
  };

  let baseline: number | undefined;
  for (const shardCount of [1, 2, 4, 8]) {
    const plan = planShards({ stacks: fleet.stacks, shardCount, concurrency: 4, lastDurationsMs: durationsMs });
    const longest = row("duration", 4, await runPlan(fake, plan, 4, scaleMs), baseline);
    baseline ??= longest;
  }
  row("count (night 1)", 4, firstRuns, baseline);
  for (const concurrency of [8, 16]) {
    const plan = planShards({ stacks: fleet.stacks, shardCount: 4, concurrency, lastDurationsMs: durationsMs });
    row("duration", concurrency, await runPlan(fake, plan, concurrency, scaleMs));
  }

  console.log("| Shards | Concurrency | Balanced by | Longest shard (min) | Shortest shard (min) | Planner's estimate (min) | Speed-up vs 1 shard | Inside 45 min |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const line of rows) console.log(line);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 70;
});

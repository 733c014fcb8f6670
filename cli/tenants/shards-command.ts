import { resolve } from "node:path";
import { readBoundedText } from "./bounded-read";
import { guard, type CliEnvironment } from "./cli-environment";
import { MAX_DURATIONS_FILE_BYTES, parseDurations, type Durations } from "./durations-file";
import { EXIT } from "../shared/exit-codes";
import { toMatrix } from "./shard-matrix";
import { planShardsWithinWindow, type ShardPlan } from "./shard-plan";
import { NO_STACKS_MESSAGE, selectStacks } from "./stack-selection";

export interface ShardsFlags {
  readonly maxShards: number;
  readonly concurrency: number;
  readonly windowMinutes: number;
  readonly durations?: string;
  readonly stacks?: string[];
}

const minutes = (ms: number): number => Math.ceil(ms / 60_000);

/** The durations hint, or why there is none; never an error (see durations-file.ts). */
async function readDurations(path: string | undefined, cwd: string): Promise<{ durationsMs?: Durations; note?: string }> {
  if (path === undefined) return {};
  const read = await readBoundedText(resolve(cwd, path), MAX_DURATIONS_FILE_BYTES);
  if (!read.ok) {
    return {
      note:
        read.reason === "missing"
          ? `no durations file at ${path} yet (first run, or the cache expired): balancing shards by count`
          : `warning: ignoring the durations file: ${read.detail}; balancing shards by count`,
    };
  }
  const parsed = parseDurations(read.text);
  return parsed.ok
    ? { durationsMs: parsed.durationsMs }
    : { note: `warning: ignoring the durations file ${path} (${parsed.reason}); balancing shards by count` };
}

function describePlan(plan: ShardPlan, flags: ShardsFlags): string[] {
  const stackCount = plan.shards.reduce((sum, shard) => sum + shard.stacks.length, 0);
  const lines = [`${stackCount} stacks in ${plan.shards.length} shard(s), balanced by ${plan.balance}.`];
  if (plan.balance === "duration") {
    const longest = Math.max(...plan.shards.map((shard) => shard.estimatedWallMs ?? 0));
    lines.push(
      `Longest shard estimated at ${minutes(longest)} min with ${flags.concurrency} stacks at once (window ${flags.windowMinutes} min).`,
    );
    for (const shard of plan.shards) {
      if ((shard.estimatedWallMs ?? 0) > flags.windowMinutes * 60_000) {
        lines.push(
          `warning: shard ${shard.index} is estimated at ${minutes(shard.estimatedWallMs!)} min, past the ` +
            `${flags.windowMinutes}-min window even with ${plan.shards.length} shards; raise --max-shards ` +
            "(the workflow's DRIFT_MAX_SHARDS variable) or --concurrency.",
        );
      }
    }
  }
  return lines;
}

function markdownPlan(plan: ShardPlan, summary: readonly string[]): string {
  const rows = plan.shards.map(
    (shard) =>
      `| ${shard.index} | ${shard.stacks.length} | ${shard.estimatedWallMs === undefined ? "unknown" : `${minutes(shard.estimatedWallMs)} min`} |`,
  );
  return [`### Drift shard plan`, "", ...summary, "", "| Shard | Stacks | Estimated wall time |", "| --- | --- | --- |", ...rows, ""].join("\n");
}

/**
 * `tenants shards`: lists the stacks and prints the GitHub Actions matrix (JSON, one line on stdout); the plan's
 * summary goes to stderr and to the job summary.
 */
export function runShardsCommand(flags: ShardsFlags, env: CliEnvironment): Promise<number> {
  return guard(env, async () => {
    const { durationsMs, note } = await readDurations(flags.durations, env.cwd);
    const known = await (await env.createBackend()).listStacks();
    if (known.length === 0) {
      env.writeErr(`error: ${NO_STACKS_MESSAGE}\n`);
      return EXIT.failed;
    }
    const plan = planShardsWithinWindow({
      stacks: selectStacks(known, flags.stacks),
      concurrency: flags.concurrency,
      lastDurationsMs: durationsMs,
      maxShards: flags.maxShards,
      windowMs: flags.windowMinutes * 60_000,
    });
    const summary = [...(note ? [note] : []), ...describePlan(plan, flags)];
    env.writeErr(summary.map((line) => `${line}\n`).join(""));
    env.writeOut(`${JSON.stringify(toMatrix(plan))}\n`);
    if (env.stepSummaryPath) await env.appendFile(env.stepSummaryPath, markdownPlan(plan, summary));
    return EXIT.ok;
  });
}

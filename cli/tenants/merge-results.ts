import type { Durations } from "./durations-file";
import type { FleetResults } from "./results-file";
import type { FleetOperation, StackOutcome } from "./run-fleet";

/**
 * Folds the shards' results back into one fleet run: one outcome per planned stack, sorted by stack name.
 *
 * A stack whose shard left no result (the job was cancelled, hit its timeout, or failed before it wrote the file)
 * is a failed stack, never a silent gap: its drift is unknown. Results for stacks the plan did not give to any
 * shard are reported as notes and left out, so a stray or forged file cannot add or hide a stack.
 */

export interface ShardAssignment {
  readonly shard: number;
  readonly stacks: readonly string[];
}

export interface MergedRun {
  readonly operation: FleetOperation;
  readonly outcomes: readonly StackOutcome[];
  /** Shards with at least one stack that has no result. */
  readonly silentShards: readonly number[];
  /** Problems that do not change the verdict but should be read. */
  readonly notes: readonly string[];
  /** Measured duration of each stack that ran to a result (failed stacks excluded: they often fail fast). */
  readonly durationsMs: Durations;
}

export function mergeShardResults(
  plan: readonly ShardAssignment[],
  results: readonly FleetResults[],
  fallbackOperation: FleetOperation = "drift",
): MergedRun {
  const notes: string[] = [];
  const operations = [...new Set(results.map((result) => result.operation))];
  if (operations.length > 1) {
    throw new Error(`the shards ran different operations (${operations.join(", ")}); merge only the results of one run`);
  }
  const operation = operations[0] ?? fallbackOperation;

  const planned = new Map<string, number>();
  for (const { shard, stacks } of plan) for (const stack of stacks) if (!planned.has(stack)) planned.set(stack, shard);

  const reported = new Map<string, StackOutcome>();
  for (const result of results) {
    for (const outcome of result.outcomes) {
      if (!planned.has(outcome.stack)) notes.push(`a result for ${outcome.stack}, which no shard was given, was ignored`);
      else if (reported.has(outcome.stack)) notes.push(`${outcome.stack} was reported twice; the first result was kept`);
      else reported.set(outcome.stack, outcome);
    }
  }

  const silentShards = new Set<number>();
  const byName = [...planned].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const outcomes = byName.map(([stack, shard]): StackOutcome => {
    const outcome = reported.get(stack);
    if (outcome) return outcome;
    silentShards.add(shard);
    return {
      stack,
      result: "failed",
      changeSummary: {},
      changedResources: [],
      error:
        `not checked: shard ${shard} left no result for this stack (the job was cancelled, timed out or failed ` +
        "before writing it); see that shard's log",
      durationMs: 0,
    };
  });

  const durationsMs = Object.fromEntries(
    [...reported.values()].filter((outcome) => outcome.result !== "failed").map((outcome) => [outcome.stack, outcome.durationMs]),
  );
  return { operation, outcomes, silentShards: [...silentShards].sort((a, b) => a - b), notes, durationsMs };
}

import { readdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { readBoundedText } from "./bounded-read";
import { guard, type CliEnvironment } from "./cli-environment";
import { serializeDurations } from "./durations-file";
import { exitCodeFor } from "./exit-codes";
import { mergeShardResults } from "./merge-results";
import { MAX_RESULTS_FILE_BYTES, parseResults, type FleetResults } from "./results-file";
import { parseMatrix } from "./shard-matrix";
import { FleetUsageError } from "./stack-selection";
import { renderMarkdownSummary, renderSummaryTable } from "./summary-table";

export interface MergeFlags {
  /** The matrix JSON the shards were planned with (`tenants shards` output). */
  readonly plan: string;
  /** Folder holding the shards' results files (*.json). */
  readonly results: string;
  readonly durationsOut?: string;
}

/** A plan matrix is a few KiB per hundred stacks. */
const MAX_PLAN_BYTES = 2 * 1024 * 1024;

async function readPlan(path: string, cwd: string): Promise<ReturnType<typeof parseMatrix>> {
  const read = await readBoundedText(resolve(cwd, path), MAX_PLAN_BYTES);
  if (!read.ok) throw new FleetUsageError(`--plan ${path}: ${read.detail}. Give the matrix JSON that \`tenants shards\` printed.`);
  try {
    return parseMatrix(read.text, `--plan ${path}`);
  } catch (error) {
    throw new FleetUsageError(`${(error as Error).message}. Give the matrix JSON that \`tenants shards\` printed.`);
  }
}

/** Every results file in the folder; an unreadable or malformed one is a note, and its stacks count as unreported. */
async function readResults(folder: string, cwd: string, notes: string[]): Promise<FleetResults[]> {
  const path = resolve(cwd, folder);
  let names: string[];
  try {
    names = (await readdir(path)).filter((name) => name.endsWith(".json")).sort();
  } catch {
    notes.push(`no results folder at ${folder}: no shard reported`);
    return [];
  }
  const results: FleetResults[] = [];
  for (const name of names) {
    const read = await readBoundedText(join(path, name), MAX_RESULTS_FILE_BYTES);
    if (!read.ok) {
      notes.push(`ignored ${name}: ${read.detail}`);
      continue;
    }
    try {
      results.push(parseResults(read.text, name));
    } catch (error) {
      notes.push(`ignored ${(error as Error).message}`);
    }
  }
  return results;
}

/**
 * `tenants merge`: one summary and one exit status for a run split over shards. Exit codes as for the fleet
 * commands; a stack whose shard reported nothing is a failure.
 */
export function runMergeCommand(flags: MergeFlags, env: CliEnvironment): Promise<number> {
  return guard(env, async () => {
    const plan = await readPlan(flags.plan, env.cwd);
    const notes: string[] = [];
    const results = await readResults(flags.results, env.cwd, notes);
    const merged = mergeShardResults(plan, results);
    notes.push(...merged.notes);
    if (merged.silentShards.length > 0) {
      notes.push(`shard(s) ${merged.silentShards.join(", ")} left no result for some stacks: those stacks count as failed`);
    }

    env.writeOut(`${renderSummaryTable(merged.operation, merged.outcomes, { color: env.color })}\n`);
    env.writeErr(notes.map((note) => `note: ${note}\n`).join(""));
    if (env.stepSummaryPath) {
      const shardLine = `Merged from ${plan.length} shard(s).`;
      const noteLines = notes.map((note) => `- ${note}`);
      await env.appendFile(env.stepSummaryPath, `${renderMarkdownSummary(merged.operation, merged.outcomes)}\n${[shardLine, ...noteLines].join("\n")}\n`);
    }
    if (flags.durationsOut) await writeFile(resolve(env.cwd, flags.durationsOut), serializeDurations(merged.durationsMs), "utf8");
    return exitCodeFor(merged.outcomes);
  });
}

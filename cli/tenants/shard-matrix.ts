import { z } from "zod";
import type { ShardPlan } from "./shard-plan";

/**
 * A shard plan as a GitHub Actions matrix: `{"include": [{"shard": 1, "stacks": "a,b"}, ...]}`, fed to
 * `strategy.matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}`. Each entry becomes one job; `stacks` goes to that
 * job's `tenants drift --stacks`. The merge job reads the same JSON back to know which stacks each shard owed.
 * https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/running-variations-of-jobs-in-a-workflow
 */

/** "A matrix will generate a maximum of 256 jobs per workflow run" (GitHub Actions docs, page above). */
export const MAX_MATRIX_JOBS = 256;

export interface MatrixEntry {
  readonly shard: number;
  /** Comma-separated stack names; Pulumi stack names cannot hold a comma. */
  readonly stacks: string;
  /** Planned wall time in whole minutes, shown in the job name; absent when balanced by count. */
  readonly estimatedMinutes?: number;
}

export interface ShardMatrix {
  readonly include: readonly MatrixEntry[];
}

export function toMatrix(plan: ShardPlan): ShardMatrix {
  return {
    include: plan.shards.map((shard) => ({
      shard: shard.index,
      stacks: shard.stacks.join(","),
      ...(shard.estimatedWallMs === undefined ? {} : { estimatedMinutes: Math.ceil(shard.estimatedWallMs / 60_000) }),
    })),
  };
}

const matrixSchema = z.strictObject({
  include: z
    .array(
      z.strictObject({
        shard: z.number().int().min(1).max(MAX_MATRIX_JOBS),
        stacks: z.string().min(1).max(1_000_000),
        estimatedMinutes: z.number().int().nonnegative().optional(),
      }),
    )
    .min(1)
    .max(MAX_MATRIX_JOBS),
});

/** Which stacks each shard was given, in plan order. Throws an Error naming the problem on anything else. */
export function parseMatrix(json: string, origin: string): { shard: number; stacks: string[] }[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`${origin} is not JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = matrixSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${origin} is not a shard matrix: ${issue.path.join(".") || "(top)"}: ${issue.message}`);
  }
  return parsed.data.include.map((entry) => ({ shard: entry.shard, stacks: entry.stacks.split(",") }));
}

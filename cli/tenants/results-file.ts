import { z } from "zod";
import { FLEET_OPERATIONS, type FleetOperation, type StackOutcome } from "./run-fleet";

/**
 * The record one fleet run leaves for a later job: a drift shard writes it (`--results`), the merge job reads every
 * shard's. The merge job treats it as untrusted input (an artifact could be anything), so it is parsed strictly
 * and read with a size cap.
 */

/** Far above a real shard's record (300 stacks with long error texts stay under 1 MiB). */
export const MAX_RESULTS_FILE_BYTES = 16 * 1024 * 1024;

const text = z.string().max(100_000);
const outcomeSchema = z.strictObject({
  stack: z.string().min(1).max(400),
  result: z.enum(["unchanged", "changes", "updated", "drift", "failed"]),
  changeSummary: z.record(z.string().max(100), z.number().int().nonnegative()),
  changedResources: z
    .array(z.strictObject({ op: text, urn: text, type: text, diffs: z.array(text).max(10_000) }))
    .max(100_000),
  policyWarnings: z.array(text).max(10_000).optional(),
  error: text.optional(),
  durationMs: z.number().nonnegative().finite(),
});

const resultsSchema = z.strictObject({
  version: z.literal(1),
  operation: z.enum(FLEET_OPERATIONS),
  outcomes: z.array(outcomeSchema).max(100_000),
});

export interface FleetResults {
  readonly operation: FleetOperation;
  readonly outcomes: readonly StackOutcome[];
}

export function serializeResults(results: FleetResults): string {
  return `${JSON.stringify({ version: 1, operation: results.operation, outcomes: results.outcomes }, null, 2)}\n`;
}

/** Parses a results file; throws an Error naming the first problems when it is not one. */
export function parseResults(json: string, origin: string): FleetResults {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`${origin} is not JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = resultsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join(".") || "(top)"}: ${issue.message}`);
    throw new Error(`${origin} is not a fleet results file: ${problems.join("; ")}`);
  }
  return parsed.data;
}

import type { ChangeSummary } from "./fleet-backend";

/**
 * Step ops that leave a resource as it is. Mirrors the engine's own test for "has changes", which is what
 * `--expect-no-changes` fails on:
 * https://github.com/pulumi/pulumi/blob/master/pkg/engine/update.go (`HasChanges`: every op except
 * same, read, discard (OpReadDiscard) and read-replacement counts).
 * "refresh" is added for per-resource events: a refresh step only re-reads state; drift it finds shows up as
 * a following update/delete/create step.
 */
const UNCHANGING_OPS: ReadonlySet<string> = new Set(["same", "read", "discard", "read-replacement", "refresh"]);

export function isChangingOp(op: string): boolean {
  return !UNCHANGING_OPS.has(op);
}

/** The summary's changing ops only, with zero counts dropped. */
export function changeCounts(summary: ChangeSummary): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [op, count] of Object.entries(summary)) {
    if (isChangingOp(op) && count > 0) counts[op] = count;
  }
  return counts;
}

export function hasChanges(summary: ChangeSummary): boolean {
  return Object.keys(changeCounts(summary)).length > 0;
}

/** "create 1, update 2", ops sorted by name so the output is stable; "none" when nothing changes. */
export function formatChangeCounts(summary: ChangeSummary): string {
  const entries = Object.entries(changeCounts(summary)).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? "none" : entries.map(([op, count]) => `${op} ${count}`).join(", ");
}

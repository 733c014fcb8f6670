import { formatChangeCounts } from "./change-summary";
import type { StackProgress } from "./fleet-backend";
import type { FleetOperation, StackOutcome } from "./run-fleet";
import { resultLabel } from "./summary-table";

/** "12 steps, 2 changes; now: update aws:ec2/clientVpnEndpoint:ClientVpnEndpoint vpn" */
export function formatProgress(progress: StackProgress): string {
  const counts = `${progress.steps} ${progress.steps === 1 ? "step" : "steps"}, ${progress.changes} ${
    progress.changes === 1 ? "change" : "changes"
  }`;
  return progress.current ? `${counts}; now: ${progress.current}` : counts;
}

/** "DRIFT (update 1) in 12.3s" / "FAILED in 2.0s: error: ..." */
export function formatOutcome(operation: FleetOperation, outcome: StackOutcome): string {
  const seconds = `${(outcome.durationMs / 1000).toFixed(1)}s`;
  const label = resultLabel(operation, outcome.result);
  if (outcome.result === "failed") return `${label} in ${seconds}: ${outcome.error ?? "unknown error"}`;
  const changes = formatChangeCounts(outcome.changeSummary);
  return changes === "none" ? `${label} in ${seconds}` : `${label} (${changes}) in ${seconds}`;
}

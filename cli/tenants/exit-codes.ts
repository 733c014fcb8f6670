import { EXIT } from "../shared/exit-codes";
import type { StackOutcome } from "./run-fleet";

/**
 * Process exit codes of the fleet CLI. Failure wins over drift: a run where one stack failed and another
 * drifted exits 1, because the failed stack's drift is unknown.
 */
export const EXIT_CODES = {
  /** Every stack ran; nothing drifted. */
  success: EXIT.ok,
  /** At least one stack failed, or the fleet could not be listed. */
  failure: EXIT.failed,
  /** `drift` only: at least one stack drifted and none failed. */
  drift: EXIT.attention,
  /** Bad flags or unknown stack names (sysexits.h EX_USAGE). */
  usage: EXIT.usage,
} as const;

export function exitCodeFor(outcomes: readonly StackOutcome[]): number {
  if (outcomes.some((outcome) => outcome.result === "failed")) return EXIT_CODES.failure;
  if (outcomes.some((outcome) => outcome.result === "drift")) return EXIT_CODES.drift;
  return EXIT_CODES.success;
}

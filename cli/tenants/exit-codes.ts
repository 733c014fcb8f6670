import type { StackOutcome } from "./run-fleet";

/**
 * Process exit codes of the fleet CLI. Failure wins over drift: a run where one stack failed and another
 * drifted exits 1, because the failed stack's drift is unknown.
 */
export const EXIT_CODES = {
  /** Every stack ran; nothing drifted. */
  success: 0,
  /** At least one stack failed, or the fleet could not be listed. */
  failure: 1,
  /** `drift` only: at least one stack drifted and none failed. */
  drift: 2,
  /** Bad flags or unknown stack names (sysexits.h EX_USAGE). */
  usage: 64,
} as const;

export function exitCodeFor(outcomes: readonly StackOutcome[]): number {
  if (outcomes.some((outcome) => outcome.result === "failed")) return EXIT_CODES.failure;
  if (outcomes.some((outcome) => outcome.result === "drift")) return EXIT_CODES.drift;
  return EXIT_CODES.success;
}

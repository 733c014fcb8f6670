import { EXIT } from "../shared/exit-codes";
import type { StackOutcome } from "./run-fleet";

/**
 * The fleet's exit code, in the project's one convention (cli/shared/exit-codes.ts). Failure wins over drift:
 * a run where one stack failed and another drifted exits 1, because the failed stack's drift is unknown.
 */
export function exitCodeFor(outcomes: readonly StackOutcome[]): number {
  if (outcomes.some((outcome) => outcome.result === "failed")) return EXIT.failed;
  if (outcomes.some((outcome) => outcome.result === "drift")) return EXIT.attention;
  return EXIT.ok;
}

import type { FleetOperation, FleetReporter } from "./run-fleet";
import { formatOutcome, formatProgress } from "./progress-text";

/**
 * One line per event, for logs without a terminal (CI, pipes): nothing is redrawn, so every line stays
 * readable in a GitHub Actions log.
 */
export function createPlainReporter(operation: FleetOperation, writeLine: (line: string) => void): FleetReporter {
  return {
    stackStarted: (stack) => writeLine(`[${stack}] ${operation} started`),
    stackProgress: (stack, progress) => writeLine(`[${stack}] ${formatProgress(progress)}`),
    stackFinished: (outcome) => writeLine(`[${outcome.stack}] ${formatOutcome(operation, outcome)}`),
  };
}

import { EXIT } from "../shared/exit-codes";
import type { FleetBackend } from "./fleet-backend";
import { describeError } from "./stack-errors";
import { FleetUsageError } from "./stack-selection";

/** Everything the CLI touches outside itself, so tests can run it against a double. */
export interface CliEnvironment {
  createBackend(): Promise<FleetBackend>;
  writeOut(text: string): void;
  writeErr(text: string): void;
  /** Live listr2 status lines when true (a terminal, not CI); one plain line per event otherwise. */
  interactive: boolean;
  color: boolean;
  /** Where GitHub Actions collects the job summary ($GITHUB_STEP_SUMMARY), when set. */
  stepSummaryPath?: string;
  appendFile(path: string, text: string): Promise<void>;
  cwd: string;
}

/** Turns a thrown error into a message on stderr and an exit code, never a stack trace. */
export async function guard(env: CliEnvironment, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof FleetUsageError) {
      env.writeErr(`error: ${error.message}\n`);
      return EXIT.usage;
    }
    env.writeErr(`error: ${describeError(error)}\n`);
    return EXIT.failed;
  }
}

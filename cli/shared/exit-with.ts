import { EXIT } from "./exit-codes";

/**
 * The end of every command's entry point: the exit code the command returned, or, when it threw, 70 with the stack
 * printed. Only a bug gets that far: each command reports user mistakes itself, without a stack trace.
 */
export function exitWith(run: Promise<number>, report: (error: unknown) => void = (error) => console.error(error)): Promise<void> {
  return run.then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      report(error);
      process.exitCode = EXIT.internalError;
    },
  );
}

import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { EXIT } from "../shared/exit-codes";
import { stackNameProblem } from "../shared/stack-name";
import { StackContextError } from "./stack-context";

/**
 * Parses a day-2 command's arguments with its output going where the environment says, and turns
 * commander's exits into our exit codes: help is a success, any usage mistake is a usage error.
 */
export function parseArguments<Flags>(
  program: Command,
  argv: readonly string[],
  env: { writeOut(text: string): void; writeErr(text: string): void },
): { flags: Flags } | { exitCode: number } {
  program.exitOverride().configureOutput({ writeOut: env.writeOut, writeErr: env.writeErr });
  try {
    program.parse(argv as string[], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return { exitCode: error.exitCode === 0 ? EXIT.ok : EXIT.usage };
    throw error;
  }
  return { flags: program.opts<Flags & Record<string, unknown>>() as Flags };
}

/** `--stack <name>`: a Pulumi stack name (stack, org/stack or org/project/stack), refused when it is not one. */
export function stackOption(description: string, required = true): Option {
  const option = new Option("--stack <name>", description).argParser((value: string) => {
    const problem = stackNameProblem(value, { qualified: true });
    if (problem) throw new InvalidArgumentError(`--stack ${value} ${problem}.`);
    return value;
  });
  return required ? option.makeOptionMandatory() : option;
}

/**
 * Prints why the stack could not be used and returns the exit code: a wrong --stack is bad usage; Pulumi
 * failing to answer (login, token, backend) or any other failure is a failed run, with Pulumi's own words.
 */
export function reportStackFailure(command: string, error: unknown, env: { writeErr(text: string): void }): number {
  env.writeErr(`${command}: ${error instanceof Error ? error.message : String(error)}\n`);
  return error instanceof StackContextError && error.kind === "usage" ? EXIT.usage : EXIT.failed;
}

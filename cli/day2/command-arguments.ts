import { Command, CommanderError } from "commander";
import { EXIT } from "./day2-environment";

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

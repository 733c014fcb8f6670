import { EXIT } from "./exit-codes";

type Meaning = keyof typeof EXIT;

/** What usage and internal errors mean is the same for every command; the rest each command says. */
const standardMeanings: Partial<Record<Meaning, string>> = {
  usage: "bad usage: an unknown or malformed flag, or a file, folder or stack named on the command line that cannot be used",
  internalError: "a bug in the command (printed with its stack trace)",
};

/**
 * The "Exit codes:" block every command's --help ends with, in one layout: each code the command can
 * return, in ascending order, with what it means for that command.
 */
export function exitCodeHelp(meanings: Partial<Record<Meaning, string>>): string {
  const all = { ...standardMeanings, ...meanings };
  const lines = (Object.keys(EXIT) as Meaning[])
    .filter((meaning) => all[meaning] !== undefined)
    .sort((a, b) => EXIT[a] - EXIT[b])
    .map((meaning) => `  ${String(EXIT[meaning]).padEnd(4)}${all[meaning]}`);
  return `\nExit codes:\n${lines.join("\n")}\n`;
}

/**
 * Each command's options as its `--help` lists them, against the options tables and command lines of the docs.
 * Used by the test file that already loads every command (test/cli-conventions.test.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { helpOptions, helpSources, helpSubcommands } from "../../cli/docs/command-help";
import { documentedCommandLines, documentedTables } from "../../cli/docs/documented-commands";

const root = join(__dirname, "..", "..");

/** The npm scripts of package.json. */
export const npmScripts: readonly string[] = Object.keys((JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
/**
 * Scripts for the people who work on this project, not commands of the product. `bench:fleet` is a simulation in
 * scripts/ built on the test fakes; its flags are documented with its figures (docs/fleet-at-scale.md).
 * `test:mutation` mutation-tests the project's own modules (its `--help` lists them).
 */
export const developmentScripts: readonly string[] = ["test", "typecheck", "lint", "docs", "bench:fleet", "test:mutation"];
/**
 * Commands the docs already describe whose code is being built on another branch. Each entry must be absent from
 * package.json: once its script lands, the test fails until the entry is removed and the command gets a help
 * source and an options table like the others.
 */
export const landingElsewhere: readonly string[] = [];

export interface DocumentedTables {
  options: Map<string, { entries: string[]; where: string }>;
  subcommands: Map<string, { entries: string[]; where: string }>;
  problems: string[];
}

/** Every options and subcommands table in the docs, by script, and the problems of their markers. */
export function documentedOptionTables(docs: ReadonlyMap<string, string>): DocumentedTables {
  const documented: DocumentedTables = { options: new Map(), subcommands: new Map(), problems: [] };
  for (const [file, text] of docs) {
    const tables = documentedTables(text);
    documented.problems.push(...tables.problems.map((problem) => `${file}: ${problem}`));
    for (const [kind, found] of [["options", tables.options], ["subcommands", tables.subcommands]] as const) {
      for (const table of found) {
        const known = documented[kind].get(table.script);
        if (known) documented.problems.push(`${file}: a second ${kind} table for ${table.script} (the first is in ${known.where})`);
        else documented[kind].set(table.script, { entries: table.entries, where: file });
      }
    }
  }
  return documented;
}

export interface CommandHelp {
  options: string[];
  subcommands: string[];
  subcommandOptions: Map<string, string[]>;
}

/** Each command's help, and each subcommand's, read in this process. */
export async function readCommandHelps(): Promise<Map<string, CommandHelp>> {
  const helps = new Map<string, CommandHelp>();
  for (const source of helpSources) {
    const help = await source.help();
    const subcommandOptions = new Map<string, string[]>();
    for (const subcommand of source.subcommands ?? []) subcommandOptions.set(subcommand, helpOptions(await source.help(subcommand)));
    helps.set(source.script, { options: helpOptions(help), subcommands: helpSubcommands(help), subcommandOptions });
  }
  return helps;
}

/** Every option a command takes: its own and its subcommands'. */
export function allOptions(help: CommandHelp): string[] {
  return [...new Set([...help.options, ...[...help.subcommandOptions.values()].flat()])];
}

/** Each `npm run` line in the docs that names a script, subcommand or option that does not exist. */
export function commandLineProblems(docs: ReadonlyMap<string, string>, helps: ReadonlyMap<string, CommandHelp>): string[] {
  const problems: string[] = [];
  for (const [file, text] of docs) {
    for (const line of documentedCommandLines(text)) {
      if (landingElsewhere.includes(line.script)) continue;
      if (!npmScripts.includes(line.script)) {
        problems.push(`${file}: \`${line.text}\`: there is no npm script ${line.script}`);
        continue;
      }
      const help = helps.get(line.script);
      if (!help) continue;
      const subcommand = help.subcommands.length && /^[a-z]/.test(line.words[0] ?? "") ? line.words[0] : undefined;
      if (subcommand && !help.subcommands.includes(subcommand)) problems.push(`${file}: \`${line.text}\`: ${line.script} has no subcommand ${subcommand}`);
      const known = subcommand ? (help.subcommandOptions.get(subcommand) ?? []) : allOptions(help);
      for (const flag of line.words.map((word) => /^\[?(--[a-z0-9][a-z0-9-]*)/.exec(word)?.[1]).filter((flag): flag is string => Boolean(flag))) {
        if (flag !== "--help" && !known.includes(flag)) problems.push(`${file}: \`${line.text}\`: ${line.script} has no option ${flag}`);
      }
    }
  }
  return problems;
}

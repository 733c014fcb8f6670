import { Command, CommanderError } from "commander";
import { EXIT } from "../shared/exit-codes";
import { exitCodeHelp } from "../shared/exit-code-help";
import { type FileScore, fileScores, type MutantStatus, scoreTable } from "./module-scores";
import { minimumMutationScore, type MutationModule, mutationModules } from "./mutation-modules";

export interface MutationCliEnvironment {
  writeOut(text: string): void;
  writeErr(text: string): void;
  /** Runs Stryker over one module with its own tests; resolves to every mutant's result. */
  runStryker(module: MutationModule): Promise<readonly { fileName: string; status: MutantStatus }[]>;
}

/** Runs `test:mutation` with `argv` (arguments after the program name); resolves to the exit code. */
export async function runMutationCli(argv: readonly string[], env: MutationCliEnvironment): Promise<number> {
  const known = mutationModules.map((module) => module.name);
  const program = new Command("test:mutation")
    .description(
      `Mutation-test the modules users' safety depends on, each against its own unit tests (Stryker, incremental: only mutants whose code or tests changed run again). ` +
        `Every file must have at least ${minimumMutationScore}% of its logic mutants killed.`,
    )
    .argument("[modules...]", `modules to test, of ${known.join(", ")} (default: all)`)
    .addHelpText("after", exitCodeHelp({ ok: `every file scored at least ${minimumMutationScore}%`, failed: `a file scored below ${minimumMutationScore}%` }))
    .exitOverride()
    .configureOutput({ writeOut: env.writeOut, writeErr: env.writeErr });
  let chosen: readonly MutationModule[];
  try {
    program.parse([...argv], { from: "user" });
    const names = program.args;
    const unknown = names.filter((name) => !known.includes(name));
    if (unknown.length > 0) {
      env.writeErr(`test:mutation: ${unknown.map((name) => `"${name}"`).join(", ")} is not a module; use ${known.join(", ")}\n`);
      return EXIT.usage;
    }
    chosen = names.length > 0 ? mutationModules.filter((module) => names.includes(module.name)) : mutationModules;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  }

  const rows: { title: string; score: FileScore }[] = [];
  for (const module of chosen) {
    env.writeErr(`test:mutation: ${module.title} (${module.mutate.join(", ")})\n`);
    const results = await env.runStryker(module);
    rows.push(...fileScores(results, module.mutate).map((score) => ({ title: module.title, score })));
  }
  env.writeOut(scoreTable(rows, minimumMutationScore));
  const below = rows.filter((row) => row.score.score < minimumMutationScore);
  if (below.length > 0) {
    env.writeOut(`\n${below.length} file(s) below ${minimumMutationScore}%: write the test that fails on each surviving mutant (reports/mutation/<module>.json lists them).\n`);
    return EXIT.failed;
  }
  return EXIT.ok;
}

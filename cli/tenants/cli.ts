import { statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { EXIT } from "../shared/exit-codes";
import { exitCodeHelp } from "../shared/exit-code-help";
import { exitCodeFor } from "./exit-codes";
import { guard, type CliEnvironment } from "./cli-environment";
import { createListrReporter } from "./listr-reporter";
import { runMergeCommand, type MergeFlags } from "./merge-command";
import { createPlainReporter } from "./plain-reporter";
import { serializeResults } from "./results-file";
import { runFleet, type FleetOperation, type FleetReporter } from "./run-fleet";
import { MAX_MATRIX_JOBS } from "./shard-matrix";
import { runShardsCommand, type ShardsFlags } from "./shards-command";
import { NO_STACKS_MESSAGE, parseStackList, selectStacks } from "./stack-selection";
import { renderMarkdownSummary, renderSummaryTable } from "./summary-table";

export const DEFAULT_CONCURRENCY = 4;

/**
 * The most stacks one run may hold in flight. Each stack in flight is a whole process tree: the `pulumi` CLI, a
 * Node language host compiling and running the program, and its provider plugins (aws, azuread, random, the
 * project's dynamic provider). The standard GitHub-hosted Linux runner for public repositories has 4 vCPUs and
 * 16 GB (https://docs.github.com/en/actions/reference/runners/github-hosted-runners; private repositories get a
 * smaller one); 16 is four stacks per vCPU on it, about 1 GB per stack. A fleet that
 * needs more runs in parallel is split into shards, one runner each (`tenants shards`, the drift workflow's matrix),
 * instead of overloading one machine, and a mistyped `--concurrency 400` is refused rather than forking 400 trees.
 */
export const MAX_CONCURRENCY = 16;

const EXIT_CODE_HELP = exitCodeHelp({
  ok: "every selected stack succeeded (for drift: every stack is in sync)",
  failed: "at least one stack failed, or the stacks could not be listed (failure wins over drift)",
  attention: "drift only: at least one stack drifted and none failed",
  usage: "bad usage: an unknown command or flag, a bad flag value, or an unknown stack name",
});

export const parseConcurrency = wholeNumberFlag(
  "--concurrency",
  1,
  MAX_CONCURRENCY,
  DEFAULT_CONCURRENCY,
  " For more stacks at once, split the fleet into shards on separate runners: see `tenants shards --help`.",
);

export type { CliEnvironment } from "./cli-environment";

/** A whole number within bounds, or a usage error naming the flag, its bounds and its default. */
function wholeNumberFlag(flag: string, min: number, max: number, defaultValue: number, why = ""): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`${flag} must be a whole number from ${min} to ${max} (the default is ${defaultValue}).${why}`);
    }
    return parsed;
  };
}

/**
 * GitHub-hosted jobs stop after 6 hours (360 min), the longest a window can be:
 * https://docs.github.com/en/actions/reference/limits
 */
const MAX_WINDOW_MINUTES = 360;
/** The drift workflow's job timeout is 55 min; set-up (checkout, npm ci, CLI install, logins) takes part of it. */
const DEFAULT_WINDOW_MINUTES = 45;
const DEFAULT_MAX_SHARDS = 8;

interface FleetFlags {
  stacks?: string[];
  concurrency: number;
  policyPack: string[];
  results?: string;
}

const DESCRIPTIONS: Record<FleetOperation, string> = {
  preview: "preview every stack (pulumi preview)",
  up: "update every stack (pulumi up, without a separate confirmation: run preview first)",
  drift: "compare every stack with the clouds (pulumi preview --refresh --expect-no-changes)",
};

/** Runs the CLI with `argv` (arguments after the program name); resolves to the process exit code. */
export async function runCli(argv: readonly string[], env: CliEnvironment): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command("tenants")
    .description("Run one Pulumi operation across the project's stacks (one stack per tenant), in parallel.")
    .usage("<preview|up|drift|list|shards|merge> [options]")
    .exitOverride()
    .configureOutput({ writeOut: env.writeOut, writeErr: env.writeErr })
    .showHelpAfterError("(run with --help for usage and exit codes)")
    .addHelpText("after", EXIT_CODE_HELP);

  const collectPolicyPack = (value: string, previous: string[]): string[] => {
    const path = resolve(env.cwd, value);
    if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      throw new InvalidArgumentError(`--policy-pack ${value}: no such folder (give the policy pack's directory).`);
    }
    return [...previous, path];
  };

  /** A file the command will write: its folder must exist now, not after an hour of stacks. */
  const outputFile =
    (flag: string) =>
    (value: string): string => {
      const path = resolve(env.cwd, value);
      if (!statSync(dirname(path), { throwIfNoEntry: false })?.isDirectory()) {
        throw new InvalidArgumentError(`${flag} ${value}: its folder does not exist (create it first, or give another path).`);
      }
      return path;
    };

  for (const operation of ["preview", "up", "drift"] as const) {
    program
      .command(operation)
      .description(DESCRIPTIONS[operation])
      .addOption(new Option("--stacks <names>", "comma-separated stack names (default: all stacks)").argParser(parseStackList))
      .addOption(
        new Option("--concurrency <n>", "how many stacks run at once").argParser(parseConcurrency).default(DEFAULT_CONCURRENCY),
      )
      .addOption(new Option("--policy-pack <dir>", "run this policy pack too (repeatable)").argParser(collectPolicyPack).default([], "none"))
      .addOption(new Option("--results <file>", "also write every stack's outcome to this JSON file (for `tenants merge`)").argParser(outputFile("--results")))
      .addHelpText("after", EXIT_CODE_HELP)
      .action(async (flags: FleetFlags) => {
        exitCode = await runOperation(operation, flags, env);
      });
  }

  program
    .command("shards")
    .description("list the stacks and split them into shards, one CI job each; prints the GitHub Actions matrix as JSON")
    .addOption(new Option("--stacks <names>", "comma-separated stack names (default: all stacks)").argParser(parseStackList))
    .addOption(
      new Option("--max-shards <n>", "at most this many shards; fewer when the durations show fewer fit the window")
        .argParser(wholeNumberFlag("--max-shards", 1, MAX_MATRIX_JOBS, DEFAULT_MAX_SHARDS, " GitHub runs at most 256 jobs from one matrix."))
        .default(DEFAULT_MAX_SHARDS),
    )
    .addOption(
      new Option("--concurrency <n>", "how many stacks each shard runs at once").argParser(parseConcurrency).default(DEFAULT_CONCURRENCY),
    )
    .addOption(
      new Option("--window-minutes <n>", "the time each shard's drift step may take")
        .argParser(wholeNumberFlag("--window-minutes", 1, MAX_WINDOW_MINUTES, DEFAULT_WINDOW_MINUTES))
        .default(DEFAULT_WINDOW_MINUTES),
    )
    .addOption(new Option("--durations <file>", "last known durations (written by `tenants merge --durations-out`); missing is fine"))
    .addHelpText("after", EXIT_CODE_HELP)
    .action(async (flags: ShardsFlags) => {
      exitCode = await runShardsCommand(flags, env);
    });

  program
    .command("merge")
    .description("merge the results files of a sharded run into one summary and one exit status")
    .requiredOption("--plan <file>", "the matrix JSON `tenants shards` printed")
    .requiredOption("--results <folder>", "the folder holding every shard's --results file")
    .addOption(new Option("--durations-out <file>", "write each stack's measured duration here, for the next `tenants shards`").argParser(outputFile("--durations-out")))
    .addHelpText("after", EXIT_CODE_HELP)
    .action(async (flags: MergeFlags) => {
      exitCode = await runMergeCommand(flags, env);
    });

  program
    .command("list")
    .description("list the project's stacks")
    .addHelpText("after", EXIT_CODE_HELP)
    .action(async () => {
      exitCode = await guard(env, async () => {
        const stacks = await (await env.createBackend()).listStacks();
        env.writeOut(stacks.map((stack) => `${stack}\n`).join(""));
        return EXIT.ok;
      });
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every parsing error (bad flag, missing command) is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  return exitCode;
}

function runOperation(operation: FleetOperation, flags: FleetFlags, env: CliEnvironment): Promise<number> {
  return guard(env, async () => {
    const backend = await env.createBackend();
    const known = await backend.listStacks();
    if (known.length === 0) {
      env.writeErr(`error: ${NO_STACKS_MESSAGE}\n`);
      return EXIT.failed;
    }
    const stacks = selectStacks(known, flags.stacks);

    let reporter: FleetReporter;
    let finished: Promise<unknown> = Promise.resolve();
    if (env.interactive) {
      ({ reporter, finished } = createListrReporter(operation, stacks));
    } else {
      reporter = createPlainReporter(operation, (line) => env.writeOut(`${line}\n`));
    }

    const outcomes = await runFleet(backend, {
      operation,
      stacks,
      concurrency: flags.concurrency,
      policyPacks: flags.policyPack,
      reporter,
    });
    await finished;
    env.writeOut(`\n${renderSummaryTable(operation, outcomes, { color: env.color })}\n`);
    if (env.stepSummaryPath) {
      await env.appendFile(env.stepSummaryPath, renderMarkdownSummary(operation, outcomes));
    }
    if (flags.results) await writeFile(flags.results, serializeResults({ operation, outcomes }), "utf8");
    return exitCodeFor(outcomes);
  });
}

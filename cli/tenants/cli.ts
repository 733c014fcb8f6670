import { statSync } from "node:fs";
import { resolve } from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { EXIT_CODES, exitCodeFor } from "./exit-codes";
import type { FleetBackend } from "./fleet-backend";
import { createListrReporter } from "./listr-reporter";
import { createPlainReporter } from "./plain-reporter";
import { runFleet, type FleetOperation, type FleetReporter } from "./run-fleet";
import { describeError } from "./stack-errors";
import { FleetUsageError, parseStackList, selectStacks } from "./stack-selection";
import { renderMarkdownSummary, renderSummaryTable } from "./summary-table";

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

export const DEFAULT_CONCURRENCY = 4;

/**
 * The most stacks one run may hold in flight. Each stack in flight is a whole process tree: the `pulumi` CLI, a
 * Node language host compiling and running the program, and its provider plugins (aws, azuread, random, the
 * project's dynamic provider). The largest standard GitHub-hosted Linux runner has 4 vCPUs and 16 GB, the one for
 * private repositories 2 vCPUs and 8 GB (https://docs.github.com/en/actions/reference/runners/github-hosted-runners);
 * 16 is four stacks per vCPU on the larger one, already more than the smaller can hold in memory. A fleet that
 * needs more runs in parallel is split into shards, one runner each (`tenants shards`, the drift workflow's matrix),
 * instead of overloading one machine, and a mistyped `--concurrency 400` is refused rather than forking 400 trees.
 */
export const MAX_CONCURRENCY = 16;

const EXIT_CODE_HELP = `
Exit codes:
  ${EXIT_CODES.success}   every selected stack succeeded (for drift: every stack is in sync)
  ${EXIT_CODES.failure}   at least one stack failed, or the stacks could not be listed (failure wins over drift)
  ${EXIT_CODES.drift}   drift only: at least one stack drifted and none failed
  ${EXIT_CODES.usage}  bad flag value or unknown stack name
`;

export function parseConcurrency(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < 1 || parsed > MAX_CONCURRENCY) {
    throw new InvalidArgumentError(
      `--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY} (the default is ${DEFAULT_CONCURRENCY}). ` +
        "For more stacks at once, split the fleet into shards on separate runners: see `tenants shards --help`.",
    );
  }
  return parsed;
}

interface FleetFlags {
  stacks?: string[];
  concurrency: number;
  policyPack: string[];
}

const DESCRIPTIONS: Record<FleetOperation, string> = {
  preview: "preview every stack (pulumi preview)",
  up: "update every stack (pulumi up, without a separate confirmation: run preview first)",
  drift: "compare every stack with the clouds (pulumi preview --refresh --expect-no-changes)",
};

/** Runs the CLI with `argv` (arguments after the program name); resolves to the process exit code. */
export async function runCli(argv: readonly string[], env: CliEnvironment): Promise<number> {
  let exitCode: number = EXIT_CODES.success;
  const program = new Command("tenants")
    .description("Run one Pulumi operation across the project's stacks (one stack per tenant), in parallel.")
    .usage("<preview|up|drift|list> [--stacks a,b] [--concurrency N] [--policy-pack dir]")
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

  for (const operation of ["preview", "up", "drift"] as const) {
    program
      .command(operation)
      .description(DESCRIPTIONS[operation])
      .addOption(new Option("--stacks <names>", "comma-separated stack names (default: all stacks)").argParser(parseStackList))
      .addOption(
        new Option("--concurrency <n>", "how many stacks run at once").argParser(parseConcurrency).default(DEFAULT_CONCURRENCY),
      )
      .addOption(new Option("--policy-pack <dir>", "run this policy pack too (repeatable)").argParser(collectPolicyPack).default([], "none"))
      .addHelpText("after", EXIT_CODE_HELP)
      .action(async (flags: FleetFlags) => {
        exitCode = await runOperation(operation, flags, env);
      });
  }

  program
    .command("list")
    .description("list the project's stacks")
    .addHelpText("after", EXIT_CODE_HELP)
    .action(async () => {
      exitCode = await guard(env, async () => {
        const stacks = await (await env.createBackend()).listStacks();
        env.writeOut(stacks.map((stack) => `${stack}\n`).join(""));
        return EXIT_CODES.success;
      });
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every parsing error (bad flag, missing command) is a usage error.
      return error.exitCode === 0 ? EXIT_CODES.success : EXIT_CODES.usage;
    }
    throw error;
  }
  return exitCode;
}

/** Turns a thrown error into a message on stderr and an exit code, never a stack trace. */
async function guard(env: CliEnvironment, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof FleetUsageError) {
      env.writeErr(`error: ${error.message}\n`);
      return EXIT_CODES.usage;
    }
    env.writeErr(`error: ${describeError(error)}\n`);
    return EXIT_CODES.failure;
  }
}

function runOperation(operation: FleetOperation, flags: FleetFlags, env: CliEnvironment): Promise<number> {
  return guard(env, async () => {
    const backend = await env.createBackend();
    const known = await backend.listStacks();
    if (known.length === 0) {
      env.writeErr(
        "error: the Pulumi backend lists no stacks for this project. Check the backend login " +
          "(PULUMI_ACCESS_TOKEN or PULUMI_BACKEND_URL), or create a stack with `pulumi stack init <name>`.\n",
      );
      return EXIT_CODES.failure;
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
    return exitCodeFor(outcomes);
  });
}

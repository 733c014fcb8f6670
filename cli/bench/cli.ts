import { Command, CommanderError, InvalidArgumentError } from "commander";
import { PulumiProgram } from "../plan/offline-engine";
import { BenchScenario, defaultScenarios } from "./scenarios";
import { runBench } from "./run-bench";
import { renderBenchTable } from "./bench-table";
import { maxConcurrentEndpointMutations } from "../../components/mutation-lanes";
import { EXIT } from "../shared/exit-codes";
import { exitCodeHelp } from "../shared/exit-code-help";

export interface BenchCliEnvironment {
  writeOut(text: string): void;
  writeErr(text: string): void;
  projectDir: string;
  project: string;
  /** Loads the project's program; called after the mocks are installed. */
  loadProgram(): Promise<PulumiProgram>;
  now: Date;
  /** What to time; by default the empty program, the example stack and the large tenant. */
  scenarios?: BenchScenario[];
}

function parseIterations(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || parsed < 1 || parsed > 1000) throw new InvalidArgumentError("--iterations must be a whole number from 1 to 1000.");
  return parsed;
}

/** Runs `bench` with `argv` (arguments after the program name); resolves to the exit code. */
export async function runBenchCli(argv: readonly string[], env: BenchCliEnvironment): Promise<number> {
  const program = new Command("bench")
    .description(
      "Time the offline evaluation of the program (an empty Pulumi program, the example stack, a tenant with 200 rules and 3 subnets) " +
        "in one process, and read the worst case of concurrent endpoint changes from the dependency graph.",
    )
    .option("--iterations <n>", "timed runs per scenario, after one warm-up", parseIterations, 5)
    .addHelpText("after", exitCodeHelp({ ok: "every scenario was timed and the table printed" }))
    .exitOverride()
    .configureOutput({ writeOut: env.writeOut, writeErr: env.writeErr });
  let iterations: number;
  try {
    program.parse([...argv], { from: "user" });
    iterations = program.opts<{ iterations: number }>().iterations;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  }

  const scenarios = env.scenarios ?? defaultScenarios(env.projectDir, env.project);
  env.writeOut(`Offline evaluation under Pulumi mocks: ${iterations} timed runs per scenario after one warm-up, median.\n`);
  let loaded: PulumiProgram | undefined;
  const results = await runBench({
    scenarios,
    // The engine installs the mocks first; the program's modules load on first use.
    program: async () => {
      loaded ??= await env.loadProgram();
      return loaded();
    },
    iterations,
    now: env.now,
    onScenarioDone: (result) => env.writeErr(`  ${result.scenario}: ${result.medianMs.toFixed(1)} ms\n`),
  });
  env.writeOut(`${renderBenchTable(results)}\n`);
  env.writeOut(
    `Endpoint changes: associations, authorization rules and routes; AWS runs at most ${maxConcurrentEndpointMutations} at once per endpoint ` +
      "(https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/limits.html). In flight = the widest set the engine could start together.\n",
  );
  return EXIT.ok;
}

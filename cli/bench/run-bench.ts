import { performance } from "node:perf_hooks";
import { ConcurrencyFacts } from "../shared/dependency-graph";
import { createOfflineEngine, PulumiProgram } from "../plan/offline-engine";
import { offlineLookups } from "../plan/offline-lookups";
import { placeholderProviders } from "../plan/placeholder-outputs";
import { BenchScenario } from "./scenarios";
import { median } from "./statistics";
import { endpointConcurrency } from "./endpoint-concurrency";

export interface BenchResult {
  scenario: string;
  /** Resources the program declared (components included). */
  resources: number;
  timingsMs: number[];
  medianMs: number;
  /** Median over the baseline's (the first scenario's) median. */
  ratioToBaseline: number;
  /** Endpoint changes read from the dependency graph; undefined when the scenario makes none. */
  endpointChanges?: ConcurrencyFacts;
}

export interface BenchOptions {
  scenarios: BenchScenario[];
  /** The project's program, run by scenarios that bring none of their own. */
  program: PulumiProgram;
  iterations: number;
  now: Date;
  onScenarioDone?(result: Omit<BenchResult, "ratioToBaseline">): void;
}

/**
 * Times each scenario in this one process under the offline engine: one untimed warm-up run (module
 * loading and the dynamic provider's closure serialization, which `pulumi preview` pays too), then
 * `iterations` timed runs. The first scenario is the baseline for the ratios.
 */
export async function runBench(options: BenchOptions): Promise<BenchResult[]> {
  if (!Number.isInteger(options.iterations) || options.iterations < 1) throw new Error(`iterations must be a whole number of at least 1, got ${options.iterations}`);
  const measured: Omit<BenchResult, "ratioToBaseline">[] = [];
  for (const scenario of options.scenarios) {
    const providers = placeholderProviders({ awsRegion: scenario.engineConfig["aws:region"] || "us-east-1", stack: "bench", now: options.now });
    const engine = createOfflineEngine({
      project: "clientvpn-federation",
      stack: "bench",
      organization: "organization",
      outputs: providers.outputs,
      defaultOutputs: providers.defaultOutputs,
      invokes: offlineLookups(scenario.network).invokes,
    });
    const program = scenario.program ?? options.program;
    const warmUp = await engine.run(program, scenario.engineConfig);
    const timingsMs: number[] = [];
    for (let iteration = 0; iteration < options.iterations; iteration++) {
      const started = performance.now();
      await engine.run(program, scenario.engineConfig);
      timingsMs.push(performance.now() - started);
    }
    const result = {
      scenario: scenario.name,
      resources: warmUp.resources.length,
      timingsMs,
      medianMs: median(timingsMs),
      endpointChanges: endpointConcurrency(warmUp.resources),
    };
    measured.push(result);
    options.onScenarioDone?.(result);
  }
  const baseline = measured[0]?.medianMs ?? 1;
  return measured.map((result) => ({ ...result, ratioToBaseline: result.medianMs / baseline }));
}

import { relative } from "node:path";
import { exitWith } from "../shared/exit-with";
import { runMutationCli } from "./cli";
import type { MutantStatus } from "./module-scores";
import { incrementalFileOf, reportFileOf } from "./mutation-modules";

/** The part of @stryker-mutator/core's API used here (dist/src/stryker.d.ts). */
interface StrykerApi {
  Stryker: new (options: Record<string, unknown>) => { runMutationTest(): Promise<{ fileName: string; status: MutantStatus }[]> };
}
// An ESM-only package, which this project's "moduleResolution": "node" cannot resolve types for.
const strykerCore = "@stryker-mutator/core";

void exitWith(
  runMutationCli(process.argv.slice(2), {
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
    runStryker: async (module) => {
      // Read by vitest.mutation.config.mts in Stryker's test runner processes, which inherit the environment.
      process.env.MUTATION_TEST_FILES = module.tests.join(",");
      const { Stryker } = (await import(strykerCore)) as StrykerApi;
      const results = await new Stryker({
        configFile: "stryker.config.json",
        mutate: [...module.mutate],
        incrementalFile: incrementalFileOf(module),
        jsonReporter: { fileName: reportFileOf(module) },
      }).runMutationTest();
      // Stryker names files by absolute path; the modules name them from the project root.
      return results.map((result) => ({ ...result, fileName: relative(process.cwd(), result.fileName) }));
    },
  }),
);

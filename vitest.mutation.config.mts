import { defineConfig } from "vitest/config";
import base from "./vitest.config.mts";
import { mutationModules } from "./cli/mutation/mutation-modules";

/**
 * The tests Stryker runs against each mutant (`npm run test:mutation`): the unit tests of the module being
 * mutated, which the runner names in MUTATION_TEST_FILES; all modules' unit tests when Stryker runs alone.
 *
 * They are chosen here, not with Stryker's `testFiles`: with `testFiles`, Stryker 10.1 activates static
 * mutants (module-level constants such as a regex) only after the module has loaded, so they all "survive"
 * (stryker-mutator/stryker-js#6144 and #6209; MutantTestPlanner picks mutantActivation from the test filter alone).
 */
const tests = process.env.MUTATION_TEST_FILES?.split(",") ?? mutationModules.flatMap((module) => module.tests);

export default defineConfig({
  test: {
    ...base.test,
    include: tests,
    // The suite's strict reporter fails a run with skipped tests; Stryker skips all but a mutant's covering tests.
    reporters: ["default"],
    // Vitest's transform cache serves a module as first transformed, so Stryker's instrumented copies
    // in its sandbox ran without their mutants: every mutant "survived" in a run of seconds.
    experimental: { ...base.test?.experimental, fsModuleCache: false },
  },
});

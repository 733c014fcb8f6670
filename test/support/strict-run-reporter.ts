import type { Reporter, TestModule } from "vitest/node";

/**
 * Ends the run red when any test was skipped or left as a todo: a skipped check is a hole in CI,
 * not a pass. Also prints the plain "N passed, N failed" closing line CI reads.
 */
export default class StrictRunReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const skippedNames: string[] = [];
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") counts.passed++;
        else if (state === "failed") counts.failed++;
        else {
          counts.skipped++;
          skippedNames.push(`${testModule.moduleId}: ${test.fullName}`);
        }
      }
    }
    if (counts.skipped > 0) {
      console.error(`\n${counts.skipped} test(s) did not run (skipped or todo); every test must run:\n  ${skippedNames.join("\n  ")}`);
      process.exitCode = 1;
    }
    console.log(`\n${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}`);
  }
}

import type { Reporter, SerializedError, TestModule } from "vitest/node";

/**
 * Ends the run red when any test was skipped or left as a todo: a skipped check is a hole in CI,
 * not a pass. Also prints the plain "N passed, N failed" closing line CI reads, which names the files that
 * failed outside any test (an import or a beforeAll) and errors outside any file, so it never says
 * "0 failed" of a red run.
 */
export default class StrictRunReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError> = []): void {
    console.log(`\n${summariseRun(testModules, unhandledErrors)}`);
  }
}

/** The closing line; sets the exit code when a test did not run. */
export function summariseRun(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): string {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const skippedNames: string[] = [];
  const brokenFiles: string[] = [];
  for (const testModule of testModules) {
    if (testModule.errors().length > 0) brokenFiles.push(testModule.moduleId);
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
  return [
    `${counts.passed} passed, ${counts.failed} failed`,
    ...(counts.skipped ? [`${counts.skipped} skipped`] : []),
    ...(brokenFiles.length ? [`${brokenFiles.length} file(s) failed outside any test: ${brokenFiles.join(", ")}`] : []),
    ...(unhandledErrors.length ? [`${unhandledErrors.length} error(s) outside any file`] : []),
  ].join(", ");
}

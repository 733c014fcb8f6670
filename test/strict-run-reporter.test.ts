import type { TestModule } from "vitest/node";
import { afterEach, describe, expect, it } from "vitest";
import { summariseRun } from "./support/strict-run-reporter";

type State = "passed" | "failed" | "skipped";
const file = (moduleId: string, states: State[], errors: string[] = []) =>
  ({
    moduleId,
    errors: () => errors.map((message) => ({ message })),
    children: { allTests: () => states.map((state, index) => ({ fullName: `test ${index}`, result: () => ({ state }) })) },
  }) as unknown as TestModule;

describe("the suite's closing line", () => {
  const exitCode = process.exitCode;
  afterEach(() => {
    process.exitCode = exitCode;
  });

  it.each([
    ["all passed", [file("a.test.ts", ["passed", "passed"])], [], "2 passed, 0 failed"],
    ["a failed test", [file("a.test.ts", ["passed", "failed"])], [], "1 passed, 1 failed"],
    ["a file that failed to load", [file("a.test.ts", ["passed"]), file("b.test.ts", [], ["Cannot find module"])], [], "1 passed, 0 failed, 1 file(s) failed outside any test: b.test.ts"],
    ["an error outside any file", [file("a.test.ts", ["passed"])], [{ message: "worker exited" }], "1 passed, 0 failed, 1 error(s) outside any file"],
  ])("%s", (_case, modules, unhandled, line) => {
    expect(summariseRun(modules, unhandled)).toBe(line);
  });

  it("says how many did not run and turns the run red", () => {
    process.exitCode = 0;
    expect(summariseRun([file("a.test.ts", ["passed", "skipped"])], [])).toBe("1 passed, 0 failed, 1 skipped");
    expect(process.exitCode).toBe(1);
  });
});

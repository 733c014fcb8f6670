import { join } from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Test files that run the program, or any resource, under Pulumi's mocks. The mock monitor, the stack
 * resource and the engine config live in process-wide state (`setMocks`), so each of these files gets
 * a fresh process. Every other file shares one process per worker, which loads @pulumi/pulumi and the
 * providers once instead of once per file. A file missing from this list that installs mocks fails the
 * run (test/support/isolation-guard.ts says so).
 */
export const mockEngineTests = [
  "test/bench.test.ts",
  "test/graph-saml-signing-settings.test.ts",
  "test/plan-offline-engine.test.ts",
  "test/plan-policy-pack.test.ts",
  "test/plan-stack.test.ts",
  "test/policy-pack-example-stack.test.ts",
  "test/pulumi-mocks.test.ts",
  "test/stack*.test.ts",
];

const allTests = ["test/**/*.test.ts", "policies/test/**/*.test.ts"];

export default defineConfig({
  test: {
    // The machine has 2 cores; vitest's default leaves one idle, and many files wait on
    // subprocesses (openvpn, tsx) rather than the CPU.
    maxWorkers: 2,
    pool: "forks",
    testTimeout: 20_000,
    // The mock-engine files run the whole program in beforeAll: give the hook a test's time.
    hookTimeout: 20_000,
    // A skipped or focused test is a hole in CI; refuse both.
    allowOnly: false,
    passWithNoTests: false,
    reporters: ["default", "./test/support/strict-run-reporter.ts"],
    setupFiles: ["./test/support/flush-compile-cache.ts"],
    env: {
      // Node keeps V8's compiled code of every CommonJS/ESM module it loads here
      // (https://nodejs.org/api/module.html#module-compile-cache), so the workers and the tsx and
      // node processes the tests start compile @pulumi/pulumi, the providers and the AWS SDK once,
      // not once per process. Keyed by Node version and file content; delete the folder any time.
      NODE_COMPILE_CACHE: join(__dirname, "node_modules", ".cache", "node-compile-cache"),
    },
    projects: [
      {
        extends: true,
        test: { name: "mock-engine", include: mockEngineTests, isolate: true },
      },
      {
        extends: true,
        test: {
          name: "shared",
          include: allTests,
          exclude: mockEngineTests,
          isolate: false,
          setupFiles: ["./test/support/isolation-guard.ts"],
        },
      },
    ],
  },
});

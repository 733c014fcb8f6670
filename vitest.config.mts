import { join } from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Test files that run the program, or any resource, under Pulumi's mocks. The mock monitor, the stack and
 * the engine config are process-wide state in the SDK (`setMocks`), so these files run in their own
 * project, where a setup file resets that state before each file and drains the file's outstanding
 * registrations after it (test/support/fresh-pulumi-runtime.ts). Every other file runs in the "shared"
 * project and must not install mocks at all (test/support/isolation-guard.ts fails one that does).
 * Both projects keep one process per worker, so @pulumi/pulumi, the providers and the program load once
 * per worker instead of once per file.
 */
export const mockEngineTests = [
  "test/bench.test.ts",
  "test/graph-saml-signing-settings.test.ts",
  "test/plan-cli.test.ts",
  "test/plan-offline-engine.test.ts",
  "test/plan-policy-pack.test.ts",
  "test/plan-stack.test.ts",
  "test/policy-pack-example-stack.test.ts",
  "test/pulumi-mocks.test.ts",
  "test/pulumi-runtime-reset.test.ts",
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
        test: { name: "mock-engine", include: mockEngineTests, isolate: false, setupFiles: ["./test/support/fresh-pulumi-runtime.ts"] },
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

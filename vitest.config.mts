import { join } from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "policies/test/**/*.test.ts"],
    pool: "forks",
    // The machine has 2 cores; vitest's default leaves one idle, and many files wait on
    // subprocesses (openvpn, tsx) rather than the CPU.
    maxWorkers: 2,
    // Test files share one process per worker, so @pulumi/pulumi, the providers and the program load once
    // per worker instead of once per file (that was about 40 s of a 56 s run). Pulumi's mocks are
    // process-wide state in the SDK; test/support/fresh-pulumi-runtime.ts resets it before every file and
    // drains the file's outstanding registrations after it, so each file starts as in a fresh process.
    isolate: false,
    setupFiles: ["./test/support/fresh-pulumi-runtime.ts", "./test/support/flush-compile-cache.ts"],
    testTimeout: 20_000,
    // A beforeAll that runs the whole program under mocks takes seconds; on the shared 2-core machine
    // under load it passed the default 10 s and skipped every test of its file.
    hookTimeout: 60_000,
    // A skipped or focused test is a hole in CI; refuse both.
    allowOnly: false,
    passWithNoTests: false,
    reporters: ["default", "./test/support/strict-run-reporter.ts"],
    env: {
      // Node keeps V8's compiled code of every CommonJS/ESM module it loads here
      // (https://nodejs.org/api/module.html#module-compile-cache), so the workers and the tsx and
      // node processes the tests start compile @pulumi/pulumi, the providers and the AWS SDK once,
      // not once per process. Keyed by Node version and file content; delete the folder any time.
      // Vitest runs from the project root, where it finds this file (tsc compiles the config as CommonJS,
      // which has no import.meta, and Vite's native config loader will drop __dirname).
      NODE_COMPILE_CACHE: join(process.cwd(), "node_modules", ".cache", "node-compile-cache"),
    },
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "policies/test/**/*.test.ts"],
    // Pulumi's mocks keep process-wide state; each file gets its own fork so stacks never mix.
    pool: "forks",
    // The machine has 2 cores; vitest's default leaves one idle, and many files wait on
    // subprocesses (openvpn, tsx) rather than the CPU.
    maxWorkers: 2,
    testTimeout: 20_000,
    // A beforeAll that runs the whole program under mocks takes seconds; on the shared 2-core machine
    // under load it passed the default 10 s and skipped every test of its file.
    hookTimeout: 60_000,
    // A skipped or focused test is a hole in CI; refuse both.
    allowOnly: false,
    passWithNoTests: false,
    reporters: ["default", "./test/support/strict-run-reporter.ts"],
  },
});

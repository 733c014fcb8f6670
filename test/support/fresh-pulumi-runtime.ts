import { afterAll } from "vitest";
import { drainPulumiRuntime, freshPulumiRuntime } from "./pulumi-runtime-reset";

/**
 * Set up before every test file. Files share one process per worker (vitest.config.mts), and Pulumi's mocks
 * are process-wide state in the SDK: each file starts without the previous file's monitor, stack or config
 * (a file that uses mocks installs its own), and when it ends its outstanding registrations are drained, so
 * none of them lands in the next file's mocks.
 */
freshPulumiRuntime();

afterAll(async () => {
  await drainPulumiRuntime();
});

import { afterAll } from "vitest";
import { drainPulumiRuntime, freshPulumiRuntime } from "./pulumi-runtime-reset";

/**
 * Set up before every file of the "mock-engine" project, whose files share one process per worker: each
 * file starts without the previous file's monitor, stack or config and installs its own mocks, and when it
 * ends its outstanding registrations are drained, so none of them lands in the next file's mocks.
 */
freshPulumiRuntime();

afterAll(async () => {
  await drainPulumiRuntime();
});

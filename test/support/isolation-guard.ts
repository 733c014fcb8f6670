import { afterAll, expect } from "vitest";

/**
 * Set up before every file of the "shared" project, whose files share one process per worker. Pulumi's
 * mocks (`setMocks`) replace the SDK's process-wide monitor, which would leak into the next file there;
 * such a file belongs in `mockEngineTests` (vitest.config.mts), where the SDK's state is reset around
 * each file.
 *
 * The SDK keeps its settings in `globalThis.globalStore` (@pulumi/pulumi runtime/state.js), so this
 * reads them without loading the SDK into files that never use it.
 */
interface GuardedGlobal {
  globalStore?: { settings?: { monitor?: object } };
  /** The monitor already reported, so the files after the offender in the same worker are not blamed. */
  reportedPulumiMonitor?: object;
}

afterAll(() => {
  const global = globalThis as GuardedGlobal;
  const monitor = global.globalStore?.settings?.monitor;
  if (monitor === undefined || monitor === global.reportedPulumiMonitor) return;
  global.reportedPulumiMonitor = monitor;
  throw new Error(
    `${expect.getState().testPath} installed Pulumi's mock monitor (${monitor.constructor.name}), which is process-wide state. ` +
      "Add the file to mockEngineTests in vitest.config.mts, where that state is reset around each file.",
  );
});

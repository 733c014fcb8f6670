import { describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { getMonitor } from "@pulumi/pulumi/runtime/settings";
import { installRecordingMocks } from "../cli/plan/recording-mocks";
import { drainPulumiRuntime, freshPulumiRuntime } from "./support/pulumi-runtime-reset";

/** What the mock-engine files rely on when they share a process (test/support/fresh-pulumi-runtime.ts). */
class Thing extends pulumi.CustomResource {
  constructor(name: string) {
    super("test:index:Thing", name, {});
  }
}
const mocks = (stack: string) => installRecordingMocks({ project: "reset", stack, organization: "acme", outputs: {}, invokes: {} });

describe("resetting the SDK between files that share a process", () => {
  it("leaves no mock monitor, stack name or engine config of the file before", () => {
    mocks("first-file");
    pulumi.runtime.setAllConfig({ "reset:setting": "from the first file" });
    expect(getMonitor()).toBeDefined();
    expect(pulumi.getStack()).toBe("first-file");
    expect(new pulumi.Config("reset").get("setting")).toBe("from the first file");

    freshPulumiRuntime();

    expect(getMonitor()).toBeUndefined();
    expect(pulumi.getStack()).toBe("");
    expect(new pulumi.Config("reset").get("setting")).toBeUndefined();
  });

  it("waits for registrations still outstanding, so none reaches the next file's mocks", async () => {
    freshPulumiRuntime();
    const recording = mocks("draining");
    new Thing("thing");
    expect(recording.resources).toEqual([]);
    await drainPulumiRuntime();
    expect(recording.resources.map((resource) => resource.name)).toEqual(["thing"]);
  });
});

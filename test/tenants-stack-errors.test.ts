import { describe, expect, it } from "vitest";
import { StackOperationError } from "../cli/tenants/fleet-backend";
import { describeError, isNoChangesExpectedError } from "../cli/tenants/stack-errors";
import { commandError } from "./tenants-fleet-double";

const EMPTY = { changeSummary: {}, changedResources: [] };

describe("isNoChangesExpectedError", () => {
  it.each([
    { name: "preview's message", error: commandError(255, "error: no changes were expected but changes were proposed\n"), drift: true },
    { name: "up/refresh's message", error: commandError(255, "error: no changes were expected but changes occurred\n"), drift: true },
    { name: "exit code 7 (CLI >= 3.226.1)", error: commandError(7, "error: preview failed\n"), drift: true },
    { name: "the message inside a wrapper", error: new StackOperationError("dev", EMPTY, [], { cause: commandError(255, "error: no changes were expected but changes were proposed") }), drift: true },
    { name: "NoChangesExpectedError with an operation", error: new Error("no changes were expected for refresh but changes were proposed"), drift: true },
    { name: "a resource failure", error: commandError(255, "error: update failed\n"), drift: false },
    { name: "an auth failure (exit 3)", error: commandError(3, "error: this command requires logging in\n"), drift: false },
    { name: "a string", error: "boom", drift: false },
    { name: "undefined", error: undefined, drift: false },
  ])("$name -> $drift", ({ error, drift }) => {
    expect(isNoChangesExpectedError(error)).toBe(drift);
  });
});

describe("describeError", () => {
  it("prefers the engine's error diagnostics", () => {
    const error = new StackOperationError("prod", EMPTY, ["vpn: error: creating EC2 Client VPN Endpoint: InvalidParameterValue"], {
      cause: commandError(255, "error: update failed\n"),
    });
    expect(describeError(error)).toBe("vpn: error: creating EC2 Client VPN Endpoint: InvalidParameterValue");
  });

  it("uses the CLI's 'error:' lines instead of the whole command dump", () => {
    const error = commandError(255, "Updating (prod)\nerror: failed to load plugin\n\nerror: preview failed\n", "lots of stdout");
    expect(describeError(error)).toBe("error: failed to load plugin; error: preview failed");
  });

  it("falls back to the first stderr line when no line starts with 'error:'", () => {
    expect(describeError(commandError(1, "panic: something odd\ngoroutine 1"))).toBe("panic: something odd");
  });

  it("keeps a wrapper's message over its cause's", () => {
    const error = new Error("the Pulumi CLI was not found on PATH.", { cause: commandError(-2, "spawn pulumi ENOENT") });
    expect(describeError(error)).toBe("the Pulumi CLI was not found on PATH.");
  });

  it("strips colour codes", () => {
    expect(describeError(commandError(255, "\u001b[31merror:\u001b[0m bad config\n"))).toBe("error: bad config");
  });

  it("shortens very long messages", () => {
    const description = describeError(new Error("x".repeat(1_000)));
    expect(description).toHaveLength(400);
    expect(description.endsWith("…")).toBe(true);
  });
});

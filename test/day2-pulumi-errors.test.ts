import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { automationStackReader, StackContextError } from "../cli/day2/stack-context";
import { runDoctorCommand } from "../cli/day2/doctor-command";
import { testEnvironment } from "./support/day2-environment";

/**
 * The real Automation API reader against a stand-in `pulumi` binary that answers `pulumi version` and fails
 * `pulumi stack select` the way the CLI does: its own "error:" line on stderr and exit code 255.
 */
const work = mkdtempSync(join(tmpdir(), "pulumi-errors-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function standInPulumi(name: string, stderr: string): () => Promise<PulumiCommand> {
  const root = join(work, name);
  mkdirSync(join(root, "bin"), { recursive: true });
  const script = join(root, "bin", "pulumi");
  writeFileSync(
    script,
    ["#!/bin/sh", 'if [ "$1" = version ]; then echo v3.248.0; exit 0; fi', `printf '%s\\n' ${JSON.stringify(stderr)} >&2`, "exit 255", ""].join("\n"),
  );
  chmodSync(script, 0o755);
  return () => PulumiCommand.get({ root, skipVersionCheck: true });
}

async function readFailure(pulumi: () => Promise<PulumiCommand>): Promise<StackContextError> {
  const failure = await automationStackReader(work, pulumi)
    .outputs("dev")
    .then(() => undefined, (error: unknown) => error);
  expect(failure).toBeInstanceOf(StackContextError);
  return failure as StackContextError;
}

describe("reading a stack passes Pulumi's own error through", () => {
  it.each([
    {
      case: "no PULUMI_ACCESS_TOKEN in a non-interactive session",
      stderr: "error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions",
      message: "could not read stack dev: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions",
      kind: "failed",
    },
    {
      case: "not logged in",
      stderr: "error: could not get cloud url: unmarshalling credentials: unexpected end of JSON input",
      message: "could not read stack dev: could not get cloud url: unmarshalling credentials: unexpected end of JSON input",
      kind: "failed",
    },
    {
      case: "a backend error",
      stderr: "error: [503] Service Unavailable: the service is temporarily unavailable",
      message: "could not read stack dev: [503] Service Unavailable: the service is temporarily unavailable",
      kind: "failed",
    },
    {
      case: "a stack that does not exist",
      stderr: "error: no stack named 'dev' found",
      message: "stack dev was not found (Pulumi: no stack named 'dev' found); check the name with `pulumi stack ls`",
      kind: "usage",
    },
  ])("$case", async ({ case: name, stderr, message, kind }) => {
    const failure = await readFailure(standInPulumi(name.replace(/\W+/g, "-"), stderr));
    expect(failure.message).toBe(message);
    expect(failure.kind).toBe(kind);
    expect(failure.message).not.toMatch(/code: -2/);
  });

  it("says the CLI is missing when there is no pulumi binary to start", async () => {
    const failure = await readFailure(() => PulumiCommand.get({ root: join(work, "nowhere"), skipVersionCheck: true }));
    expect(failure.message).toMatch(/^the Pulumi CLI was not found on PATH; install it/);
    expect(failure.kind).toBe("failed");
  });

  it("and the doctor prints it and exits 1, not the usage code", async () => {
    const env = testEnvironment({ stacks: {} });
    env.stacks = automationStackReader(work, standInPulumi("doctor", "error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions"));
    expect(await runDoctorCommand(["--stack", "dev"], env)).toBe(1);
    expect(env.err.join("")).toBe("doctor: could not read stack dev: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions\n");
  });
});

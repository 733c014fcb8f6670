import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { StackOperationError } from "../cli/tenants/fleet-backend";
import { LocalWorkspaceBackend } from "../cli/tenants/local-workspace-backend";
import { runFleet } from "../cli/tenants/run-fleet";
import { installFakePulumi } from "./support/fake-pulumi";

/* The real LocalWorkspaceBackend against the fake `pulumi` executable (test/support/fake-pulumi.ts). */
const URN = "urn:pulumi:globex::clientvpn-federation::";
const step = (op: string, type: string, name: string, diffs?: string[]) => ({
  resourcePreEvent: { metadata: { op, urn: `${URN}${type}::${name}`, type, provider: "", ...(diffs ? { diffs } : {}) } },
});
const summary = (resourceChanges: Record<string, number>) => ({
  summaryEvent: { maybeCorrupt: false, durationSeconds: 1, resourceChanges, policyPacks: {} },
});

const SCENARIO = {
  stacks: ["initech", "acme", "globex", "umbrella"],
  runs: {
    "preview acme": {
      events: [step("refresh", "aws:ec2/clientVpnEndpoint:ClientVpnEndpoint", "vpn"), summary({ same: 1 })],
      exitCode: 0,
    },
    "preview globex": {
      events: [
        step("refresh", "azuread:index/application:Application", "vpn-app"),
        step("update", "azuread:index/application:Application", "vpn-app", ["web"]),
        summary({ same: 4, update: 1 }),
      ],
      exitCode: 255,
      stderr: "error: no changes were expected but changes were proposed\n",
    },
    "preview initech": {
      events: [
        { diagnosticEvent: { severity: "error", color: "never", message: "\u001b[31mAccessDenied: not authorized to perform ec2:DescribeClientVpnEndpoints\u001b[0m\n", urn: `${URN}aws:ec2/clientVpnEndpoint:ClientVpnEndpoint::vpn` } },
      ],
      exitCode: 255,
      stderr: "error: preview failed\n",
    },
    "preview umbrella": {
      events: [
        {
          policyEvent: {
            resourceUrn: `${URN}azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate::signing`,
            message: "The signing certificate expires in 5 days.",
            color: "never",
            policyName: "signing-certificate-expiry",
            policyPackName: "clientvpn-federation-guardrails",
            policyPackVersion: "0.1.0",
            policyPackVersionTag: "v0.1.0",
            enforcementLevel: "mandatory",
          },
        },
      ],
      exitCode: 255,
      stderr: "error: preview failed\n",
    },
    "up acme": {
      events: [step("create", "aws:cloudwatch/logGroup:LogGroup", "connections"), summary({ create: 1, same: 9 })],
      exitCode: 0,
    },
  },
};

let logPath: string;
let backend: LocalWorkspaceBackend;

function invocations(): string[][] {
  return readFileSync(logPath, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as string[]);
}

beforeAll(async () => {
  logPath = join(mkdtempSync(join(tmpdir(), "tenants-fake-pulumi-log-")), "invocations.jsonl");
  writeFileSync(logPath, "");
  const fake = await installFakePulumi({ logPath });
  fake.setScenario(SCENARIO);
  backend = await LocalWorkspaceBackend.create(join(fake.root, "project"), { pulumiCommand: fake.pulumiCommand, envVars: fake.envVars });
});

describe("LocalWorkspaceBackend over the Pulumi CLI", () => {
  it("lists the project's stacks with `pulumi stack ls --json`, sorted", async () => {
    expect(await backend.listStacks()).toEqual(["acme", "globex", "initech", "umbrella"]);
    expect(invocations()).toContainEqual(expect.arrayContaining(["stack", "ls", "--json"]));
  });

  it("runs a drift check as `preview --refresh --expect-no-changes` with the policy pack, on the named stack", async () => {
    await backend.preview("acme", { refresh: true, expectNoChanges: true, policyPacks: ["/packs/guardrails"] }, () => undefined);
    const preview = invocations().find((args) => args[0] === "preview" && args.includes("acme"))!;
    expect(preview).toEqual(expect.arrayContaining(["--refresh", "--expect-no-changes", "--stack", "acme"]));
    expect(preview[preview.indexOf("--policy-pack") + 1]).toBe("/packs/guardrails");
  });

  it("reports progress and the change summary from the engine's events", async () => {
    const progress: string[] = [];
    const report = await backend.preview("acme", { refresh: true, expectNoChanges: true, policyPacks: [] }, (p) =>
      progress.push(p.current ?? ""),
    );
    expect(report).toEqual({ changeSummary: { same: 1 }, changedResources: [] });
    expect(progress).toEqual(["refresh aws:ec2/clientVpnEndpoint:ClientVpnEndpoint vpn"]);
  });

  it("keeps the drift the engine reported when the CLI exits on --expect-no-changes", async () => {
    const error = await backend
      .preview("globex", { refresh: true, expectNoChanges: true, policyPacks: [] }, () => undefined)
      .then(() => undefined, (thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(StackOperationError);
    expect((error as StackOperationError).observed).toEqual({
      changeSummary: { same: 4, update: 1 },
      changedResources: [
        { op: "update", urn: `${URN}azuread:index/application:Application::vpn-app`, type: "azuread:index/application:Application", diffs: ["web"] },
      ],
    });
  });

  it("takes an update's change summary from the engine when the stack history has none", async () => {
    const report = await backend.up("acme", { policyPacks: [] }, () => undefined);
    expect(report.changeSummary).toEqual({ create: 1, same: 9 });
    const up = invocations().find((args) => args[0] === "up")!;
    expect(up).toEqual(expect.arrayContaining(["--yes", "--skip-preview", "--stack", "acme"]));
  });

  it("classifies a whole fleet end to end: in sync, drift, and a failure with the engine's own error", async () => {
    const outcomes = await runFleet(backend, {
      operation: "drift",
      stacks: ["acme", "globex", "initech"],
      concurrency: 3,
      policyPacks: [],
    });
    expect(outcomes.map((outcome) => [outcome.stack, outcome.result])).toEqual([
      ["acme", "unchanged"],
      ["globex", "drift"],
      ["initech", "failed"],
    ]);
    expect(outcomes[1].changedResources.map((change) => change.urn)).toEqual([`${URN}azuread:index/application:Application::vpn-app`]);
    expect(outcomes[2].error).toBe("vpn: AccessDenied: not authorized to perform ec2:DescribeClientVpnEndpoints");
  });

  it("reports a mandatory policy violation as the stack's error", async () => {
    const [outcome] = await runFleet(backend, { operation: "drift", stacks: ["umbrella"], concurrency: 1, policyPacks: [] });
    expect(outcome.result).toBe("failed");
    expect(outcome.error).toBe("signing-certificate-expiry (signing): The signing certificate expires in 5 days.");
  });

  it("fails a stack the backend does not know with the CLI's message", async () => {
    const [outcome] = await runFleet(backend, { operation: "preview", stacks: ["hooli"], concurrency: 1, policyPacks: [] });
    expect(outcome.result).toBe("failed");
    expect(outcome.error).toBe("error: no stack named 'hooli' found");
  });
});

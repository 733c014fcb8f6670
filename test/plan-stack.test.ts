import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readStackFile, planStack } from "../cli/plan/plan-stack";
import type { OfflineRun } from "../cli/plan/offline-engine";
import { PlanCliEnvironment, runPlanCli } from "../cli/plan/cli";
import { writePlanFiles } from "../cli/plan/write-plan-files";
import { endpointConcurrency } from "../cli/bench/endpoint-concurrency";
import { benchBlockId } from "../cli/docs/examples/bench-example";
import { planExampleBlocks } from "../cli/docs/examples/plan-examples";
import { findBlocks } from "../cli/docs/generated-blocks";
import { projectDocs, staleDocBlocks } from "./support/doc-blocks-check";

/** planStack in this process, on stack files the example does not cover. */
const work = mkdtempSync(join(tmpdir(), "plan-stack-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const stackFile = (name: string, yaml: string) => {
  const path = join(work, `Pulumi.${name}.yaml`);
  writeFileSync(path, yaml);
  return path;
};
const now = new Date("2026-11-21T12:00:00Z");
const tenant = "azuread:tenantId: 6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31";

describe("planning stacks beyond the example", () => {
  it("plans an identity stack: the Entra side only, no network needed", async () => {
    const result = await planStack({
      stack: "identity",
      now,
      stackFile: stackFile("identity", `config:\n  ${tenant}\n  clientvpn-federation:mode: identity\n  clientvpn-federation:azure:\n    groups:\n      engineers: 3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74\n`),
      // The second run for the other route is tested on the example stack (plan-cli); skipped here for speed.
      groupClaimSwitch: false,
    });
    expect(result.kind).toBe("planned");
    if (result.kind !== "planned") return;
    expect(result.report.groupClaimSwitch).toBeUndefined();
    expect(result.report.network).toBeUndefined();
    expect(result.run.resources.some((r) => r.type === "aws:ec2clientvpn/endpoint:Endpoint")).toBe(false);
    const certificate = result.run.resources.find((r) => r.type.endsWith(":ServicePrincipalTokenSigningCertificate"))!;
    // No end date configured: Entra's default of three years, shown as a placeholder.
    expect(certificate.state.endDate).toBe("2029-11-21T12:00:00Z");
    expect(result.report.labels.show(certificate.state.endDate)).toBe("<2029-11-21T12:00:00Z>");
  });

  it("explains that an endpoint stack's identity stack cannot be read offline, after the program's own message", async () => {
    const result = await planStack({
      stack: "endpoint",
      now,
      stackFile: stackFile(
        "endpoint",
        [
          "config:",
          "  aws:region: us-east-1",
          `  ${tenant}`,
          "  clientvpn-federation:mode: endpoint",
          "  clientvpn-federation:identityStack: acme/clientvpn-federation/identity",
          "  clientvpn-federation:vpn: { vpcId: vpc-0a1b2c3d4e5f60718, subnetIds: [subnet-0aa11bb22cc33dd44], clientCidr: 172.20.0.0/22, serverCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/9f8e7d6c-5b4a-4321-8fed-cba987654321' }",
          "  clientvpn-federation:access: [{ name: build, cidr: 10.1.0.0/16, groups: [engineers] }]",
          "",
        ].join("\n"),
      ),
    });
    expect(result.kind).toBe("refused");
    if (result.kind !== "refused") return;
    expect(result.message).toMatch(/^error: The stack configuration has \d+ problems?; nothing was created:\n {2}- clientvpn-federation:identityStack: /);
    expect(result.message).toContain("The offline plan cannot read other stacks (acme/clientvpn-federation/identity)");
  });

  it("without planNetwork, lists the program's lookup failures, then says which setting to add and how", async () => {
    const example = readFileSync(join(__dirname, "..", "Pulumi.dev.yaml"), "utf8");
    const result = await planStack({ stack: "nonet", now, stackFile: stackFile("nonet", example.slice(0, example.indexOf("  clientvpn-federation:planNetwork:"))) });
    expect(result.kind).toBe("refused");
    if (result.kind !== "refused") return;
    expect(result.message).toContain("  - vpn.vpcId: vpc-0a1b2c3d4e5f60718 could not be read: not looked up offline");
    expect(result.message).toContain("The offline plan also needs the network it cannot look up:\n  - clientvpn-federation:planNetwork: is not set");
    expect(result.message).toContain("      subnet-0aa11bb22cc33dd44: { availabilityZone:");
    expect(result.message).not.toMatch(/^\s+at /m);
  });

  it.each([
    { case: "a stack file that does not exist", file: () => join(work, "Pulumi.none.yaml"), kind: "usage", says: "--stack-file .*Pulumi\\.none\\.yaml: no such file" },
    { case: "a folder given as the stack file", file: () => work, kind: "usage", says: "--stack-file .* is a folder; give the file itself" },
    { case: "a stack file that is not YAML", file: () => stackFile("broken", "config: [\n"), kind: "refused", says: "is not valid YAML" },
  ])("refuses $case, naming the file", async ({ file, kind, says }) => {
    const result = await planStack({ stack: "x", now, stackFile: file() });
    expect(result).toEqual({ kind, message: expect.stringMatching(new RegExp(`^error: .*${says}`)) });
  });

  it("resolves a relative --stack-file against the folder the user ran the command from", () => {
    stackFile("relative", "config: {}\n");
    expect(readStackFile({ stack: "x", stackFile: "Pulumi.relative.yaml", cwd: work })).toMatchObject({ kind: "read", stackFile: join(work, "Pulumi.relative.yaml") });
  });

  it.each([
    { stack: "dev", says: "there is no Pulumi.dev.yaml in .*\\. Pulumi\\.dev\\.yaml is the project's example stack; restore it \\(git checkout -- Pulumi\\.dev\\.yaml\\)" },
    { stack: "acme", says: "there is no Pulumi.acme.yaml in .*\\. Create the stack's config there \\(copy the example, Pulumi\\.dev\\.yaml, to Pulumi\\.acme\\.yaml" },
  ])("without its file, --stack $stack gives advice that fits (never 'copy Pulumi.dev.yaml to Pulumi.dev.yaml')", ({ stack, says }) => {
    const result = readStackFile({ stack }, mkdtempSync(join(tmpdir(), "plan-root-")));
    expect(result).toEqual({ kind: "usage", message: expect.stringMatching(new RegExp(`^error: --stack ${stack}: ${says}`)) });
    expect(result.kind === "usage" && result.message).not.toMatch(/copy Pulumi\.dev\.yaml to Pulumi\.dev\.yaml/);
  });
});

describe("the plan command", () => {
  it("writes an identity stack's files and removes the profiles an earlier plan of it left behind", async () => {
    const writes: { directory: string; files: string[]; stale: string[] }[] = [];
    let out = "";
    const file = stackFile("identity-cli", `config:\n  ${tenant}\n  clientvpn-federation:mode: identity\n  clientvpn-federation:azure: { groups: { engineers: 3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74 } }\n`);
    const code = await runPlanCli(["--stack", "identity", "--stack-file", file, "--out", "plans", "--no-group-claim-switch"], {
      writeOut: (text) => (out += text),
      writeErr: (text) => (out += text),
      color: false,
      cwd: work,
      now,
      writeFiles: async (directory, files, stale) => {
        writes.push({ directory, files: Object.keys(files).sort(), stale: [...stale].sort() });
      },
    });
    expect(code).toBe(0);
    expect(writes).toEqual([
      {
        directory: join(work, "plans", "identity"),
        files: ["deployment.mmd", "idp-metadata.xml", "plan.md", "plan.txt"],
        stale: ["aws-vpn-client.ovpn", "openvpn.ovpn"],
      },
    ]);
    expect(out).toContain(`Written to ${join(work, "plans", "identity")}`);
    expect(out).not.toContain("If azure.groupClaim were");
    expect(out).toContain("Microsoft Graph application permissions the deploying identity needs");
  });

  it.each([
    { args: ["--stack", "../etc"], says: "is a stack name, without a slash" },
    { args: ["--stack", ".."], says: '".." is not a stack name: it would name a folder outside the output folder' },
    { args: ["--stack", "."], says: '"." is not a stack name' },
    { args: ["--stack", "Pulumi.acme.yaml"], says: "takes a stack name, not its file: use --stack acme (or --stack-file Pulumi.acme.yaml)" },
    { args: ["--stack", "nosuch"], says: "there is no Pulumi.nosuch.yaml in" },
    { args: ["--no-such-flag"], says: "unknown option" },
  ])("refuses bad flags $args with the usage exit code, writing nothing", async ({ args, says }) => {
    let err = "";
    const code = await runPlanCli(args, {
      writeOut: () => undefined,
      writeErr: (text) => (err += text),
      color: false,
      cwd: work,
      now,
      writeFiles: async () => {
        throw new Error("nothing may be written");
      },
    });
    expect(code).toBe(64);
    expect(err).toContain(says);
  });

  const identityFile = () => stackFile("identity-out", `config:\n  ${tenant}\n  clientvpn-federation:mode: identity\n  clientvpn-federation:azure: { groups: { engineers: 3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74 } }\n`);
  const runWith = async (args: string[], writeFiles: PlanCliEnvironment["writeFiles"]) => {
    let err = "";
    const code = await runPlanCli(args, { writeOut: () => undefined, writeErr: (text) => (err += text), color: false, cwd: work, now, writeFiles });
    return { code, err };
  };

  it("refuses an --out that is a file with the usage exit code and no stack trace", async () => {
    writeFileSync(join(work, "not-a-folder"), "x");
    const { code, err } = await runWith(["--stack", "identity", "--stack-file", identityFile(), "--out", "not-a-folder"], writePlanFiles);
    expect(code).toBe(64);
    expect(err).toMatch(/^error: --out not-a-folder is a file, or is inside one \(looked for .*not-a-folder\/identity\); give a folder/);
    expect(err).not.toMatch(/^\s+at /m);
  });

  it("refuses an --out folder it may not write to, with the usage exit code", async () => {
    const denied = Object.assign(new Error("EACCES: permission denied, mkdir '/ro/identity'"), { code: "EACCES", path: "/ro/identity" });
    const { code, err } = await runWith(["--stack", "identity", "--stack-file", identityFile(), "--out", "/ro"], async () => Promise.reject(denied));
    expect(code).toBe(64);
    expect(err).toBe("error: --out /ro cannot be written: permission denied (looked for /ro/identity)\n");
  });
});

/** Checked here, where the program is loaded anyway: what the docs show of the plan is what it prints today. */
describe("the plan in the docs", () => {
  /** The example stack, planned once: its outputs and every resource it registers, components included. */
  let example: OfflineRun;
  beforeAll(async () => {
    const result = await planStack({ stack: "dev", now });
    if (result.kind !== "planned") throw new Error(`the example stack does not plan:\n${result.message}`);
    example = result.run;
  });

  it("shows the plan's output as npm run plan prints it today (its own stack, the whole report, the diagram, a stack with mistakes)", async () => {
    const { stale, message } = await staleDocBlocks(planExampleBlocks);
    expect(stale, message).toEqual([]);
  });

  it("lists exactly the outputs of a stack in all mode", () => {
    const page = projectDocs.get("docs/configuration.md")!;
    const table = page.slice(page.indexOf("<!-- outputs -->"));
    const documented = [...table.slice(0, table.indexOf("\n\n")).matchAll(/^\| `(\w+)` \|/gm)].map(([, name]) => name);
    expect(documented.filter((name) => !(name in example.outputs)), "documented in docs/configuration.md but not an output: remove the row").toEqual([]);
    expect(Object.keys(example.outputs).filter((name) => !documented.includes(name)), "an output the outputs table of docs/configuration.md lacks: add a row").toEqual([]);
  });

  it("shows the example stack's resource count and endpoint concurrency in the benchmark's example, as its plan has them", () => {
    const block = findBlocks(projectDocs.get("docs/benchmark.md")!, "docs/benchmark.md").find((candidate) => candidate.id === benchBlockId)!;
    const row = block.content.split("\n").find((line) => line.includes("example stack (Pulumi.dev.yaml)"));
    expect(row, "run npm run docs -- --bench").toBeDefined();
    const cells = row!.split("│").map((cell) => cell.trim()).filter(Boolean);
    const concurrency = endpointConcurrency(example.resources)!;
    expect([cells[1], cells[4], cells[5]]).toEqual([String(example.resources.length), String(concurrency.maxInFlight), String(concurrency.longestChain)]);
  });
});

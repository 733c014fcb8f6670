import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../cli/shared/exit-codes";
import { MAX_CONCURRENCY, runCli, type CliEnvironment } from "../cli/tenants/cli";
import type { FleetBackend } from "../cli/tenants/fleet-backend";
import { commandError, FleetDouble, type StackScript } from "./tenants-fleet-double";

const DRIFT: StackScript = {
  report: {
    changeSummary: { same: 9, update: 1 },
    changedResources: [
      {
        op: "update",
        urn: "urn:pulumi:globex::clientvpn-federation::azuread:index/application:Application::vpn-app",
        type: "azuread:index/application:Application",
        diffs: ["web"],
      },
    ],
  },
};

interface Run {
  code: number;
  out: string;
  err: string;
  summaries: Map<string, string>;
}

async function run(argv: string[], backend: FleetBackend, overrides: Partial<CliEnvironment> = {}): Promise<Run> {
  let out = "";
  let err = "";
  const summaries = new Map<string, string>();
  const code = await runCli(argv, {
    createBackend: async () => backend,
    writeOut: (text) => (out += text),
    writeErr: (text) => (err += text),
    interactive: false,
    color: false,
    appendFile: async (path, text) => void summaries.set(path, (summaries.get(path) ?? "") + text),
    cwd: process.cwd(),
    ...overrides,
  });
  return { code, out, err, summaries };
}

describe("tenants list", () => {
  it("prints the project's stacks, one per line", async () => {
    const result = await run(["list"], new FleetDouble({ acme: {}, globex: {} }));
    expect(result).toMatchObject({ code: 0, out: "acme\nglobex\n", err: "" });
  });

  it("exits 1 with a readable error when the backend cannot list stacks", async () => {
    const backend = new FleetDouble({}, commandError(3, "error: this command requires logging in; try running `pulumi login` first\n"));
    const result = await run(["list"], backend);
    expect(result.code).toBe(1);
    expect(result.err).toBe("error: error: this command requires logging in; try running `pulumi login` first\n");
  });
});

describe("tenants drift", () => {
  it("exits 0 when every stack is in sync", async () => {
    const result = await run(["drift"], new FleetDouble({ acme: {}, globex: {} }));
    expect(result.code).toBe(0);
    expect(result.out).toContain("2 stacks: 2 in sync");
  });

  it("exits 2 on drift, prints the summary table and writes the step summary", async () => {
    const double = new FleetDouble({ acme: {}, globex: DRIFT });
    const result = await run(["drift"], double, { stepSummaryPath: "/summary.md" });

    expect(result.code).toBe(2);
    expect(result.out).toMatch(/globex\s*│\s*DRIFT\s*│\s*update 1\s*│\s*update azuread:index\/application:Application/);
    expect(result.out).toContain("vpn-app [web]");
    expect(result.summaries.get("/summary.md")).toContain("| globex | DRIFT | update 1 |");
  });

  it("exits 1 when a stack fails, even if another drifted, and still runs the rest", async () => {
    const double = new FleetDouble({ acme: { error: commandError(255, "error: update failed\n") }, globex: DRIFT, initech: {} });
    const result = await run(["drift"], double);

    expect(result.code).toBe(1);
    expect(double.calls.map((call) => call.stack).sort()).toEqual(["acme", "globex", "initech"]);
    expect(result.out).toMatch(/acme\s*│\s*FAILED.*error: update failed/);
  });

  it("prints one plain line per event without a terminal", async () => {
    const double = new FleetDouble({ acme: { progress: [{ steps: 1, changes: 0, current: "refresh aws:ec2/vpc:Vpc main" }] } });
    const result = await run(["drift"], double);
    const lines = result.out.split("\n");
    expect(lines[0]).toBe("[acme] drift started");
    expect(lines[1]).toBe("[acme] 1 step, 0 changes; now: refresh aws:ec2/vpc:Vpc main");
    expect(lines[2]).toMatch(/^\[acme\] in sync in \d+\.\ds$/);
  });
});

describe("tenants --stacks", () => {
  it("runs only the selected stacks", async () => {
    const double = new FleetDouble({ acme: {}, globex: {}, initech: {} });
    const result = await run(["preview", "--stacks", "initech,acme"], double);
    expect(result.code).toBe(0);
    expect(double.calls.map((call) => call.stack)).toEqual(["initech", "acme"]);
  });

  it("exits 64 naming --stacks and the known stacks when a name is unknown, and runs nothing", async () => {
    const double = new FleetDouble({ acme: {}, globex: {} });
    const result = await run(["up", "--stacks", "acme,hooli"], double);
    expect(result.code).toBe(64);
    expect(result.err).toContain("--stacks names unknown stack(s): hooli. Known stacks: acme, globex.");
    expect(double.calls).toHaveLength(0);
  });
});

describe("tenants --concurrency", () => {
  // Each stack takes one timer's delay (1 ms): enough to be in flight with every other stack started meanwhile.
  it("defaults to 4 stacks at once", async () => {
    const double = new FleetDouble(Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`t${i}`, { durationMs: 1 }])));
    await run(["preview"], double);
    expect(double.maxInFlight).toBe(4);
  });

  it("bounds the stacks in flight", async () => {
    const double = new FleetDouble(Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`t${i}`, { durationMs: 1 }])));
    await run(["drift", "--concurrency", "2"], double);
    expect(double.maxInFlight).toBe(2);
  });

  it("accepts the upper bound, 16", async () => {
    const double = new FleetDouble(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`t${i}`, { durationMs: 1 }])));
    const result = await run(["drift", "--concurrency", String(MAX_CONCURRENCY)], double);
    expect(result.code).toBe(0);
    expect(double.maxInFlight).toBe(16);
  });

  it.each(["0", "-1", "two", "1.5", "", "17", "400", "99999999999999999999"])(
    "refuses --concurrency '%s' with the usage exit code, naming the bounds, before listing stacks",
    async (value) => {
      const double = new FleetDouble({ acme: {} });
      const result = await run(["drift", "--concurrency", value], double);
      expect(result.code).toBe(EXIT.usage);
      expect(result.err).toContain("--concurrency must be a whole number from 1 to 16 (the default is 4)");
      expect(result.err).toContain("split the fleet into shards");
      expect(double.listCalls).toBe(0);
    },
  );
});

describe("tenants --policy-pack", () => {
  it("passes the policy pack's absolute path to every stack", async () => {
    const root = mkdtempSync(join(tmpdir(), "tenants-"));
    mkdirSync(join(root, "policies"));
    const double = new FleetDouble({ acme: {} });
    await run(["drift", "--policy-pack", "policies"], double, { cwd: root });
    expect(double.calls[0].options.policyPacks).toEqual([join(root, "policies")]);
  });

  it("refuses a folder that does not exist", async () => {
    const result = await run(["drift", "--policy-pack", "./nope"], new FleetDouble({ acme: {} }));
    expect(result.code).toBe(64);
    expect(result.err).toContain("--policy-pack ./nope: no such folder");
  });
});

describe("tenants usage", () => {
  it("documents the exit codes in --help", async () => {
    const result = await run(["--help"], new FleetDouble({}));
    expect(result.code).toBe(0);
    expect(result.out).toContain("Exit codes:");
    expect(result.out).toMatch(/\n {2}2 {3}drift only: at least one stack drifted and none failed/);
    expect(result.out).toMatch(/\n {2}1 {3}at least one stack failed/);
  });

  it("documents the exit codes in each command's --help", async () => {
    const result = await run(["drift", "--help"], new FleetDouble({}));
    expect(result.out).toContain("--concurrency <n>");
    expect(result.out).toContain("Exit codes:");
  });

  it("exits 64 on an unknown command", async () => {
    const result = await run(["destroy"], new FleetDouble({}));
    expect(result.code).toBe(64);
    expect(result.err).toContain("unknown command 'destroy'");
  });

  it("exits 1 with advice when the backend has no stacks", async () => {
    const result = await run(["drift"], new FleetDouble({}));
    expect(result.code).toBe(1);
    expect(result.err).toContain("lists no stacks for this project");
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { median } from "../cli/bench/statistics";
import { benchColumns, renderBenchTable } from "../cli/bench/bench-table";
import { endpointConcurrency } from "../cli/bench/endpoint-concurrency";
import { defaultScenarios, emptyScenario, exampleScenario, largeTenantScenario } from "../cli/bench/scenarios";
import { PulumiProgram } from "../cli/plan/offline-engine";
import { parseStackConfig } from "../components/config";
import { rawConfigFromEngine } from "../components/stack-config-source";
import { planAuthorizationRules, planRoutes } from "../components/access-plan";
import { maxConcurrentEndpointMutations } from "../components/mutation-lanes";
import { runBenchCli } from "../cli/bench/cli";

const root = join(__dirname, "..");

describe("median", () => {
  it.each([
    { values: [5], is: 5 },
    { values: [3, 1, 2], is: 2 },
    { values: [4, 1, 3, 2], is: 2.5 },
    { values: [1, 1, 100], is: 1 },
  ])("of $values is $is", ({ values, is }) => {
    expect(median(values)).toBe(is);
  });

  it("refuses no values", () => {
    expect(() => median([])).toThrow("median of no values");
  });
});

describe("endpoint changes read from the graph", () => {
  const node = (urn: string, type: string, dependsOn: string[] = []) => ({ urn, type, dependsOn });
  it("counts only associations, rules and routes, and follows their dependencies", () => {
    const graph = [
      node("endpoint", "aws:ec2clientvpn/endpoint:Endpoint"),
      node("a", "aws:ec2clientvpn/networkAssociation:NetworkAssociation", ["endpoint"]),
      node("r1", "aws:ec2clientvpn/authorizationRule:AuthorizationRule", ["endpoint"]),
      node("route", "aws:ec2clientvpn/route:Route", ["a"]),
    ];
    expect(endpointConcurrency(graph)).toEqual({ maxInFlight: 2, longestChain: 2 });
  });

  it("has nothing to say about a program without endpoint changes", () => {
    expect(endpointConcurrency([node("x", "aws:s3/bucket:Bucket")])).toBeUndefined();
  });
});

describe("npm run bench", () => {
  it("times the empty program, the example stack and the large tenant", () => {
    expect(defaultScenarios(root, "clientvpn-federation").map((scenario) => scenario.name)).toEqual([
      "empty Pulumi program",
      "example stack (Pulumi.dev.yaml)",
      "200 rules, 3 subnets",
    ]);
  });
});

describe("the large tenant scenario", () => {
  const scenario = largeTenantScenario(root, "clientvpn-federation");
  const parsed = parseStackConfig(rawConfigFromEngine(scenario.engineConfig), new Date());

  it("is a valid stack with 200 authorization rules and 3 subnets", () => {
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(planAuthorizationRules(parsed.config.access)).toHaveLength(200);
    expect(parsed.config.vpn.subnetIds).toHaveLength(3);
    expect(planRoutes(parsed.config.access, parsed.config.vpn.subnetIds, scenario.network!.vpcCidrs)).toHaveLength(60);
  });
});

describe("bench table", () => {
  it("has the scenario, resources, median, ratio, in-flight and chain columns", () => {
    const table = renderBenchTable([
      { scenario: "empty", resources: 0, timingsMs: [0.2], medianMs: 0.2, ratioToBaseline: 1 },
      { scenario: "big", resources: 300, timingsMs: [900], medianMs: 900, ratioToBaseline: 4500, endpointChanges: { maxInFlight: 10, longestChain: 27 } },
    ]);
    for (const column of benchColumns) expect(table).toContain(column);
    expect(table).toMatch(/│ empty\s+│\s+0 │\s+0\.20 │\s+1\.0× │\s+- │\s+- │/);
    expect(table).toMatch(/│ big\s+│\s+300 │\s+900\.0 │\s+4500\.0× │\s+10 │\s+27 │/);
  });
});

describe("bench flags", () => {
  it.each(["0", "-1", "2.5", "many"])("refuses --iterations %s with the usage exit code, before running anything", async (value) => {
    let err = "";
    const code = await runBenchCli(["--iterations", value], {
      writeOut: () => undefined,
      writeErr: (text) => (err += text),
      projectDir: root,
      project: "clientvpn-federation",
      loadProgram: () => Promise.reject(new Error("nothing may run")),
      now: new Date(),
    });
    expect(code).toBe(64);
    expect(err).toContain("--iterations must be a whole number from 1 to 1000");
  });
});

/** The large tenant in miniature: 3 networks for 2 groups (6 rules) on 2 subnets (6 routes), 14 endpoint changes. */
const smallTenant = { networks: 3, groups: 2, subnets: 2 };

describe("the bench command on a small tenant (npm run bench times the large one)", () => {
  let stdout = "";
  let code = -1;
  beforeAll(async () => {
    code = await runBenchCli(["--iterations", "1"], {
      writeOut: (text) => (stdout += text),
      writeErr: () => undefined,
      projectDir: root,
      project: "clientvpn-federation",
      // What main.ts loads, once the engine has installed the mocks.
      loadProgram: async () => (await import("../index")).default as unknown as PulumiProgram,
      now: new Date(),
      scenarios: [emptyScenario(), exampleScenario(root, "clientvpn-federation"), largeTenantScenario(root, "clientvpn-federation", smallTenant)],
    });
  }, 60_000);

  const rows = () =>
    stdout
      .split("\n")
      .filter((line) => line.startsWith("│") && !line.includes("Scenario"))
      .map((line) => line.split("│").slice(1, -1).map((cell) => cell.trim()));

  it("runs and prints one row per scenario under the expected columns", () => {
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(benchColumns.map((column) => column.replace(/[()]/g, "\\$&")).join("\\s+│\\s+")));
    expect(rows().map((row) => row[0])).toEqual(["empty Pulumi program", "example stack (Pulumi.dev.yaml)", "6 rules, 2 subnets"]);
  });

  it("prints plausible values: more resources and time than the empty program, and never more than ten endpoint changes in flight", () => {
    const [empty, example, small] = rows();
    expect(empty.slice(1)).toEqual(["0", expect.stringMatching(/^\d+(\.\d+)?$/), "1.0×", "-", "-"]);
    expect(Number(example[1])).toBeGreaterThan(20);
    expect(Number(small[1])).toBeGreaterThan(14);
    for (const row of [example, small]) {
      expect(Number(row[2])).toBeGreaterThan(0);
      expect(Number(row[3].replace("×", ""))).toBeGreaterThan(1);
      expect(Number(row[4])).toBeGreaterThanOrEqual(1);
      expect(Number(row[4])).toBeLessThanOrEqual(maxConcurrentEndpointMutations);
    }
    // 2 associations + 6 rules + 6 routes over 10 lanes: at least ceil(14 / 10) one after another.
    expect(Number(small[5])).toBeGreaterThanOrEqual(2);
  });
});

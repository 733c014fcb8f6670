import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPlanCli } from "../cli/plan/cli";
import { EXIT } from "../cli/shared/exit-codes";

/**
 * `npm run plan` runs the policy pack: the command in this process (the same runPlanCli main.ts calls), on the
 * example stack and on copies of it that the pack refuses or warns about.
 */
const root = join(__dirname, "..");
const work = mkdtempSync(join(tmpdir(), "plan-policy-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const now = new Date("2026-11-21T12:00:00Z");
const example = readFileSync(join(root, "Pulumi.dev.yaml"), "utf8");
const write = (name: string, text: string) => {
  writeFileSync(join(work, name), text);
  return name;
};
const edited = (from: string, to: string) => {
  if (!example.includes(from)) throw new Error(`the example stack no longer has ${from}`);
  return example.replace(from, to);
};

interface Outcome {
  code: number;
  out: string;
  err: string;
  written: Record<string, string>;
}
async function plan(args: string[]): Promise<Outcome> {
  const outcome: Outcome = { code: -1, out: "", err: "", written: {} };
  outcome.code = await runPlanCli([...args, "--out", "plans"], {
    writeOut: (text) => (outcome.out += text),
    writeErr: (text) => (outcome.err += text),
    color: false,
    cwd: work,
    now,
    writeFiles: async (_directory, files) => {
      outcome.written = files;
    },
  });
  return outcome;
}
/** The "Policies:" section up to the blank line before "Written to". */
const policySection = (outcome: Outcome) => outcome.out.slice(outcome.out.indexOf("\nPolicies:\n") + 1, outcome.out.indexOf("\nWritten to "));

const internetStack = write("Pulumi.internet.yaml", edited("    - name: payments\n", "    - name: internet\n      cidr: 0.0.0.0/0\n      groups: [engineers]\n    - name: payments\n"));
const longSessionStack = write("Pulumi.long.yaml", edited("sessionTimeoutHours: 12", "sessionTimeoutHours: 24"));

let clean: Outcome;
let internet: Outcome;
let longSession: Outcome;
beforeAll(async () => {
  // One after another: each run installs the mock engine afresh.
  clean = await plan(["--stack", "dev", "--stack-file", join(root, "Pulumi.dev.yaml"), "--policy-pack-config", join(root, "policies", "policy-config.example.json")]);
  internet = await plan(["--stack", "internet", "--stack-file", internetStack]);
  longSession = await plan(["--stack", "long", "--stack-file", longSessionStack]);
}, 60_000);

describe("npm run plan with the policy pack", () => {
  it("plans the example stack clean with the example policy config", () => {
    expect(clean.err).toBe("");
    expect(clean.code).toBe(EXIT.ok);
    expect(policySection(clean)).toBe(
      [
        "Policies:",
        "    ✅ clientvpn-federation-guardrails@v0.1.0 (local: policies)",
        "",
        `Policy config: ${join(root, "policies", "policy-config.example.json")}, over the pack's defaults.`,
        "No violations.",
        "",
      ].join("\n"),
    );
  });

  it("exits 2 on a mandatory violation, naming the policy, the resource and the fix", () => {
    expect(internet.code).toBe(EXIT.attention);
    const section = policySection(internet);
    expect(section).toContain("    ❌ clientvpn-federation-guardrails@v0.1.0 (local: policies)");
    expect(section).toMatch(/^ {8}- \[mandatory\] \[severity: high\] {2}client-vpn-no-internet-rule {2}\(aws:ec2clientvpn:AuthorizationRule: vpn-rule-internet-3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74\)$/m);
    expect(section).toMatch(/authorizes 0\.0\.0\.0\/0, .* Fix: authorize only the networks users need, or set client-vpn-no-internet-rule\.allowInternet: true/);
    expect(section).toContain("1 mandatory violation: pulumi preview --policy-pack ./policies fails, and pulumi up stops before changing anything.");
  });

  it("still prints the plan and writes its files, with the policy section in plan.txt", () => {
    expect(internet.out.startsWith("OFFLINE PLAN")).toBe(true);
    expect(internet.written["plan.txt"]).toContain("client-vpn-no-internet-rule");
    expect(internet.written["aws-vpn-client.ovpn"]).toBeDefined();
  });

  it("exits 0 on an advisory violation, and reports it", () => {
    expect(longSession.code).toBe(EXIT.ok);
    const section = policySection(longSession);
    expect(section).toContain("    ⚠️ clientvpn-federation-guardrails@v0.1.0 (local: policies)");
    expect(section).toMatch(/^ {8}- \[advisory\] \[severity: medium\] {2}client-vpn-session-timeout {2}\(aws:ec2clientvpn:Endpoint: vpn-endpoint\)$/m);
    expect(section).toContain("keeps sessions open for 24 hours; the maximum is 12. Fix: set sessionTimeoutHours to one of 8, 10, 12.");
    expect(section).toContain("1 advisory violation: reported, not blocking.");
  });
});

describe("npm run plan with --policy-pack-config", () => {
  it("applies the file over the pack's defaults: allowInternet lifts the mandatory violation", async () => {
    const config = write("allow-internet.json", JSON.stringify({ "client-vpn-no-internet-rule": { allowInternet: true } }));
    const outcome = await plan(["--stack", "internet", "--stack-file", internetStack, "--policy-pack-config", config]);
    expect(outcome.code).toBe(EXIT.ok);
    expect(policySection(outcome)).not.toContain("client-vpn-no-internet-rule");
    expect(policySection(outcome)).toContain("Policy config: allow-internet.json, over the pack's defaults.");
  });

  it.each([
    { case: "a file that does not exist", file: () => "missing.json", says: `error: --policy-pack-config missing.json: cannot read ${join(work, "missing.json")} (no such file).` },
    {
      case: "a setting its policy's schema refuses",
      file: () => write("too-long.json", JSON.stringify({ "client-vpn-session-timeout": { maxHours: 48 } })),
      says: "error: --policy-pack-config too-long.json: pulumi preview would refuse this policy config:\n  - client-vpn-session-timeout.maxHours must be <= 24; got 48.\n",
    },
  ])("refuses $case with the usage exit code, before planning or writing anything", async ({ file, says }) => {
    const outcome = await plan(["--stack", "dev", "--stack-file", join(root, "Pulumi.dev.yaml"), "--policy-pack-config", file()]);
    expect(outcome.code).toBe(EXIT.usage);
    expect(outcome.err).toContain(says);
    expect(outcome.out).toBe("");
    expect(outcome.written).toEqual({});
  });

  it("documents the flag and exit code 2 in --help", async () => {
    const outcome = await plan(["--help"]);
    expect(outcome.out).toContain("--policy-pack-config <file>");
    expect(outcome.out).toMatch(/^ {2}2 {3}planned, but the policy pack reports a mandatory violation/m);
  });
});

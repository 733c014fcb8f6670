import { describe, expect, it } from "vitest";
import { displayName, PolicyReportInput, renderPolicyReport } from "../cli/plan/policy-report";
import { PlanPolicyViolation } from "../cli/plan/policy-check";

const ruleUrn = "urn:pulumi:dev::clientvpn-federation::clientvpn-federation:aws:ClientVpn$aws:ec2clientvpn/authorizationRule:AuthorizationRule::vpn-rule-internet";
const violation = (overrides: Partial<PlanPolicyViolation>): PlanPolicyViolation => ({
  policyName: "client-vpn-no-internet-rule",
  enforcementLevel: "mandatory",
  severity: "high",
  description: "No authorization rule opens 0.0.0.0/0.",
  message: 'Client VPN authorization rule "vpn-rule-internet": authorizes 0.0.0.0/0. Fix: authorize only the networks users need.',
  resource: { type: "aws:ec2clientvpn/authorizationRule:AuthorizationRule", name: "vpn-rule-internet", urn: ruleUrn },
  ...overrides,
});
const report = (violations: PlanPolicyViolation[], extra: Partial<PolicyReportInput> = {}) =>
  renderPolicyReport({ packName: "clientvpn-federation-guardrails", packVersion: "0.1.0", packPath: "policies", violations, notes: [], ...extra }, { color: false });

describe("the plan's policy section", () => {
  it("prints a violation as pulumi preview does: level, severity, policy, resource, then description and message", () => {
    expect(report([violation({})]).split("\n").slice(0, 5)).toEqual([
      "Policies:",
      "    ❌ clientvpn-federation-guardrails@v0.1.0 (local: policies)",
      "        - [mandatory] [severity: high]  client-vpn-no-internet-rule  (aws:ec2clientvpn:AuthorizationRule: vpn-rule-internet)",
      "          No authorization rule opens 0.0.0.0/0.",
      '          Client VPN authorization rule "vpn-rule-internet": authorizes 0.0.0.0/0. Fix: authorize only the networks users need.',
    ]);
  });

  it("leaves out the severity and the resource when the violation has none, and indents every line of a long message", () => {
    const lines = report([violation({ severity: undefined, resource: undefined, message: "first\nsecond" })]).split("\n");
    expect(lines.slice(2, 6)).toEqual([
      "        - [mandatory]  client-vpn-no-internet-rule",
      "          No authorization rule opens 0.0.0.0/0.",
      "          first",
      "          second",
    ]);
  });

  it.each([
    { violations: [], mark: "✅", summary: ["No violations."] },
    { violations: [violation({ enforcementLevel: "advisory" })], mark: "⚠️", summary: ["1 advisory violation: reported, not blocking."] },
    {
      violations: [violation({}), violation({ enforcementLevel: "advisory" }), violation({ enforcementLevel: "advisory", policyName: "client-vpn-security-group-not-open" })],
      mark: "❌",
      summary: [
        "1 mandatory violation: pulumi preview --policy-pack ./policies fails, and pulumi up stops before changing anything. Fix each as its message says, or change the policy's config.",
        "2 advisory violations: reported, not blocking.",
      ],
    },
  ])("marks the pack $mark and sums up", ({ violations, mark, summary }) => {
    const text = report(violations);
    expect(text.split("\n")[1]).toBe(`    ${mark} clientvpn-federation-guardrails@v0.1.0 (local: policies)`);
    expect(text.trimEnd().split("\n").slice(-summary.length)).toEqual(summary);
  });

  it("orders violations as pulumi preview does: mandatory first, then by severity, policy name and URN", () => {
    const order = report([
      violation({ policyName: "z-advisory", enforcementLevel: "advisory", severity: "critical" }),
      violation({ policyName: "b-low", severity: "low" }),
      violation({ policyName: "c-none", severity: undefined, resource: undefined }),
      violation({ policyName: "a-high", severity: "high", resource: { type: "t:m/x:X", name: "second", urn: "urn:2" } }),
      violation({ policyName: "a-high", severity: "high", resource: { type: "t:m/x:X", name: "first", urn: "urn:1" } }),
      violation({ policyName: "B-high", severity: "high" }),
    ])
      .split("\n")
      .filter((line) => line.startsWith("        - "))
      .map((line) => line.replace(/^ {8}- \[(\w+)\](?: \[severity: \w+\])? {2}(\S+)(?: {2}\(.*: (\S+)\))?$/, "$1 $2 $3"));
    // Go compares strings by byte, so "B-high" sorts before "a-high".
    expect(order).toEqual(["mandatory B-high vpn-rule-internet", "mandatory a-high first", "mandatory a-high second", "mandatory b-low vpn-rule-internet", "mandatory c-none ", "advisory z-advisory vpn-rule-internet"]);
  });

  it("says which config it used, and what the file said that the plan could not apply", () => {
    expect(report([])).toContain("\nPolicy config: the pack's defaults (no --policy-pack-config <file>).\n");
    const text = report([], { configPath: "policies/tenants/acme.json", notes: ['"environments" (acme/policy) is not read'] });
    expect(text).toContain("\nPolicy config: policies/tenants/acme.json, over the pack's defaults.\nNote: \"environments\" (acme/policy) is not read\n");
  });

  it("colours only when asked", () => {
    expect(report([violation({})])).not.toContain("\u001b[");
    const coloured = renderPolicyReport({ packName: "p", packVersion: "1", packPath: "policies", violations: [violation({})], notes: [] }, { color: true });
    expect(coloured).toContain("\u001b[31m[mandatory] [severity: high]  client-vpn-no-internet-rule\u001b[39m");
  });
});

describe("type names as the Pulumi CLI shows them", () => {
  it.each([
    ["aws:ec2clientvpn/authorizationRule:AuthorizationRule", "aws:ec2clientvpn:AuthorizationRule"],
    ["aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "aws:vpc:SecurityGroupEgressRule"],
    ["azuread:index/servicePrincipal:ServicePrincipal", "azuread:index:ServicePrincipal"],
    ["pulumi-nodejs:dynamic/entra:SamlSigningSettings", "pulumi-nodejs:dynamic/entra:SamlSigningSettings"],
    ["clientvpn-federation:aws:ClientVpn", "clientvpn-federation:aws:ClientVpn"],
    ["pulumi:pulumi:Stack", "pulumi:pulumi:Stack"],
    ["not-a-token", "not-a-token"],
  ])("%s reads %s", (type, shown) => {
    expect(displayName(type)).toBe(shown);
  });
});

import { describe, expect, it } from "vitest";
import type { EnforcementLevel, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { checkPolicies } from "../cli/plan/policy-check";
import { RecordedResource } from "../cli/plan/recording-mocks";

/** Two planned resources whose inputs and outputs differ, and policies that report what they were shown. */
const rule: RecordedResource = {
  type: "aws:ec2clientvpn/authorizationRule:AuthorizationRule",
  name: "vpn-rule-internet",
  inputs: { targetNetworkCidr: "0.0.0.0/0" },
  state: { targetNetworkCidr: "0.0.0.0/0", id: "cvpn-rule-placeholder" },
  urn: "urn:pulumi:dev::clientvpn-federation::clientvpn-federation:aws:ClientVpn$aws:ec2clientvpn/authorizationRule:AuthorizationRule::vpn-rule-internet",
  dependsOn: [],
};
const group: RecordedResource = {
  type: "aws:cloudwatch/logGroup:LogGroup",
  name: "vpn-connections",
  inputs: { retentionInDays: 365 },
  state: { retentionInDays: 365, arn: "arn:aws:logs:us-east-1:123456789012:log-group:vpn-connections" },
  urn: "urn:pulumi:dev::clientvpn-federation::aws:cloudwatch/logGroup:LogGroup::vpn-connections",
  dependsOn: [],
};

const seenByResourcePolicy: ResourceValidationPolicy = {
  name: "sees-inputs",
  description: "Reports the properties of each resource.",
  enforcementLevel: "mandatory",
  severity: "high",
  validateResource: (args, report) => report(`${args.name}: ${Object.keys(args.props).sort().join(",")}`),
};
const seenByStackPolicy: StackValidationPolicy = {
  name: "sees-outputs",
  description: "Reports the properties of every resource.",
  enforcementLevel: "advisory",
  validateStack: (args, report) => report(args.resources.map((r) => `${r.name}: ${Object.keys(r.props).sort().join(",")}`).join("; ")),
};
const reportingUrn = (urn: string): StackValidationPolicy => ({
  name: "names-a-urn",
  description: "Reports one URN.",
  enforcementLevel: "advisory",
  validateStack: (_args, report) => report("here", urn),
});
const levelled = (enforcementLevel: EnforcementLevel) => ({ "sees-inputs": { enforcementLevel } });

describe("the policy pack over a plan", () => {
  it("shows a resource policy each resource's inputs, as the engine's Analyze does", () => {
    const violations = checkPolicies([seenByResourcePolicy], [rule, group], {});
    expect(violations.map((v) => v.message)).toEqual(["vpn-rule-internet: targetNetworkCidr", "vpn-connections: retentionInDays"]);
  });

  it("shows a stack policy every resource's outputs, as the engine's AnalyzeStack does", () => {
    const [violation] = checkPolicies([seenByStackPolicy], [rule, group], {});
    expect(violation.message).toBe("vpn-rule-internet: id,targetNetworkCidr; vpn-connections: arn,retentionInDays");
    expect(violation.resource).toBeUndefined();
  });

  it("carries the policy's description and severity and the resource's type and name", () => {
    const [violation] = checkPolicies([seenByResourcePolicy], [rule], {});
    expect(violation).toEqual({
      policyName: "sees-inputs",
      enforcementLevel: "mandatory",
      severity: "high",
      description: "Reports the properties of each resource.",
      message: "vpn-rule-internet: targetNetworkCidr",
      resource: { type: rule.type, name: rule.name, urn: rule.urn },
    });
  });

  it.each([
    { level: "advisory", reported: ["advisory"] },
    { level: "mandatory", reported: ["mandatory"] },
    // @pulumi/policy server.js: a remediate policy that still fails is reported as mandatory.
    { level: "remediate", reported: ["mandatory"] },
    { level: "disabled", reported: [] },
  ] as const)("reports a $level policy's violation as $reported", ({ level, reported }) => {
    expect(checkPolicies([seenByResourcePolicy], [rule], levelled(level)).map((v) => v.enforcementLevel)).toEqual(reported);
  });

  it("reads the type and name from a URN the plan did not record, including a name with '::'", () => {
    const urn = "urn:pulumi:dev::clientvpn-federation::clientvpn-federation:aws:ClientVpn$aws:ec2/securityGroup:SecurityGroup::vpn::sg";
    const [violation] = checkPolicies([reportingUrn(urn)], [rule], {});
    expect(violation.resource).toEqual({ type: "aws:ec2/securityGroup:SecurityGroup", name: "vpn::sg", urn });
  });
});

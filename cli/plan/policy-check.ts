import type { Policies, PolicyPackConfig, Severity } from "@pulumi/policy";
import { type PackResource, runPolicy } from "../../policies/evaluate";
import { RecordedResource } from "./recording-mocks";

/** One violation as `pulumi preview --policy-pack` shows it. */
export interface PlanPolicyViolation {
  policyName: string;
  /** The engine reports only these two (a "remediate" policy that still fails is reported as mandatory). */
  enforcementLevel: "advisory" | "mandatory";
  severity?: Severity;
  /** The policy's description; the analyzer puts it above the message. */
  description: string;
  message: string;
  /** The resource the violation names; undefined for a stack-wide one without a URN. */
  resource?: { type: string; name: string; urn: string };
}

/**
 * Runs the pack over the planned resources the way the engine feeds it during an update
 * (pulumi/pulumi pkg/resource/deploy/step_generator.go): resource policies see each resource's inputs
 * (Analyze), stack policies see every resource's outputs (AnalyzeStack, "called on the final outputs of
 * each resource"). Offline the outputs are the plan's placeholders, so a stack policy sees what
 * `pulumi up` would show it, with made-up IDs and ARNs.
 */
export function checkPolicies(policies: Policies, resources: RecordedResource[], config: PolicyPackConfig): PlanPolicyViolation[] {
  const asInputs: PackResource[] = resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.inputs, dependsOn: r.dependsOn }));
  const asOutputs: PackResource[] = resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.state, dependsOn: r.dependsOn }));
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  return policies.flatMap((policy) =>
    runPolicy(policy, "validateStack" in policy ? asOutputs : asInputs, config).map((violation) => {
      const resource = violation.urn === undefined ? undefined : (byUrn.get(violation.urn) ?? parseUrn(violation.urn));
      return {
        policyName: violation.policyName,
        enforcementLevel: violation.enforcementLevel === "advisory" ? "advisory" : "mandatory",
        severity: policy.severity,
        description: policy.description,
        message: violation.message,
        resource: resource && { type: resource.type, name: resource.name, urn: resource.urn },
      } satisfies PlanPolicyViolation;
    }),
  );
}

/**
 * Type and name out of a URN the plan did not record. The format is
 * urn:pulumi:<Stack>::<Project>::<Qualified$Type$Name>::<Name> (pulumi/pulumi sdk/go/common/resource/urn.go);
 * the name is everything after the type, and may itself hold "::".
 */
function parseUrn(urn: string): PlanPolicyViolation["resource"] {
  const [, , qualifiedType, ...name] = urn.split("::");
  if (qualifiedType === undefined || name.length === 0) return undefined;
  return { type: qualifiedType.split("$").at(-1)!, name: name.join("::"), urn };
}

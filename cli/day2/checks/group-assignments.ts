import { type CheckResult, fail, pass } from "../check-result";
import type { EntraReads } from "../entra-reads";
import { type DeploymentContext, describeGroup, ruleGroupIds } from "../stack-context";

export const groupsCheckName = "every group in a rule is assigned to the app";

/**
 * Entra emits only groups assigned to the application (groupMembershipClaims ApplicationGroup), so a
 * group removed from the app silently kills its rule. Assignments:
 * https://learn.microsoft.com/en-us/graph/api/serviceprincipal-list-approleassignedto?view=graph-rest-1.0
 */
export async function checkGroupAssignments(entra: EntraReads, context: DeploymentContext): Promise<CheckResult> {
  const wanted = ruleGroupIds(context);
  if (wanted.length === 0) return pass(groupsCheckName, "no rule names a group (every rule is for all groups)");
  const assignments = await entra.appRoleAssignedTo();
  // principalId is nullable in the v1.0 metadata (appRoleAssignment, Edm.Guid without Nullable="false").
  const assigned = new Set(
    assignments.filter((assignment) => assignment.principalType === "Group").map((assignment) => (assignment.principalId ?? "").toLowerCase()),
  );
  const missing = wanted.filter((id) => !assigned.has(id));
  if (missing.length > 0) {
    return fail(
      groupsCheckName,
      `not assigned: ${missing.map((id) => describeGroup(context, id)).join(", ")}; their members get no access`,
      "run `pulumi up` on the identity stack to assign them again (portal: Enterprise applications > the app > Users and groups)",
    );
  }
  return pass(groupsCheckName, `${wanted.length} group(s) assigned`);
}

import type { AuthorizationRule, EC2Client } from "@aws-sdk/client-ec2";
import { type CheckResult, fail, pass, settling, warn } from "../check-result";
import { listAuthorizationRules } from "../client-vpn-reads";
import { type DeploymentContext, describeGroup } from "../stack-context";

export const rulesCheckName = "every authorization rule is active";

/**
 * Rule states: authorizing | active | failed | revoking.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ClientVpnAuthorizationRuleStatus.html
 * Each rule the stack declares (network x group, or network for all groups) must exist and be active.
 */
export async function checkAuthorizationRules(ec2: EC2Client, endpointId: string, context: DeploymentContext): Promise<CheckResult> {
  const live = await listAuthorizationRules(ec2, endpointId);
  const expected = context.authorizationRules.flatMap((rule) =>
    rule.groups === "all"
      ? [{ label: `${rule.name} ${rule.network} all groups`, network: rule.network, groupId: undefined as string | undefined }]
      : rule.groups.map((groupId) => ({ label: `${rule.name} ${rule.network} ${describeGroup(context, groupId)}`, network: rule.network, groupId })),
  );
  const matches = (rule: AuthorizationRule, network: string, groupId: string | undefined) =>
    rule.DestinationCidr === network && (groupId === undefined ? rule.AccessAll === true : rule.GroupId?.toLowerCase() === groupId);
  const missing: string[] = [];
  const broken: string[] = [];
  const pending: string[] = [];
  for (const rule of expected) {
    const found = live.find((candidate) => matches(candidate, rule.network, rule.groupId));
    const state = found?.Status?.Code;
    if (!found) missing.push(rule.label);
    else if (state === "authorizing") pending.push(rule.label);
    else if (state !== "active") broken.push(`${rule.label} is ${state ?? "unknown"}${found.Status?.Message ? ` (${found.Status.Message})` : ""}`);
  }
  if (missing.length > 0 || broken.length > 0) {
    const detail = [...missing.map((label) => `${label} is missing`), ...broken].join("; ");
    return fail(rulesCheckName, detail, "run `pulumi refresh` then `pulumi up` to authorize them again");
  }
  if (pending.length > 0) {
    return settling(rulesCheckName, `${pending.length} of ${expected.length} still authorizing: ${pending.join("; ")}`, "wait: rules turn active within minutes");
  }
  const extra = live.filter((rule) => !expected.some((wanted) => matches(rule, wanted.network, wanted.groupId)));
  if (extra.length > 0) {
    return warn(
      rulesCheckName,
      `${expected.length} active; ${extra.length} rule(s) not declared by the stack: ${extra.map((rule) => `${rule.DestinationCidr} ${rule.AccessAll ? "all groups" : rule.GroupId}`).join("; ")}`,
      "someone added rules outside Pulumi: add them to `access` or revoke them (`pulumi refresh` shows the drift)",
    );
  }
  return pass(rulesCheckName, `${expected.length} active`);
}

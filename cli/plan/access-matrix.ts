import { RecordedResource } from "./recording-mocks";
import { PlanLabels } from "./plan-labels";

/** One authorization rule as people read it: who reaches which network. */
export interface AccessRow {
  /** Group alias, or "all assigned users" for a rule that authorizes every group. */
  group: string;
  /** Entra group object ID; undefined for an all-groups rule. */
  objectId?: string;
  network: string;
  cidr: string;
}

export const allAssignedUsers = "all assigned users";

/**
 * The access matrix, read from the authorization rules the program declared (what AWS would enforce),
 * not from the config it came from. Sorted by network in declaration order, then group.
 */
export function accessMatrix(resources: RecordedResource[], labels: PlanLabels): AccessRow[] {
  const rules = resources.filter((resource) => resource.type === "aws:ec2clientvpn/authorizationRule:AuthorizationRule");
  const networkOrder = [...new Set(rules.map((rule) => String(rule.inputs.targetNetworkCidr)))];
  return rules
    .map((rule): AccessRow => {
      const cidr = String(rule.inputs.targetNetworkCidr);
      const objectId = typeof rule.inputs.accessGroupId === "string" ? rule.inputs.accessGroupId : undefined;
      return {
        group: objectId ? (labels.groupAlias(objectId) ?? "(no alias)") : allAssignedUsers,
        objectId,
        network: labels.networkName(cidr) ?? "(unnamed)",
        cidr,
      };
    })
    .sort((a, b) => networkOrder.indexOf(a.cidr) - networkOrder.indexOf(b.cidr) || a.group.localeCompare(b.group));
}

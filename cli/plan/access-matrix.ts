import type { PlannedRule } from "../../components/access-plan";
import { contains, ipv4Network } from "../../components/cidr";
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

/** What a row needs of a rule: its network and, unless it authorizes every group, its group's object ID. */
export type AccessRule = Pick<PlannedRule, "cidr" | "groupObjectId">;

type RowLabels = Pick<PlanLabels, "groupAlias" | "networkName">;

/**
 * The access matrix, read from the authorization rules the program declared (what AWS would enforce),
 * not from the config it came from. Sorted by network in declaration order, then group.
 */
export function accessMatrix(resources: RecordedResource[], labels: RowLabels): AccessRow[] {
  const rules = resources
    .filter((resource) => resource.type === "aws:ec2clientvpn/authorizationRule:AuthorizationRule")
    .map((rule): AccessRule => ({
      cidr: String(rule.inputs.targetNetworkCidr),
      groupObjectId: typeof rule.inputs.accessGroupId === "string" ? rule.inputs.accessGroupId : undefined,
    }));
  return accessRows(rules, labels);
}

/** The matrix of any list of rules (declared, or planned from a stack's config), in the same order. */
export function accessRows(rules: readonly AccessRule[], labels: RowLabels): AccessRow[] {
  const networkOrder = [...new Set(rules.map((rule) => rule.cidr))];
  return rules
    .map((rule): AccessRow => ({
      group: rule.groupObjectId ? (labels.groupAlias(rule.groupObjectId) ?? "(no alias)") : allAssignedUsers,
      objectId: rule.groupObjectId,
      network: labels.networkName(rule.cidr) ?? "(unnamed)",
      cidr: rule.cidr,
    }))
    .sort((a, b) => networkOrder.indexOf(a.cidr) - networkOrder.indexOf(b.cidr) || a.group.localeCompare(b.group));
}

/** A network one user reaches, and through which rows of the matrix. */
export interface UserNetwork {
  network: string;
  cidr: string;
  /** The groups (aliases, or "all assigned users") whose rule for this network lets the user in. */
  through: string[];
  /** Networks of more specific rules inside this one that none of the user's groups has: those stay closed. */
  except: { network: string; cidr: string }[];
}

/** A network of the stack's rules that one user does not reach, and who does. */
export interface ClosedNetwork {
  network: string;
  cidr: string;
  groups: string[];
}

/**
 * One user's row of the matrix: which networks the groups in their memberOf (object IDs, compared without case)
 * open. Client VPN evaluates authorization rules by longest prefix: for an address, only the rules of the most
 * specific network that holds it count, so a more specific rule for other groups closes that part of a wider
 * network the user's group was granted ("The longest prefix match is the rule that takes precedence", and scenario 3,
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/auth-rule-example-scenarios.html).
 */
export function userAccess(rows: readonly AccessRow[], memberOf: readonly string[]): { reached: UserNetwork[]; closed: ClosedNetwork[] } {
  const groups = new Set(memberOf.map((id) => id.toLowerCase()));
  const opens = (row: AccessRow) => row.objectId === undefined || groups.has(row.objectId.toLowerCase());
  const networks = [...new Map(rows.map((row) => [row.cidr, { network: row.network, cidr: row.cidr }])).values()];
  const rowsOf = (cidr: string) => rows.filter((row) => row.cidr === cidr);
  const isOpen = (cidr: string) => rowsOf(cidr).some(opens);
  const reached: UserNetwork[] = [];
  const closed: ClosedNetwork[] = [];
  for (const { network, cidr } of networks) {
    if (!isOpen(cidr)) {
      closed.push({ network, cidr, groups: rowsOf(cidr).map((row) => row.group) });
      continue;
    }
    const outer = ipv4Network(cidr);
    const closedInside = networks.filter((inner) => inner.cidr !== cidr && contains(outer, ipv4Network(inner.cidr)) && !isOpen(inner.cidr));
    // A closed network inside another closed one says nothing more.
    const except = closedInside.filter((inner) => !closedInside.some((other) => other !== inner && contains(ipv4Network(other.cidr), ipv4Network(inner.cidr))));
    reached.push({ network, cidr, through: rowsOf(cidr).filter(opens).map((row) => row.group), except });
  }
  return { reached, closed };
}

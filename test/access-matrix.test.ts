import { describe, expect, it } from "vitest";
import { accessRows, allAssignedUsers, userAccess, type AccessRule } from "../cli/plan/access-matrix";

// The rules of AWS's authorization-rule scenarios 3 and 7
// (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/auth-rule-example-scenarios.html), with group object IDs.
const engineering = "aaaaaaaa-0000-4000-8000-000000000014";
const development = "aaaaaaaa-0000-4000-8000-000000000015";
const managers = "aaaaaaaa-0000-4000-8000-000000000016";
const admins = "aaaaaaaa-0000-4000-8000-000000000017";
const aliases: Record<string, string> = { [engineering]: "engineering", [development]: "development", [managers]: "managers" };
const names: Record<string, string> = {
  "172.16.0.0/24": "on-premises",
  "10.0.0.0/16": "development-vpc",
  "0.0.0.0/0": "internet",
  "10.0.2.119/32": "dev-host",
  "172.16.0.128/25": "on-premises-subnet",
  "192.168.0.0/24": "client-vpn-vpc",
};
const labels = { groupAlias: (id: string) => aliases[id], networkName: (cidr: string) => names[cidr] };

const scenario3: AccessRule[] = [
  { cidr: "172.16.0.0/24", groupObjectId: engineering },
  { cidr: "10.0.0.0/16", groupObjectId: development },
  { cidr: "0.0.0.0/0", groupObjectId: managers },
  { cidr: "10.0.2.119/32", groupObjectId: managers },
];
const scenario7: AccessRule[] = [
  ...scenario3,
  { cidr: "172.16.0.128/25", groupObjectId: engineering },
  { cidr: "0.0.0.0/0", groupObjectId: engineering },
  { cidr: "192.168.0.0/24", groupObjectId: managers },
  { cidr: "0.0.0.0/0" },
];

const reach = (rules: AccessRule[], memberOf: string[]) =>
  userAccess(accessRows(rules, labels), memberOf).reached.map((entry) => `${entry.cidr}${entry.except.length ? ` except ${entry.except.map((inner) => inner.cidr).join(", ")}` : ""}`);

describe("one user's row of the access matrix", () => {
  it.each([
    ["development, scenario 3: its VPC except the managers' single host", scenario3, [development], ["10.0.0.0/16 except 10.0.2.119/32"]],
    ["managers, scenario 3: any destination except the networks other groups hold, and the single host", scenario3, [managers], ["0.0.0.0/0 except 172.16.0.0/24, 10.0.0.0/16", "10.0.2.119/32"]],
    ["engineering, scenario 7: on-premises and its subnet, and any destination left", scenario7, [engineering], ["172.16.0.0/24", "0.0.0.0/0 except 10.0.0.0/16, 192.168.0.0/24", "172.16.0.128/25"]],
    ["any other group, scenario 7: only what no rule names (the all-groups rule)", scenario7, [admins], ["0.0.0.0/0 except 172.16.0.0/24, 10.0.0.0/16, 192.168.0.0/24"]],
    ["a user in no group of the rules, scenario 3: nothing", scenario3, [admins], []],
    ["object IDs compared without case", scenario3, [development.toUpperCase()], ["10.0.0.0/16 except 10.0.2.119/32"]],
  ])("%s", (_, rules, memberOf, expected) => {
    expect(reach(rules, memberOf)).toEqual(expected);
  });

  it("names the groups that open each network, and who holds the ones the user does not reach", () => {
    const { reached, closed } = userAccess(accessRows(scenario7, labels), [engineering]);
    expect(reached.find((entry) => entry.cidr === "0.0.0.0/0")).toMatchObject({ network: "internet", through: [allAssignedUsers, "engineering"] });
    expect(closed).toEqual([
      { network: "development-vpc", cidr: "10.0.0.0/16", groups: ["development"] },
      { network: "dev-host", cidr: "10.0.2.119/32", groups: ["managers"] },
      { network: "client-vpn-vpc", cidr: "192.168.0.0/24", groups: ["managers"] },
    ]);
  });
});

describe("the access matrix of planned rules", () => {
  it("has a row per rule, by network in first-seen order, then group, with aliases", () => {
    expect(accessRows(scenario3.slice(0, 3).concat({ cidr: "172.16.0.0/24" }), labels)).toEqual([
      { group: allAssignedUsers, objectId: undefined, network: "on-premises", cidr: "172.16.0.0/24" },
      { group: "engineering", objectId: engineering, network: "on-premises", cidr: "172.16.0.0/24" },
      { group: "development", objectId: development, network: "development-vpc", cidr: "10.0.0.0/16" },
      { group: "managers", objectId: managers, network: "internet", cidr: "0.0.0.0/0" },
    ]);
  });
});

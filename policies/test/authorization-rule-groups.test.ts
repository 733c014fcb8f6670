import { describe, expect, it } from "vitest";
import { authorizationRuleGroups } from "../checks/authorization-rule-groups";
import { GROUP_ENGINEERS, UNKNOWN_VALUE, expectOneViolation, rule, violationsOf } from "./support";

const ALLOW_DNS = { "client-vpn-rules-name-groups": { allowAllGroupsCidrs: ["10.0.0.2/32"] } };

describe("client-vpn-rules-name-groups", () => {
  it("is mandatory with an empty allowlist by default", () => {
    expect(authorizationRuleGroups.enforcementLevel).toBe("mandatory");
    expect(authorizationRuleGroups.configSchema?.properties.allowAllGroupsCidrs.default).toEqual([]);
  });

  it.each([
    ["a network off the allowlist", "10.0.0.0/16", ALLOW_DNS],
    ["any network when the allowlist is empty", "10.0.0.2/32", {}],
  ])("reports an all-groups rule for %s, naming it and the fix", (_case, targetNetworkCidr, config) => {
    const allUsers = rule("everyone-vpc", { targetNetworkCidr, authorizeAllGroups: true });
    expectOneViolation(violationsOf(authorizationRuleGroups, [allUsers], config), allUsers, "accessGroupId", "allowAllGroupsCidrs");
  });

  it("reports a rule naming an empty group", () => {
    const empty = rule("nobody", { targetNetworkCidr: "10.0.0.0/16", accessGroupId: "" });
    expectOneViolation(violationsOf(authorizationRuleGroups, [empty]), empty, "accessGroupId");
  });

  it.each([
    ["an all-groups rule for an allowlisted network", { targetNetworkCidr: "10.0.0.2/32", authorizeAllGroups: true }],
    ["a rule naming a group", { targetNetworkCidr: "10.0.0.0/16", accessGroupId: GROUP_ENGINEERS }],
    ["a rule naming a group with authorizeAllGroups false", { targetNetworkCidr: "10.0.0.0/16", accessGroupId: GROUP_ENGINEERS, authorizeAllGroups: false }],
  ])("accepts %s", (_case, props) => {
    expect(violationsOf(authorizationRuleGroups, [rule("ok", props)], ALLOW_DNS)).toEqual([]);
  });

  it("accepts an all-groups rule for a network inside an allowlisted one", () => {
    const config = { "client-vpn-rules-name-groups": { allowAllGroupsCidrs: ["10.0.0.0/24"] } };
    expect(violationsOf(authorizationRuleGroups, [rule("dns", { targetNetworkCidr: "10.0.0.2/32", authorizeAllGroups: true })], config)).toEqual([]);
  });

  it("rejects an allowlist entry that is not a CIDR with an error naming the entry", () => {
    const config = { "client-vpn-rules-name-groups": { allowAllGroupsCidrs: ["10.0.0.2/32", "resolver"] } };
    expect(() => violationsOf(authorizationRuleGroups, [rule("dns", { targetNetworkCidr: "10.0.0.2/32", authorizeAllGroups: true })], config)).toThrow(
      /allowAllGroupsCidrs\[1\] is "resolver"/,
    );
  });

  it.each([
    ["authorizeAllGroups", { targetNetworkCidr: "10.0.0.0/16", authorizeAllGroups: UNKNOWN_VALUE, accessGroupId: "" }],
    ["the target network", { targetNetworkCidr: UNKNOWN_VALUE, authorizeAllGroups: true }],
    ["the group (engine sentinel)", { targetNetworkCidr: "10.0.0.0/16", accessGroupId: UNKNOWN_VALUE }],
    ["the group (undefined)", { targetNetworkCidr: "10.0.0.0/16", accessGroupId: undefined }],
  ])("neither crashes nor reports when %s is unknown during preview", (_case, props) => {
    expect(violationsOf(authorizationRuleGroups, [rule("pending", props)], ALLOW_DNS)).toEqual([]);
  });
});

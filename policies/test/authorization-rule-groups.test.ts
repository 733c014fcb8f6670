import { describe, expect, it } from "vitest";
import { authorizationRuleGroups } from "../checks/authorization-rule-groups";
import { GROUP_ENGINEERS, UNKNOWN_VALUE, endpoint, expectOneViolation, rule, violationsOf } from "./support";

const vpn = endpoint({ dnsServers: ["10.0.0.2"] });
const allUsers = (name: string, targetNetworkCidr: unknown, dependsOn = [vpn.urn]) =>
  rule(name, { targetNetworkCidr, authorizeAllGroups: true }, dependsOn);

describe("client-vpn-rules-name-groups", () => {
  it("is mandatory, allows the endpoint's DNS servers and has an empty allowlist by default", () => {
    expect(authorizationRuleGroups.enforcementLevel).toBe("mandatory");
    expect(authorizationRuleGroups.configSchema?.properties.allowAllGroupsCidrs.default).toEqual([]);
    expect(authorizationRuleGroups.configSchema?.properties.allowDnsServers.default).toBe(true);
  });

  it.each([
    ["the whole VPC", "10.0.0.0/16", {}],
    ["a host that is not a DNS server", "10.0.0.3/32", {}],
    ["a network off the allowlist", "10.20.0.0/16", { "client-vpn-rules-name-groups": { allowAllGroupsCidrs: ["10.30.0.0/16"] } }],
    ["the DNS server when DNS servers are not allowed", "10.0.0.2/32", { "client-vpn-rules-name-groups": { allowDnsServers: false } }],
  ])("reports an all-groups rule for %s, naming it and the fix", (_case, target, config) => {
    const offender = allUsers("everyone", target);
    expectOneViolation(violationsOf(authorizationRuleGroups, [vpn, offender], config), offender, "accessGroupId", "allowAllGroupsCidrs");
  });

  it("reports a rule naming an empty group", () => {
    const empty = rule("nobody", { targetNetworkCidr: "10.0.0.0/16", accessGroupId: "" }, [vpn.urn]);
    expectOneViolation(violationsOf(authorizationRuleGroups, [vpn, empty]), empty, "accessGroupId");
  });

  it.each([
    ["its endpoint's DNS server", allUsers("dns", "10.0.0.2/32"), {}],
    ["the only endpoint's DNS server when the dependency is not recorded", allUsers("dns", "10.0.0.2/32", []), {}],
    ["a network inside an allowlisted one", allUsers("shared", "10.40.1.0/24"), { "client-vpn-rules-name-groups": { allowAllGroupsCidrs: ["10.40.0.0/16"] } }],
    ["a rule naming a group", rule("vpc", { targetNetworkCidr: "10.0.0.0/16", accessGroupId: GROUP_ENGINEERS }, [vpn.urn]), {}],
    ["a group rule with authorizeAllGroups false", rule("vpc", { targetNetworkCidr: "10.0.0.0/16", accessGroupId: GROUP_ENGINEERS, authorizeAllGroups: false }, [vpn.urn]), {}],
  ])("accepts an all-groups rule for %s", (_case, compliant, config) => {
    expect(violationsOf(authorizationRuleGroups, [vpn, compliant], config)).toEqual([]);
  });

  it("rejects an allowlist entry that is not a CIDR with an error naming the entry", () => {
    const config = { "client-vpn-rules-name-groups": { allowAllGroupsCidrs: ["10.0.0.2/32", "resolver"] } };
    expect(() => violationsOf(authorizationRuleGroups, [vpn, allUsers("dns", "10.0.0.2/32")], config)).toThrow(/allowAllGroupsCidrs\[1\] is "resolver"/);
  });

  it.each([
    ["authorizeAllGroups", [vpn, rule("pending", { targetNetworkCidr: "10.0.0.0/16", authorizeAllGroups: UNKNOWN_VALUE, accessGroupId: "" }, [vpn.urn])]],
    ["the target network", [vpn, allUsers("pending", UNKNOWN_VALUE)]],
    ["the endpoint's DNS servers", [endpoint({ dnsServers: UNKNOWN_VALUE }), allUsers("dns", "10.0.0.2/32")]],
    ["the group (engine sentinel)", [vpn, rule("pending", { targetNetworkCidr: "10.0.0.0/16", accessGroupId: UNKNOWN_VALUE }, [vpn.urn])]],
    ["the group (undefined)", [vpn, rule("pending", { targetNetworkCidr: "10.0.0.0/16", accessGroupId: undefined }, [vpn.urn])]],
  ])("neither crashes nor reports when %s is unknown during preview", (_case, resources) => {
    expect(violationsOf(authorizationRuleGroups, resources)).toEqual([]);
  });
});

describe("client-vpn-rules-name-groups config schema", () => {
  const items = authorizationRuleGroups.configSchema?.properties.allowAllGroupsCidrs.items as { pattern: string };
  it.each([
    ["10.0.0.2/32", true],
    ["fd00::/8", true],
    ["resolver", false],
    ["10.0.0.2", false],
  ])("lets the CLI accept %s as an allowlist entry: %s", (entry, accepted) => {
    expect(new RegExp(items.pattern).test(entry)).toBe(accepted);
  });
});

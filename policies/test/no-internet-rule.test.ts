import { describe, expect, it } from "vitest";
import { noInternetRule } from "../checks/no-internet-rule";
import { GROUP_ENGINEERS, UNKNOWN_VALUE, expectOneViolation, rule, violationsOf } from "./support";

describe("client-vpn-no-internet-rule", () => {
  it("is mandatory and off by default", () => {
    expect(noInternetRule.enforcementLevel).toBe("mandatory");
    expect(noInternetRule.configSchema?.properties.allowInternet.default).toBe(false);
  });

  it.each(["0.0.0.0/0", "::/0"])("reports a rule to %s, naming it and the fix", (targetNetworkCidr) => {
    const internet = rule("internet", { targetNetworkCidr, accessGroupId: GROUP_ENGINEERS });
    expectOneViolation(violationsOf(noInternetRule, [internet]), internet, "allowInternet: true");
  });

  it.each(["10.0.0.0/16", "0.0.0.0/1", "192.168.0.0/24"])("accepts a rule to %s", (targetNetworkCidr) => {
    expect(violationsOf(noInternetRule, [rule("private", { targetNetworkCidr, accessGroupId: GROUP_ENGINEERS })])).toEqual([]);
  });

  it("accepts 0.0.0.0/0 when configured to allow internet access", () => {
    const internet = rule("internet", { targetNetworkCidr: "0.0.0.0/0", accessGroupId: GROUP_ENGINEERS });
    expect(violationsOf(noInternetRule, [internet], { "client-vpn-no-internet-rule": { allowInternet: true } })).toEqual([]);
  });

  it("neither crashes nor reports when the target network is unknown during preview", () => {
    expect(violationsOf(noInternetRule, [rule("pending", { targetNetworkCidr: UNKNOWN_VALUE })])).toEqual([]);
  });
});

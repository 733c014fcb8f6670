import { describe, expect, it } from "vitest";
import { parseDuration } from "../cli/day2/durations";
import { deploymentContextFrom, requireOutput, ruleGroupIds } from "../cli/day2/stack-context";

const engineers = "3f2a9c1e-0000-4000-8000-000000000001";
const ops = "3f2a9c1e-0000-4000-8000-00000000000A";

describe("deployment context", () => {
  it("reads rule groups from 'alias (id)' and bare IDs, lowercased, and keeps aliases for display", () => {
    const context = deploymentContextFrom(
      "dev",
      { authorizationRules: [{ name: "payments", network: "10.1.0.0/16", groups: [`engineers (${engineers})`, ops] }, { name: "dns", network: "10.0.0.2/32", groups: "all" }] },
      {},
    );
    expect(context.authorizationRules).toEqual([
      { name: "payments", network: "10.1.0.0/16", groups: [engineers, ops.toLowerCase()] },
      { name: "dns", network: "10.0.0.2/32", groups: "all" },
    ]);
    expect(context.groupAliases).toEqual({ [engineers]: "engineers" });
    expect(ruleGroupIds(context)).toEqual([engineers, ops.toLowerCase()]);
  });

  it("an identity stack's groups are its assigned groups", () => {
    const context = deploymentContextFrom("identity", { groups: { engineers }, selfServicePortalReplyUrl: true }, {});
    expect(ruleGroupIds(context)).toEqual([engineers]);
    expect(context.selfServicePortal).toEqual({ required: true, exact: true });
  });

  it("an endpoint stack requires the portal URL only when it turns the portal on, and does not demand exactness", () => {
    const context = deploymentContextFrom("edge", { clientVpnEndpointId: "cvpn-endpoint-1" }, { "clientvpn-federation:vpn": JSON.stringify({ selfServicePortal: true }) });
    expect(context.selfServicePortal).toEqual({ required: true, exact: false });
  });

  it("takes region and tenant from config, the tenant output winning", () => {
    const context = deploymentContextFrom("dev", { tenantId: "out-tenant" }, { "aws:region": "eu-west-2", "azuread:tenantId": "config-tenant" });
    expect([context.region, context.tenantId]).toEqual(["eu-west-2", "out-tenant"]);
  });

  it("refuses a stack without outputs, and names a missing output with the fix", () => {
    expect(() => deploymentContextFrom("dev", {}, {})).toThrow("stack dev has no outputs; deploy it first with `pulumi up --stack dev`");
    const context = deploymentContextFrom("dev", { groups: {} }, {});
    expect(() => requireOutput(context.clientVpnEndpointId, "clientVpnEndpointId", context)).toThrow(/stack dev exports no clientVpnEndpointId/);
  });
});

describe("durations", () => {
  it.each([
    ["90", 90_000],
    ["30s", 30_000],
    ["10m", 600_000],
    ["1h", 3_600_000],
    ["1h30m", 5_400_000],
    ["2d", 172_800_000],
    ["500ms", 500],
    ["soon", undefined],
    ["1 h", undefined],
    ["-5m", undefined],
  ])("%s -> %s", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});

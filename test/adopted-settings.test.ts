import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../components/config";
import { rawConfigFromEngine } from "../components/stack-config-source";
import { samlProviderPlan } from "../components/adopted-settings";
import { engineConfigOf, exampleNow } from "./support/example-stack";

/**
 * `clientvpn-federation:adopted`: the names and labels a stack that took over a hand-built federation keeps,
 * so its first `pulumi up` replaces nothing users depend on.
 */
const adoptedClientId = "a1a1a1a1-0000-4000-8000-00000000000a";
const userRoleId = "18d14569-c3bd-439b-9a66-3a2aee01d14f";
const engineConfig = (adopted: unknown, edits: Record<string, string> = {}) => ({
  ...engineConfigOf(),
  "clientvpn-federation:adopted": JSON.stringify(adopted),
  ...edits,
});
const problemsOf = (adopted: unknown, edits: Record<string, string> = {}) => {
  const result = parseStackConfig(rawConfigFromEngine(engineConfig(adopted, edits)), exampleNow);
  return result.ok ? [] : result.problems;
};

describe("the adopted section is validated with the rest of the config", () => {
  it("accepts what adopt writes and normalizes IDs and CIDRs", () => {
    const result = parseStackConfig(
      rawConfigFromEngine(
        engineConfig({
          applicationClientId: adoptedClientId.toUpperCase(),
          assignmentAppRoleId: userRoleId,
          samlProviderName: "AzureAD-ClientVPN",
          selfServiceSamlProvider: { name: "AzureAD-ClientVPN-portal" },
          routeDescriptions: { "10.1.0.0/16": "build" },
        }),
      ),
      exampleNow,
    );
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    expect(result.config.adopted).toEqual({
      applicationClientId: adoptedClientId,
      assignmentAppRoleId: userRoleId,
      samlProviderName: "AzureAD-ClientVPN",
      selfServiceSamlProvider: { kind: "own", name: "AzureAD-ClientVPN-portal" },
      routeDescriptions: { "10.1.0.0/16": "build" },
    });
  });

  it("is empty for a stack that never adopted anything", () => {
    const result = parseStackConfig(rawConfigFromEngine(engineConfigOf()), exampleNow);
    expect(result.ok && result.config.adopted).toEqual({ routeDescriptions: {} });
  });

  it.each([
    { case: "a client ID that is no GUID", adopted: { applicationClientId: "AWS Client VPN" }, setting: "adopted.applicationClientId", says: /GUID/ },
    { case: "an app role that is no GUID", adopted: { assignmentAppRoleId: "User" }, setting: "adopted.assignmentAppRoleId", says: /GUID/ },
    { case: "a provider name IAM would refuse", adopted: { samlProviderName: "Azure AD" }, setting: "adopted.samlProviderName", says: /IAM's rule/ },
    { case: "an ARN instead of a name", adopted: { samlProviderName: "arn:aws:iam::123456789012:saml-provider/x" }, setting: "adopted.samlProviderName", says: /IAM's rule/ },
    { case: "an unknown self-service choice", adopted: { selfServiceSamlProvider: "separate" }, setting: "adopted.selfServiceSamlProvider", says: /shared .* none/ },
    { case: "a route description for a network no entry grants", adopted: { routeDescriptions: { "10.9.0.0/16": "x" } }, setting: "adopted.routeDescriptions.10.9.0.0/16", says: /not the cidr of any access entry/ },
    { case: "a route description keyed by no CIDR", adopted: { routeDescriptions: { build: "x" } }, setting: "adopted.routeDescriptions.build", says: /./ },
    { case: "a misspelled key", adopted: { samlProvider: "x" }, setting: "adopted", says: /unknown setting "samlProvider"/ },
  ])("refuses $case with one problem naming the setting", ({ adopted, setting, says }) => {
    const problems = problemsOf(adopted);
    expect(problems).toHaveLength(1);
    expect(problems[0].setting).toBe(setting);
    expect(problems[0].message).toMatch(says);
  });

  it("refuses a self-service provider when the portal is off", () => {
    const vpn = JSON.parse(engineConfigOf()["clientvpn-federation:vpn"]);
    const problems = problemsOf({ selfServiceSamlProvider: "shared" }, { "clientvpn-federation:vpn": JSON.stringify({ ...vpn, selfServicePortal: false }) });
    expect(problems).toEqual([{ setting: "adopted.selfServiceSamlProvider", message: expect.stringMatching(/selfServicePortal is off/) }]);
  });

  it.each([
    { mode: "identity", adopted: { samlProviderName: "x" }, setting: "adopted.samlProviderName" },
    { mode: "endpoint", adopted: { assignmentAppRoleId: userRoleId }, setting: "adopted.assignmentAppRoleId" },
  ])("refuses a setting $mode mode does not use", ({ mode, adopted, setting }) => {
    const base = engineConfigOf();
    const edits: Record<string, string> =
      mode === "identity"
        ? { "clientvpn-federation:mode": "identity" }
        : { "clientvpn-federation:mode": "endpoint", "clientvpn-federation:identityStack": "acme/clientvpn-federation/identity" };
    const config: Record<string, string> = { ...base, ...edits, "clientvpn-federation:adopted": JSON.stringify(adopted) };
    if (mode === "identity") {
      delete config["clientvpn-federation:vpn"];
      delete config["clientvpn-federation:access"];
    } else {
      delete config["clientvpn-federation:azure"];
    }
    const result = parseStackConfig(rawConfigFromEngine(config), exampleNow);
    expect(result.ok ? [] : result.problems.filter((p) => p.setting.startsWith("adopted"))).toEqual([
      { setting, message: expect.stringMatching(new RegExp(`not used in ${mode} mode`)) },
    ]);
  });
});

describe("the IAM SAML providers the endpoint signs in through", () => {
  const routeDescriptions = {};
  it.each([
    { case: "a stack built from scratch, portal off", portal: false, adopted: undefined, plan: { main: { name: undefined } } },
    { case: "a stack built from scratch, portal on: a provider of its own", portal: true, adopted: undefined, plan: { main: { name: undefined }, portal: { kind: "own" } } },
    {
      case: "an adopted endpoint keeps both names",
      portal: true,
      adopted: { samlProviderName: "AzureAD-ClientVPN", selfServiceSamlProvider: { kind: "own" as const, name: "AzureAD-ClientVPN-portal" }, routeDescriptions },
      plan: { main: { name: "AzureAD-ClientVPN" }, portal: { kind: "own", name: "AzureAD-ClientVPN-portal" } },
    },
    {
      case: "an adopted portal that signs in through the endpoint's own provider declares no second one",
      portal: true,
      adopted: { samlProviderName: "AzureAD-ClientVPN", selfServiceSamlProvider: { kind: "shared" as const }, routeDescriptions },
      plan: { main: { name: "AzureAD-ClientVPN" }, portal: { kind: "shared" } },
    },
    {
      case: "an adopted portal that names no provider names none",
      portal: true,
      adopted: { samlProviderName: "AzureAD-ClientVPN", selfServiceSamlProvider: { kind: "none" as const }, routeDescriptions },
      plan: { main: { name: "AzureAD-ClientVPN" }, portal: { kind: "none" } },
    },
    {
      case: "an adopted endpoint without the portal keeps its one name",
      portal: false,
      adopted: { samlProviderName: "AzureAD-ClientVPN", routeDescriptions },
      plan: { main: { name: "AzureAD-ClientVPN" } },
    },
  ])("$case", ({ portal, adopted, plan }) => {
    expect(samlProviderPlan(portal, adopted)).toEqual(plan);
  });
});

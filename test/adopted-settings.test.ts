import { beforeAll, describe, expect, it } from "vitest";
import { parseStackConfig } from "../components/config";
import { rawConfigFromEngine } from "../components/stack-config-source";
import { defaultAccessAppRoleId } from "../components/entra-saml-app";
import { StackRun, stackRunner } from "./support/stack-run";
import { engineConfigOf, exampleNetworkFacts, exampleNow } from "./support/example-stack";

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

describe("the program keeps what the adopted section names", () => {
  // The tenant's Client VPN application was made in the portal: no marker in its notes.
  const runStack = stackRunner(exampleNetworkFacts, {
    invokes: {
      "azuread:index/getApplication:getApplication": () => ({ notes: "", displayName: "AWS Client VPN", clientId: adoptedClientId }),
    },
  });
  let own: StackRun;
  let shared: StackRun;
  let none: StackRun;
  const adopted = { applicationClientId: adoptedClientId, assignmentAppRoleId: userRoleId, samlProviderName: "AzureAD-ClientVPN", routeDescriptions: { "10.1.0.0/16": "build VPC" } };
  beforeAll(async () => {
    own = await runStack(engineConfig({ ...adopted, selfServiceSamlProvider: { name: "AzureAD-ClientVPN-portal" } }));
    shared = await runStack(engineConfig({ ...adopted, selfServiceSamlProvider: "shared" }));
    none = await runStack(engineConfig({ ...adopted, selfServiceSamlProvider: "none" }));
    // The first run loads the program and the providers' SDKs (about 10 s on a busy machine).
  }, 60_000);
  const ofType = (run: StackRun, type: string) => run.resources.filter((r) => r.type === type);
  const endpointAuth = (run: StackRun) =>
    (ofType(run, "aws:ec2clientvpn/endpoint:Endpoint")[0].inputs.authenticationOptions as Record<string, unknown>[])[0];

  it("accepts the tenant's portal-made application as its own when adopted.applicationClientId names it", () => {
    expect(own.resources.length).toBeGreaterThan(0);
  });

  it("still refuses a portal-made application the section does not name", async () => {
    await expect(runStack(engineConfig({ ...adopted, applicationClientId: "b2b2b2b2-0000-4000-8000-00000000000b" }))).rejects.toThrow(
      /already has the application "AWS Client VPN".*made outside this program/,
    );
  });

  it("names the IAM SAML providers as they are named in IAM", () => {
    expect(ofType(own, "aws:iam/samlProvider:SamlProvider").map((p) => [p.name, p.inputs.name])).toEqual([
      ["vpn-saml", "AzureAD-ClientVPN"],
      ["vpn-saml-self-service", "AzureAD-ClientVPN-portal"],
    ]);
  });

  it("lets the portal sign in through the endpoint's own provider when shared, declaring no second one", () => {
    expect(ofType(shared, "aws:iam/samlProvider:SamlProvider").map((p) => p.name)).toEqual(["vpn-saml"]);
    const main = ofType(shared, "aws:iam/samlProvider:SamlProvider")[0];
    expect(endpointAuth(shared).selfServiceSamlProviderArn).toBe(main.state.arn);
  });

  it("names no portal provider when none, as the endpoint was built", () => {
    expect(ofType(none, "aws:iam/samlProvider:SamlProvider").map((p) => p.name)).toEqual(["vpn-saml"]);
    expect(endpointAuth(none).selfServiceSamlProviderArn).toBeUndefined();
    expect(none.resources.find((r) => r.type === "aws:ec2clientvpn/endpoint:Endpoint")?.inputs.selfServicePortal).toBe("enabled");
  });

  it("gives every route to an adopted network the description AWS already has, and the others the program's", () => {
    const descriptions = ofType(own, "aws:ec2clientvpn/route:Route").map((r) => [r.inputs.destinationCidrBlock, r.inputs.description]);
    expect(descriptions).toContainEqual(["10.1.0.0/16", "build VPC"]);
    expect(descriptions.filter(([cidr]) => cidr === "10.1.0.0/16")).toHaveLength(2);
    expect(descriptions.filter(([cidr]) => cidr !== "10.1.0.0/16").every(([, text]) => /^[a-z-]+ via subnet-/.test(String(text)))).toBe(true);
  });

  it("assigns groups with the adopted app role, Default Access otherwise", async () => {
    expect(ofType(own, "azuread:index/appRoleAssignment:AppRoleAssignment").map((a) => a.inputs.appRoleId)).toEqual([userRoleId, userRoleId]);
    const plain = await stackRunner(exampleNetworkFacts)(engineConfigOf());
    expect(plain.resources.filter((r) => r.type === "azuread:index/appRoleAssignment:AppRoleAssignment").map((a) => a.inputs.appRoleId)).toEqual([
      defaultAccessAppRoleId,
      defaultAccessAppRoleId,
    ]);
    expect(plain.resources.filter((r) => r.type === "aws:iam/samlProvider:SamlProvider").every((p) => p.inputs.name === undefined)).toBe(true);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { lastRecordedResources, stackRunner } from "./support/stack-run";
import { engineConfigOf, exampleNetworkFacts } from "./support/example-stack";
import { identityMarker } from "../components/identity-uniqueness";

// The identity stack an endpoint stack references: what `mode: identity` exports.
const referencedMetadata = "<EntityDescriptor entityID=\"https://sts.windows.net/6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31/\">referenced</EntityDescriptor>";
const identityStackOutputs = {
  samlMetadataXml: referencedMetadata,
  groups: { engineers: "3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74", "vpn-users": "0b7e4d2a-5c1f-4a3e-9d8b-7f6a2c1e0d93" },
  tenantId: "6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31",
  selfServicePortalReplyUrl: true,
  azureApplicationClientId: "c1c1c1c1-0000-4000-8000-000000000001",
  azureServicePrincipalObjectId: "5d5d5d5d-0000-4000-8000-000000000002",
  signingCertificateThumbprint: "FFEEDDCCBBAA99887766554433221100FFEEDDCC",
  signingCertificateExpiry: "2029-11-01T00:00:00Z",
  publishedSigningCertificateThumbprints: ["FFEEDDCCBBAA99887766554433221100FFEEDDCC"],
  signingKeyActivatedAt: "2026-11-20T10:00:00.000Z",
  federationMetadataUrl: "https://login.microsoftonline.com/6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31/federationmetadata/2007-06/federationmetadata.xml?appid=c1c1c1c1-0000-4000-8000-000000000001",
};

let existingApplication: { notes: string; displayName: string; clientId: string } | undefined;
const run = stackRunner(exampleNetworkFacts, {
  outputs: { "pulumi:pulumi:StackReference": () => ({ outputs: identityStackOutputs }) },
  invokes: {
    "azuread:index/getApplication:getApplication": () => {
      if (!existingApplication) throw new Error("No applications found matching filter");
      return existingApplication;
    },
  },
});

function configFor(mode: "identity" | "endpoint"): Record<string, string> {
  const config = engineConfigOf();
  config["clientvpn-federation:mode"] = mode;
  if (mode === "identity") {
    delete config["clientvpn-federation:vpn"];
    delete config["clientvpn-federation:access"];
    config["clientvpn-federation:azure"] = JSON.stringify({ ...JSON.parse(config["clientvpn-federation:azure"]), selfServicePortal: true });
  } else {
    delete config["clientvpn-federation:azure"];
    config["clientvpn-federation:identityStack"] = "acme/clientvpn-federation/identity";
  }
  return config;
}


describe("identity mode", () => {
  it("declares the Entra side only and exports what endpoint stacks read", async () => {
    existingApplication = undefined;
    const { outputs, resources } = await run(configFor("identity"));
    expect(resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
    expect(resources.some((r) => r.type === "azuread:index/applicationRegistration:ApplicationRegistration")).toBe(true);
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(identityStackOutputs).sort());
    expect(outputs.groups).toEqual(identityStackOutputs.groups);
    expect(outputs.samlMetadataXml).toMatch(/<md:EntityDescriptor|<EntityDescriptor/);
  });

  it("marks its application as owned by this stack", async () => {
    existingApplication = undefined;
    const { resources } = await run(configFor("identity"));
    const app = resources.find((r) => r.type === "azuread:index/applicationRegistration:ApplicationRegistration")!;
    expect(app.inputs.notes).toBe(identityMarker("acme/clientvpn-federation/test"));
  });

  it("refuses a second identity when the tenant already has another stack's Client VPN application", async () => {
    existingApplication = { notes: identityMarker("acme/clientvpn-federation/prod"), displayName: "AWS Client VPN", clientId: "0a0a0a0a-0000-4000-8000-000000000000" };
    const failure = await run(configFor("identity")).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(pulumi.RunError);
    expect((failure as Error).message).toMatch(/clientvpn-federation:mode: this tenant already has the application "AWS Client VPN".*managed by stack acme\/clientvpn-federation\/prod.*Set mode: endpoint and identityStack: acme\/clientvpn-federation\/prod/);
    expect(lastRecordedResources()).toEqual([]);
  });

  it("accepts its own application on later runs", async () => {
    existingApplication = { notes: identityMarker("acme/clientvpn-federation/test"), displayName: "AWS Client VPN", clientId: "x" };
    await expect(run(configFor("identity"))).resolves.toBeDefined();
  });
});

describe("endpoint mode", () => {
  it("declares no Entra resources and gives IAM the referenced identity's metadata", async () => {
    existingApplication = undefined;
    const { resources } = await run(configFor("endpoint"));
    expect(resources.filter((r) => r.type.startsWith("azuread:") || r.type.startsWith("pulumi-nodejs:"))).toEqual([]);
    const providers = resources.filter((r) => r.type === "aws:iam/samlProvider:SamlProvider");
    expect(providers).toHaveLength(2);
    for (const provider of providers) expect(provider.inputs.samlMetadataDocument).toBe(referencedMetadata);
  });

  it("resolves group aliases against the identity stack's group map", async () => {
    const { resources } = await run(configFor("endpoint"));
    const groupRules = resources.filter((r) => r.type === "aws:ec2clientvpn/authorizationRule:AuthorizationRule" && r.inputs.accessGroupId);
    expect(groupRules.map((r) => r.inputs.accessGroupId).sort()).toEqual([identityStackOutputs.groups["vpn-users"], identityStackOutputs.groups.engineers].sort());
  });

  it("passes the identity's IDs through as its own outputs", async () => {
    const { outputs } = await run(configFor("endpoint"));
    expect(outputs.azureApplicationClientId).toBe(identityStackOutputs.azureApplicationClientId);
    expect(outputs.signingCertificateThumbprint).toBe(identityStackOutputs.signingCertificateThumbprint);
  });

  it("refuses an alias the identity stack does not define, naming the identity stack", async () => {
    const config = configFor("endpoint");
    const access = JSON.parse(config["clientvpn-federation:access"]);
    access[3].groups = ["finance"];
    config["clientvpn-federation:access"] = JSON.stringify(access);
    const failure = await run(config).catch((error: unknown) => error);
    expect((failure as Error).message).toMatch(/access\[3\]\.groups\[0\]: "finance" is not an alias in azure\.groups.*\(groups come from acme\/clientvpn-federation\/identity\)/);
    expect(lastRecordedResources().filter((r) => r.type !== "pulumi:pulumi:StackReference")).toEqual([]);
  });

  it("refuses an entry that names one group twice, by alias and by object ID, once the identity stack says so", async () => {
    const config = configFor("endpoint");
    const access = JSON.parse(config["clientvpn-federation:access"]);
    access[3].groups = ["engineers", identityStackOutputs.groups.engineers];
    config["clientvpn-federation:access"] = JSON.stringify(access);
    const failure = await run(config).catch((error: unknown) => error);
    expect((failure as Error).message).toMatch(/problem; nothing was created:\n {2}- access\[3\]\.groups\[1\]: "3f2a9c1e-.*" names a group already listed in this entry/);
  });

  it("refuses Entra settings, which belong to the identity stack", async () => {
    const config = configFor("endpoint");
    config["clientvpn-federation:azure"] = JSON.stringify({ groups: {} });
    const failure = await run(config).catch((error: unknown) => error);
    expect((failure as Error).message).toMatch(/azure: is not used in endpoint mode/);
  });
});

describe("an endpoint stack with several groups per entry, no banner and an issued certificate (one run)", () => {
  let resources: Awaited<ReturnType<typeof run>>["resources"];
  let outputs: Record<string, unknown>;
  beforeAll(async () => {
    const config = configFor("endpoint");
    const access = JSON.parse(config["clientvpn-federation:access"]);
    access[3].groups = ["engineers", "vpn-users"];
    config["clientvpn-federation:access"] = JSON.stringify(access);
    const vpn = JSON.parse(config["clientvpn-federation:vpn"]);
    delete vpn.loginBanner;
    delete vpn.serverCertificateArn;
    vpn.serverCertificate = { domainName: "vpn.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" };
    config["clientvpn-federation:vpn"] = JSON.stringify(vpn);
    ({ resources, outputs } = await run(config));
  });

  it("plans and declares one authorization rule per group for an entry that names several groups", () => {
    const payments = resources.filter((r) => r.type === "aws:ec2clientvpn/authorizationRule:AuthorizationRule" && r.inputs.targetNetworkCidr === "10.3.0.0/16");
    expect(payments.map((r) => r.inputs.accessGroupId).sort()).toEqual([identityStackOutputs.groups.engineers, identityStackOutputs.groups["vpn-users"]].sort());
    expect((outputs.authorizationRules as { name: string; groups: string[] }[]).find((rule) => rule.name === "payments")?.groups).toEqual([
      `engineers (${identityStackOutputs.groups.engineers})`,
      `vpn-users (${identityStackOutputs.groups["vpn-users"]})`,
    ]);
  });

  it("turns the login banner off explicitly when the stack has none (the provider keeps a left-out block)", () => {
    expect(resources.find((r) => r.type === "aws:ec2clientvpn/endpoint:Endpoint")?.inputs.clientLoginBannerOptions).toEqual({ enabled: false });
  });

  it("requests an RSA 2048 key when it issues the server certificate, a size Client VPN accepts", () => {
    expect(resources.find((r) => r.type === "aws:acm/certificate:Certificate")?.inputs).toMatchObject({ domainName: "vpn.example.com", validationMethod: "DNS", keyAlgorithm: "RSA_2048" });
  });
});

import { describe, expect, it } from "vitest";
import { ConfigError, RawStackConfig, formatProblems, parseStackConfig } from "../components/config";
import { exampleNow, exampleRawConfig } from "./support/example-stack";

type Edit = (raw: RawStackConfig & { vpn: any; azure: any; access: any; cost: any }) => void;

function problemsAfter(edit: Edit) {
  const raw = exampleRawConfig() as RawStackConfig & { vpn: any; azure: any; access: any; cost: any };
  edit(raw);
  const result = parseStackConfig(raw, exampleNow);
  return result.ok ? [] : result.problems;
}

describe("the example stack configuration", () => {
  it("is valid", () => {
    const result = parseStackConfig(exampleRawConfig(), exampleNow);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it("resolves group aliases to lowercase object IDs and keeps the entry order", () => {
    const result = parseStackConfig(exampleRawConfig(), exampleNow);
    if (!result.ok) throw new Error("example invalid");
    expect(result.config.access.map((a) => a.name)).toEqual(["dns-resolver-a", "dns-resolver-b", "build", "payments"]);
    expect(result.config.access[3].groups).toEqual([{ objectId: "3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74", alias: "engineers" }]);
  });

  it("applies documented defaults to optional settings", () => {
    const raw = exampleRawConfig() as any;
    for (const key of ["splitTunnel", "transportProtocol", "vpnPort", "sessionTimeoutHours", "selfServicePortal", "logRetentionDays"]) {
      delete raw.vpn[key];
    }
    delete raw.azure.displayName;
    delete raw.cost;
    const result = parseStackConfig(raw, exampleNow);
    if (!result.ok) throw new Error(formatProblems(result.problems));
    expect(result.config.vpn).toMatchObject({
      splitTunnel: true,
      transportProtocol: "udp",
      vpnPort: 443,
      sessionTimeoutHours: 12,
      selfServicePortal: false,
      logRetentionDays: 365,
      quotas: { authorizationRules: 200, routesPerAssociation: 100 },
    });
    expect(result.config.azure.displayName).toBe("AWS Client VPN");
    expect(result.config.azure.groupClaim).toBe("claims-mapping-policy");
    expect(result.config.cost).toEqual({ expectedUsers: 0, hoursPerUserPerWeek: 40 });
  });

  it.each(["claims-mapping-policy", "gallery-app"])("accepts azure.groupClaim %s", (route) => {
    const raw = exampleRawConfig() as any;
    raw.azure.groupClaim = route;
    const result = parseStackConfig(raw, exampleNow);
    if (!result.ok) throw new Error(formatProblems(result.problems));
    expect(result.config.azure.groupClaim).toBe(route);
  });

  it("accepts a default route for internet access even though it contains the client CIDR", () => {
    const raw = exampleRawConfig() as any;
    raw.access.push({ name: "internet", cidr: "0.0.0.0/0", groups: ["engineers"] });
    const result = parseStackConfig(raw, exampleNow);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it("accepts a certificate issued for a domain instead of an ARN", () => {
    const result = parseStackConfig(
      (() => {
        const raw = exampleRawConfig() as any;
        delete raw.vpn.serverCertificateArn;
        raw.vpn.serverCertificate = { domainName: "VPN.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" };
        return raw;
      })(),
      exampleNow,
    );
    if (!result.ok) throw new Error(formatProblems(result.problems));
    expect(result.config.vpn.serverCertificate).toEqual({ kind: "issued", domainName: "vpn.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" });
  });
});

// Each bad input is refused, naming its setting, with a message that says what to do.
const badInputs: { case: string; edit: Edit; setting: string; says: RegExp }[] = [
  { case: "client CIDR not a CIDR", edit: (r) => (r.vpn.clientCidr = "172.20.0.0"), setting: "vpn.clientCidr", says: /not an IPv4 CIDR/ },
  { case: "client CIDR with host bits", edit: (r) => (r.vpn.clientCidr = "172.20.1.0/22"), setting: "vpn.clientCidr", says: /network is 172\.20\.0\.0\/22/ },
  { case: "client CIDR /23", edit: (r) => (r.vpn.clientCidr = "172.20.0.0/23"), setting: "vpn.clientCidr", says: /\/23 is smaller than the \/22 AWS requires/ },
  { case: "client CIDR /11", edit: (r) => (r.vpn.clientCidr = "172.0.0.0/11"), setting: "vpn.clientCidr", says: /larger than the \/12/ },
  { case: "client CIDR overlapping an access network", edit: (r) => (r.vpn.clientCidr = "10.1.0.0/22"), setting: "vpn.clientCidr", says: /overlaps access network build/ },
  { case: "three DNS servers", edit: (r) => (r.vpn.dnsServers = ["10.2.0.10", "10.2.1.10", "10.2.0.11"]), setting: "vpn.dnsServers", says: /at most 2/ },
  { case: "DNS server not an IP", edit: (r) => (r.vpn.dnsServers = ["resolver.local"]), setting: "vpn.dnsServers[0]", says: /not an IPv4 address/ },
  { case: "DNS server no client may reach", edit: (r) => (r.vpn.dnsServers = ["192.168.1.1"]), setting: "vpn.dnsServers[0]", says: /in no access network/ },
  { case: "session timeout 6", edit: (r) => (r.vpn.sessionTimeoutHours = 6), setting: "vpn.sessionTimeoutHours", says: /8, 10, 12 or 24/ },
  { case: "port 8443", edit: (r) => (r.vpn.vpnPort = 8443), setting: "vpn.vpnPort", says: /443 or 1194/ },
  { case: "transport quic", edit: (r) => (r.vpn.transportProtocol = "quic"), setting: "vpn.transportProtocol", says: /udp or tcp/ },
  { case: "no subnets", edit: (r) => (r.vpn.subnetIds = []), setting: "vpn.subnetIds", says: /at least one subnet/ },
  { case: "duplicate subnet", edit: (r) => (r.vpn.subnetIds = ["subnet-0aa11bb22cc33dd44", "subnet-0aa11bb22cc33dd44"]), setting: "vpn.subnetIds[1]", says: /listed twice/ },
  { case: "malformed subnet", edit: (r) => (r.vpn.subnetIds = ["subnet-xyz"]), setting: "vpn.subnetIds[0]", says: /subnet ID such as/ },
  { case: "banner over 1,400 characters", edit: (r) => (r.vpn.loginBanner = "x".repeat(1401)), setting: "vpn.loginBanner", says: /1401 characters.*at most 1400/ },
  { case: "malformed VPC ID", edit: (r) => (r.vpn.vpcId = "vpc-123"), setting: "vpn.vpcId", says: /VPC ID such as/ },
  { case: "malformed certificate ARN", edit: (r) => (r.vpn.serverCertificateArn = "arn:aws:iam::123456789012:server-certificate/x"), setting: "vpn.serverCertificateArn", says: /ACM certificate ARN/ },
  { case: "certificate in another region", edit: (r) => (r.vpn.serverCertificateArn = r.vpn.serverCertificateArn.replace("us-east-1", "eu-west-2")), setting: "vpn.serverCertificateArn", says: /in eu-west-2 but the endpoint is in us-east-1/ },
  { case: "no certificate at all", edit: (r) => delete r.vpn.serverCertificateArn, setting: "vpn.serverCertificateArn", says: /is required/ },
  { case: "both certificate settings", edit: (r) => (r.vpn.serverCertificate = { domainName: "vpn.example.com", hostedZoneId: "Z0123456789ABC" }), setting: "vpn.serverCertificateArn", says: /keep one/ },
  { case: "log retention not a CloudWatch value", edit: (r) => (r.vpn.logRetentionDays = 100), setting: "vpn.logRetentionDays", says: /retention CloudWatch Logs accepts/ },
  { case: "misspelled vpn setting", edit: (r) => (r.vpn.splitTunel = false), setting: "vpn", says: /unknown setting "splitTunel"/ },
  { case: "unknown group alias", edit: (r) => (r.access[3].groups = ["engneers"]), setting: "access[3].groups[0]", says: /"engneers" is not an alias in azure.groups \(known: vpn-users, engineers\)/ },
  { case: "object ID not assigned to the app", edit: (r) => (r.access[3].groups = ["11111111-2222-4333-8444-555555555555"]), setting: "access[3].groups[0]", says: /not one of azure.groups/ },
  { case: "group object ID not a GUID", edit: (r) => (r.azure.groups.engineers = "engineers-group"), setting: "azure.groups.engineers", says: /GUID/ },
  { case: "access entry with no groups", edit: (r) => (r.access[3].groups = []), setting: "access[3].groups", says: /is empty/ },
  { case: "invalid access CIDR", edit: (r) => (r.access[2].cidr = "10.1.0.0/33"), setting: "access[2].cidr", says: /not an IPv4 CIDR/ },
  { case: "duplicate access names", edit: (r) => (r.access[3].name = "build"), setting: "access[3].name", says: /used by an earlier entry/ },
  { case: "no access entries", edit: (r) => (r.access = []), setting: "access", says: /lists no networks/ },
  { case: "duplicate rule", edit: (r) => r.access.push({ name: "build-again", cidr: "10.1.0.0/16", groups: ["vpn-users"] }), setting: "access[4]", says: /duplicate authorization rule/ },
  {
    case: "more rules than the quota",
    edit: (r) => {
      r.vpn.quotas = { authorizationRules: 4 };
      r.access.push({ name: "more", cidr: "10.9.0.0/16", groups: "all" });
    },
    setting: "access",
    says: /5 authorization rules but the endpoint quota is 4/,
  },
  { case: "unknown group-claim route", edit: (r) => (r.azure.groupClaim = "gallery"), setting: "azure.groupClaim", says: /must be "claims-mapping-policy" or "gallery-app"/ },
  { case: "tenant ID not a GUID", edit: (r) => (r.tenantId = "contoso.onmicrosoft.com"), setting: "azuread:tenantId", says: /GUID/ },
  { case: "unknown Entra cloud", edit: (r) => (r.environment = "mars"), setting: "azuread:environment", says: /not a cloud/ },
  { case: "no region", edit: (r) => delete r.awsRegion, setting: "aws:region", says: /is required/ },
  { case: "certificate end date in the past", edit: (r) => (r.azure.signingCertificateEndDate = "2025-01-01T00:00:00Z"), setting: "azure.signingCertificateEndDate", says: /in the past/ },
  { case: "certificate end date not RFC 3339", edit: (r) => (r.azure.signingCertificateEndDate = "01/11/2029"), setting: "azure.signingCertificateEndDate", says: /RFC 3339/ },
  { case: "no groups assigned", edit: (r) => { r.azure.groups = {}; r.access[2].groups = "all"; r.access[3].groups = "all"; }, setting: "azure.groups", says: /at least one Entra group/ },
  { case: "same group under two aliases", edit: (r) => (r.azure.groups.again = r.azure.groups.engineers), setting: "azure.groups.again", says: /same object ID/ },
  { case: "expected users negative", edit: (r) => (r.cost.expectedUsers = -1), setting: "cost.expectedUsers", says: /./ },
  { case: "more hours than a week has", edit: (r) => (r.cost.hoursPerUserPerWeek = 200), setting: "cost.hoursPerUserPerWeek", says: /168/ },
  { case: "misspelled namespace key", edit: (r) => (r.unknownSettings = ["clientvpn-federation:acess"]), setting: "clientvpn-federation:acess", says: /not a setting of this program/ },
  { case: "unknown mode", edit: (r) => (r.mode = "both"), setting: "clientvpn-federation:mode", says: /all \(default\), identity or endpoint/ },
];

describe("bad input", () => {
  it.each(badInputs)("refuses $case, naming $setting", ({ edit, setting, says }) => {
    const problems = problemsAfter(edit);
    const named = problems.filter((p) => p.setting === setting);
    expect(named, JSON.stringify(problems)).not.toHaveLength(0);
    expect(named.map((p) => p.message).join("\n")).toMatch(says);
  });

  it("reports every problem at once instead of stopping at the first", () => {
    const problems = problemsAfter((r) => {
      r.vpn.clientCidr = "172.20.0.0/23";
      r.vpn.vpnPort = 8443;
      r.access[3].groups = ["nobody"];
      r.tenantId = "not-a-guid";
    });
    expect(problems.map((p) => p.setting).sort()).toEqual(
      ["access[3].groups[0]", "azuread:tenantId", "vpn.clientCidr", "vpn.vpnPort"].sort(),
    );
  });

  it("formats the problems as one message that says nothing was created", () => {
    const error = new ConfigError([
      { setting: "vpn.clientCidr", message: "/23 is smaller than the /22 AWS requires" },
      { setting: "vpn.vpnPort", message: "must be 443 or 1194" },
    ]);
    expect(error.message).toBe(
      "The stack configuration has 2 problems; nothing was created:\n" +
        "  - vpn.clientCidr: /23 is smaller than the /22 AWS requires\n" +
        "  - vpn.vpnPort: must be 443 or 1194",
    );
  });
});

describe("cross-checks survive mistakes elsewhere in the same section", () => {
  it.each([
    { case: "an unknown group-claim route", edit: (r: any) => (r.azure.groupClaim = "gallery"), setting: "azure.groupClaim" },
    { case: "an empty display name", edit: (r: any) => (r.azure.displayName = ""), setting: "azure.displayName" },
  ])("reports $case once, without making the access entries' group aliases look unknown", ({ edit, setting }) => {
    expect(problemsAfter(edit).map((p) => p.setting)).toEqual([setting]);
  });

  it("still refuses an unknown alias in access when another azure setting is wrong too", () => {
    const problems = problemsAfter((r) => {
      r.azure.groupClaim = "gallery";
      r.access[3].groups = ["nobody"];
    });
    expect(problems.map((p) => p.setting).sort()).toEqual(["access[3].groups[0]", "azure.groupClaim"]);
  });

  it("still reports a client CIDR overlapping an access network when vpn.vpnPort is wrong too", () => {
    const problems = problemsAfter((r) => {
      r.vpn.clientCidr = "10.1.0.0/22";
      r.vpn.vpnPort = 80;
    });
    expect(problems.map((p) => p.setting)).toEqual(expect.arrayContaining(["vpn.vpnPort", "vpn.clientCidr"]));
    expect(problems.find((p) => p.setting === "vpn.clientCidr")?.message).toMatch(/overlaps access network build/);
  });
});

describe("reading the engine's config", () => {
  it("flags keys of this namespace the program does not read, and leaves other providers' keys alone", async () => {
    const { rawConfigFromEngine } = await import("../components/stack-config-source");
    const raw = rawConfigFromEngine({ "clientvpn-federation:acces": "[]", "clientvpn-federation:planNetwork": "{}", "aws:profile": "x" });
    expect(raw.unknownSettings).toEqual(["clientvpn-federation:acces"]);
  });
});

import { describe, expect, it } from "vitest";
import { ConfigError, RawStackConfig, formatProblems, parseStackConfig } from "../components/config";
import { rawConfigFromEngine } from "../components/stack-config-source";
import { engineConfigOf, exampleNow, exampleRawConfig } from "./support/example-stack";

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
  { case: "banner of 800 accented letters (1,600 bytes)", edit: (r) => (r.vpn.loginBanner = "é".repeat(800)), setting: "vpn.loginBanner", says: /1600 bytes in UTF-8 \(800 characters\)/ },
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
  { case: "expected users negative", edit: (r) => (r.cost.expectedUsers = -1), setting: "cost.expectedUsers", says: /must be at least 0/ },
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
  it("flags keys of this namespace the program does not read, and leaves other providers' keys alone", () => {
    const raw = rawConfigFromEngine({ "clientvpn-federation:colour": "blue", "clientvpn-federation:planNetwork": "{}", "aws:profile": "x" });
    expect(raw.unknownSettings).toEqual(["clientvpn-federation:colour"]);
  });

  it("reads a near miss of a missing key in its place, so the mistake is reported once", () => {
    const raw = rawConfigFromEngine({ "clientvpn-federation:acces": "[]", "azuread:tenantid": "x" });
    expect(raw.misspelledSettings).toEqual([
      { written: "clientvpn-federation:acces", meant: "clientvpn-federation:access" },
      { written: "azuread:tenantid", meant: "azuread:tenantId" },
    ]);
    expect(raw.access).toEqual([]);
    expect(raw.tenantId).toBe("x");
    expect(raw.unknownSettings).toEqual([]);
  });
});

// Each single mistake a new user makes must give exactly one problem, naming its setting: nothing
// else in the stack may be blamed for it.
type EngineEdit = (config: Record<string, string>) => void;
const setIn = (config: Record<string, string>, key: string, edit: (value: any) => void) => {
  const fullKey = `clientvpn-federation:${key}`;
  const value = JSON.parse(config[fullKey]);
  edit(value);
  config[fullKey] = JSON.stringify(value);
};
const singleMistakes: { case: string; edit: EngineEdit; setting: string; says: RegExp }[] = [
  { case: "an empty azure.displayName", edit: (c) => setIn(c, "azure", (a) => (a.displayName = "")), setting: "azure.displayName", says: /must not be empty/ },
  { case: "one group ID that is not a GUID", edit: (c) => setIn(c, "azure", (a) => (a.groups.engineers = "engineers")), setting: "azure.groups.engineers", says: /GUID/ },
  { case: "one bad notification email", edit: (c) => setIn(c, "azure", (a) => (a.notificationEmails = ["it-security"])), setting: "azure.notificationEmails[0]", says: /must be an email address/ },
  {
    case: "notificationEmails written as one address, not a list",
    edit: (c) => setIn(c, "azure", (a) => (a.notificationEmails = "it-security@example.com")),
    setting: "azure.notificationEmails",
    says: /^must be a list of email addresses, e\.g\. \[it-security@example\.com\]$/,
  },
  { case: "the same group under two aliases", edit: (c) => setIn(c, "azure", (a) => (a.groups.devs = a.groups.engineers)), setting: "azure.groups.devs", says: /same object ID as azure\.groups\.engineers/ },
  { case: "a mistyped region", edit: (c) => (c["aws:region"] = "us-east1"), setting: "aws:region", says: /^"us-east1" is not an AWS region; did you mean us-east-1\?/ },
  { case: "a region in capitals", edit: (c) => (c["aws:region"] = "US-EAST-1"), setting: "aws:region", says: /region names are lowercase: use us-east-1/ },
  { case: "a made-up region", edit: (c) => (c["aws:region"] = "mars-north-1"), setting: "aws:region", says: /"mars-north-1" is not an AWS region/ },
  { case: "azuread:tenantid in the wrong case", edit: (c) => { c["azuread:tenantid"] = c["azuread:tenantId"]; delete c["azuread:tenantId"]; }, setting: "azuread:tenantid", says: /case-sensitive, write it azuread:tenantId/ },
  { case: "aws:Region in the wrong case", edit: (c) => { c["aws:Region"] = c["aws:region"]; delete c["aws:region"]; }, setting: "aws:Region", says: /write it aws:region/ },
  {
    case: "a misspelt namespace key",
    edit: (c) => { c["clientvpn-federation:acess"] = c["clientvpn-federation:access"]; delete c["clientvpn-federation:access"]; },
    setting: "clientvpn-federation:acess",
    says: /did you mean clientvpn-federation:access\?/,
  },
  { case: 'vpnPort: "443"', edit: (c) => setIn(c, "vpn", (v) => (v.vpnPort = "443")), setting: "vpn.vpnPort", says: /^is the text "443"; remove the quotes so it is the number 443$/ },
  { case: 'sessionTimeoutHours: "12"', edit: (c) => setIn(c, "vpn", (v) => (v.sessionTimeoutHours = "12")), setting: "vpn.sessionTimeoutHours", says: /remove the quotes/ },
  { case: 'logRetentionDays: "365"', edit: (c) => setIn(c, "vpn", (v) => (v.logRetentionDays = "365")), setting: "vpn.logRetentionDays", says: /remove the quotes/ },
  { case: 'quotas.authorizationRules: "300"', edit: (c) => setIn(c, "vpn", (v) => (v.quotas = { authorizationRules: "300" })), setting: "vpn.quotas.authorizationRules", says: /remove the quotes/ },
  { case: 'splitTunnel: "true"', edit: (c) => setIn(c, "vpn", (v) => (v.splitTunnel = "true")), setting: "vpn.splitTunnel", says: /^is the text "true"; remove the quotes so it is true$/ },
  { case: 'expectedUsers: "50"', edit: (c) => setIn(c, "cost", (v) => (v.expectedUsers = "50")), setting: "cost.expectedUsers", says: /remove the quotes so it is the number 50/ },
  { case: 'hoursPerUserPerWeek: "37.5"', edit: (c) => setIn(c, "cost", (v) => (v.hoursPerUserPerWeek = "37.5")), setting: "cost.hoursPerUserPerWeek", says: /remove the quotes so it is the number 37\.5/ },
  { case: "a negative expectedUsers", edit: (c) => setIn(c, "cost", (v) => (v.expectedUsers = -5)), setting: "cost.expectedUsers", says: /^must be at least 0$/ },
  { case: "a banner of 800 accented letters", edit: (c) => setIn(c, "vpn", (v) => (v.loginBanner = "é".repeat(800))), setting: "vpn.loginBanner", says: /1600 bytes/ },
  { case: "an unknown group alias", edit: (c) => setIn(c, "access", (a) => (a[3].groups = ["engneers"])), setting: "access[3].groups[0]", says: /not an alias in azure\.groups/ },
];

describe("one mistake, one message", () => {
  it.each(singleMistakes)("$case: exactly one problem, on $setting", ({ edit, setting, says }) => {
    const config = engineConfigOf();
    edit(config);
    const result = parseStackConfig(rawConfigFromEngine(config), exampleNow);
    const problems = result.ok ? [] : result.problems;
    expect(problems, JSON.stringify(problems)).toHaveLength(1);
    expect(problems[0].setting).toBe(setting);
    expect(problems[0].message).toMatch(says);
  });
});

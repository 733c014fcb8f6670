/**
 * The formats and mode rules of the stack configuration, value by value: each table row is a value a user
 * could write, and whether the program takes it. The boundaries are where a pattern's anchors, quantifiers
 * and character classes decide (issue 18: a pattern that lost its `^` or `$` passed every earlier test).
 */
import { describe, expect, it } from "vitest";
import { distinctNetworks, formatProblems, parseStackConfig, providerSettingSchemas, resolveAccessGroups, type AccessEntry, type RawStackConfig } from "../components/config";
import { exampleNow, exampleRawConfig } from "./support/example-stack";

type Raw = RawStackConfig & { vpn: any; azure: any; access: any; cost: any };

function problemsAfter(edit: (raw: Raw) => void) {
  const raw = exampleRawConfig() as Raw;
  edit(raw);
  const result = parseStackConfig(raw, exampleNow);
  return result.ok ? [] : result.problems;
}
const settingsAfter = (edit: (raw: Raw) => void) => problemsAfter(edit).map((problem) => problem.setting);

const guid = "6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31";
const arnTail = "123456789012:certificate/9f8e7d6c-5b4a-4321-8fed-cba987654321";
const longDomain = `${["a", "b", "c", "d"].map((letter) => letter.repeat(63)).join(".")}.com`;

describe("setting formats", () => {
  it.each([
    ["a tenant ID with a character before it", (raw: Raw) => (raw.tenantId = `x${guid}`), "azuread:tenantId"],
    ["a tenant ID with a character after it", (raw: Raw) => (raw.tenantId = `${guid}0`), "azuread:tenantId"],
    ["a VPC ID with a prefix", (raw: Raw) => (raw.vpn.vpcId = "xvpc-0a1b2c3d"), "vpn.vpcId"],
    ["a VPC ID with a suffix", (raw: Raw) => (raw.vpn.vpcId = "vpc-0a1b2c3dx"), "vpn.vpcId"],
    ["a subnet ID with a prefix", (raw: Raw) => (raw.vpn.subnetIds = ["xsubnet-0a1b2c3d"]), "vpn.subnetIds[0]"],
    ["a subnet ID with a suffix", (raw: Raw) => (raw.vpn.subnetIds = ["subnet-0a1b2c3d0"]), "vpn.subnetIds[0]"],
    ["a certificate ARN with a prefix", (raw: Raw) => (raw.vpn.serverCertificateArn = `xarn:aws:acm:us-east-1:${arnTail}`), "vpn.serverCertificateArn"],
    ["a certificate ARN with a suffix", (raw: Raw) => (raw.vpn.serverCertificateArn = `arn:aws:acm:us-east-1:${arnTail}0`), "vpn.serverCertificateArn"],
    ["a hosted zone ID with a prefix", (raw: Raw) => certificateFor(raw, "vpn.example.com", "aZ0123456789ABCDEFGHIJ"), "vpn.serverCertificate.hostedZoneId"],
    ["a hosted zone ID with a suffix", (raw: Raw) => certificateFor(raw, "vpn.example.com", "Z0123456789ABCDEFGHIJx"), "vpn.serverCertificate.hostedZoneId"],
    ["a domain with a character no label may hold", (raw: Raw) => certificateFor(raw, "vpn_x.example.com", "Z0123456789ABCDEFGHIJ"), "vpn.serverCertificate.domainName"],
    ["a domain with a trailing dot", (raw: Raw) => certificateFor(raw, "vpn.example.com.", "Z0123456789ABCDEFGHIJ"), "vpn.serverCertificate.domainName"],
    ["a domain longer than 253 characters", (raw: Raw) => certificateFor(raw, longDomain, "Z0123456789ABCDEFGHIJ"), "vpn.serverCertificate.domainName"],
    ["an access name starting with '-'", (raw: Raw) => (raw.access[3].name = "-payments"), "access[3].name"],
    ["an access name ending with '-'", (raw: Raw) => (raw.access[3].name = "payments-"), "access[3].name"],
    ["a group alias starting with '_'", (raw: Raw) => (raw.azure.groups = { ...raw.azure.groups, _ops: "0c7e4d2a-5c1f-4a3e-9d8b-7f6a2c1e0d93" }), "azure.groups._ops"],
    ["a group alias ending with '!'", (raw: Raw) => (raw.azure.groups = { ...raw.azure.groups, "ops!": "0c7e4d2a-5c1f-4a3e-9d8b-7f6a2c1e0d93" }), "azure.groups.ops!"],
    ["an end date with a prefix", (raw: Raw) => (raw.azure.signingCertificateEndDate = "x2029-11-01T00:00:00Z"), "azure.signingCertificateEndDate"],
    ["an end date with a suffix", (raw: Raw) => (raw.azure.signingCertificateEndDate = "2029-11-01T00:00:00Zx"), "azure.signingCertificateEndDate"],
    ["an end date in the format but no real date", (raw: Raw) => (raw.azure.signingCertificateEndDate = "2029-13-45T00:00:00Z"), "azure.signingCertificateEndDate"],
  ])("refuses %s", (_case, edit, setting) => {
    expect(settingsAfter(edit)).toContain(setting);
  });

  it.each([
    ["a VPC ID of the short form (8 hex digits)", (raw: Raw) => (raw.vpn.vpcId = "vpc-0a1b2c3d")],
    ["a subnet ID of the short form", (raw: Raw) => (raw.vpn.subnetIds = ["subnet-0a1b2c3d"])],
    [
      "a certificate in a partition with a dashed name and a region of three parts",
      (raw: Raw) => {
        raw.awsRegion = "us-gov-west-1";
        raw.vpn.serverCertificateArn = `arn:aws-us-gov:acm:us-gov-west-1:${arnTail}`;
      },
    ],
    ["a one-letter access name", (raw: Raw) => (raw.access[3].name = "p")],
    ["an end date with fractional seconds", (raw: Raw) => (raw.azure.signingCertificateEndDate = "2029-11-01T00:00:00.123Z")],
    ["an end date with a positive offset", (raw: Raw) => (raw.azure.signingCertificateEndDate = "2029-11-01T00:00:00+01:00")],
    ["an end date with a negative offset", (raw: Raw) => (raw.azure.signingCertificateEndDate = "2029-11-01T00:00:00-05:30")],
  ])("accepts %s", (_case, edit) => {
    expect(problemsAfter(edit)).toEqual([]);
  });

  it.each([
    ["true", 'is the text "true"; remove the quotes so it is true'],
    ["false", 'is the text "false"; remove the quotes so it is false'],
    ["yes", "must be true or false"],
  ])("says how to fix splitTunnel written as %j", (value, message) => {
    expect(problemsAfter((raw) => (raw.vpn.splitTunnel = value))).toEqual([{ setting: "vpn.splitTunnel", message }]);
  });

  it("reads a quoted number with spaces around it as the number it holds, and says to remove the quotes", () => {
    expect(problemsAfter((raw) => (raw.vpn.vpnPort = " 443 "))).toEqual([{ setting: "vpn.vpnPort", message: 'is the text " 443 "; remove the quotes so it is the number 443' }]);
  });

  it("does not take blank text for a number", () => {
    const [problem] = problemsAfter((raw) => (raw.vpn.vpnPort = "  "));
    expect(problem.setting).toBe("vpn.vpnPort");
    expect(problem.message).not.toMatch(/remove the quotes/);
  });

  it("describes aws:region for the reference with the same check the validation makes", () => {
    expect(providerSettingSchemas["aws:region"].safeParse("eu-west-2").success).toBe(true);
    expect(providerSettingSchemas["aws:region"].safeParse("eu-west-9").success).toBe(false);
  });
});

function certificateFor(raw: Raw, domainName: string, hostedZoneId: string): void {
  delete raw.vpn.serverCertificateArn;
  raw.vpn.serverCertificate = { domainName, hostedZoneId };
}

describe("settings the program does not have", () => {
  it("names the right spelling of a setting written in the wrong case, or the closest one", () => {
    expect(
      problemsAfter((raw) => {
        raw.misspelledSettings = [
          { written: "clientvpn-federation:Vpn", meant: "clientvpn-federation:vpn" },
          { written: "clientvpn-federation:acess", meant: "clientvpn-federation:access" },
        ];
        raw.unknownSettings = ["clientvpn-federation:colour"];
      }),
    ).toEqual([
      { setting: "clientvpn-federation:Vpn", message: "is not a setting: config keys are case-sensitive, write it clientvpn-federation:vpn" },
      { setting: "clientvpn-federation:acess", message: "is not a setting of this program; did you mean clientvpn-federation:access?" },
      { setting: "clientvpn-federation:colour", message: "is not a setting of this program; the settings are azure, vpn, access, cost, mode, identityStack, planNetwork, adopted" },
    ]);
  });

  it("takes a config without the lists of unknown and misspelled settings", () => {
    expect(
      problemsAfter((raw) => {
        delete raw.unknownSettings;
        delete raw.misspelledSettings;
      }),
    ).toEqual([]);
  });
});

const identityRaw = (raw: Raw) => {
  raw.mode = "identity";
  delete raw.vpn;
  delete raw.access;
};
const endpointRaw = (raw: Raw) => {
  raw.mode = "endpoint";
  raw.identityStack = "acme/clientvpn-federation/identity";
  delete raw.azure;
};

describe("stack modes", () => {
  it.each([
    ["an identity stack with a vpn section", (raw: Raw) => (identityRaw(raw), (raw.vpn = {})), { setting: "vpn", message: "is not used in identity mode; endpoint settings belong to the endpoint stacks that reference this one" }],
    ["an identity stack with an access section", (raw: Raw) => (identityRaw(raw), (raw.access = [])), { setting: "access", message: "is not used in identity mode; access rules belong to the endpoint stacks" }],
    ["an endpoint stack with an azure section", (raw: Raw) => (endpointRaw(raw), (raw.azure = {})), { setting: "azure", message: "is not used in endpoint mode; Entra settings belong to the identity stack named in identityStack" }],
  ])("refuses %s instead of ignoring it", (_case, edit, problem) => {
    expect(problemsAfter(edit)).toEqual([problem]);
  });

  it.each([
    ["missing", undefined],
    ["not text", 42],
    ["two parts", "acme/identity"],
    ["four parts", "acme/clientvpn-federation/identity/extra"],
    ["a space in a part", "acme/clientvpn federation/identity"],
    ["a space before it", " acme/clientvpn-federation/identity"],
  ])("refuses an endpoint stack's identityStack that is %s", (_case, identityStack) => {
    const edit = (raw: Raw) => {
      endpointRaw(raw);
      raw.identityStack = identityStack;
    };
    expect(problemsAfter(edit)).toEqual([
      { setting: "clientvpn-federation:identityStack", message: "is required in endpoint mode: the identity stack as org/project/stack" },
    ]);
  });

  it("keeps an endpoint stack's identity stack, leaving the groups' object IDs to it", () => {
    const raw = exampleRawConfig() as Raw;
    endpointRaw(raw);
    const result = parseStackConfig(raw, exampleNow);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.config.identityStack).toBe("acme/clientvpn-federation/identity");
    expect(result.config.access[3].groups).toEqual([{ objectId: "", alias: "engineers" }]);
    expect(result.config.azure).toMatchObject({ groups: {}, notificationEmails: [], selfServicePortal: true });
  });

  it("gives an identity stack no endpoint, no access and the portal off unless azure turns it on", () => {
    const raw = exampleRawConfig() as Raw;
    identityRaw(raw);
    delete raw.azure.notificationEmails;
    delete raw.awsRegion;
    const result = parseStackConfig(raw, exampleNow);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.config.identityStack).toBeUndefined();
    expect(result.config.access).toEqual([]);
    expect(result.config.azure.selfServicePortal).toBe(false);
    expect(result.config.azure.notificationEmails).toEqual([]);
    expect(result.config.vpn).toEqual({
      vpcId: "",
      subnetIds: [],
      clientCidr: "",
      serverCertificate: { kind: "existing", arn: "" },
      dnsServers: [],
      splitTunnel: true,
      transportProtocol: "udp",
      vpnPort: 443,
      sessionTimeoutHours: 12,
      selfServicePortal: false,
      logRetentionDays: 365,
      quotas: { authorizationRules: 200, routesPerAssociation: 100 },
    });
  });

  it.each([
    [true, false, ["azure.selfServicePortal"]],
    [false, true, ["azure.selfServicePortal"]],
    [true, true, []],
  ])("in all mode, refuses azure.selfServicePortal %s beside vpn.selfServicePortal %s when they disagree", (onAzure, onVpn, settings) => {
    expect(
      settingsAfter((raw) => {
        raw.azure.selfServicePortal = onAzure;
        raw.vpn.selfServicePortal = onVpn;
      }),
    ).toEqual(settings);
  });

  it("requires the vpn section in all mode, saying how to set it", () => {
    expect(problemsAfter((raw) => delete raw.vpn)).toContainEqual({ setting: "vpn", message: "is required (pulumi config set --path 'clientvpn-federation:vpn...')" });
  });
});

describe("groups named in access", () => {
  it("refuses a group named twice in one entry, by alias and by object ID", () => {
    expect(problemsAfter((raw) => (raw.access[3].groups = ["engineers", "3F2A9C1E-7D4B-4C8A-B5E2-9A1D6F0C3B74"]))).toEqual([
      { setting: "access[3].groups[1]", message: '"3F2A9C1E-7D4B-4C8A-B5E2-9A1D6F0C3B74" names a group already listed in this entry' },
    ]);
  });

  it("counts the rules against a quota read from a vpn section that is wrong elsewhere", () => {
    const settings = settingsAfter((raw) => {
      raw.vpn.vpcId = "not a vpc";
      raw.vpn.quotas = { authorizationRules: 3 };
    });
    expect(settings[0]).toBe("vpn.vpcId");
    expect(settings.slice(1).join(" ")).toMatch(/^access/);
  });

  it.each([0, 2.5, "9"])("falls back to the default quota when the broken vpn section's quota is %j", (quota) => {
    expect(
      settingsAfter((raw) => {
        raw.vpn.vpcId = "not a vpc";
        raw.vpn.quotas = { authorizationRules: quota };
      }).filter((setting) => setting.startsWith("access")),
    ).toEqual([]);
  });
});

describe("endpoint mode's group resolution against the identity stack", () => {
  const entry = (groups: AccessEntry["groups"], name = "payments"): AccessEntry => ({ name, cidr: "10.3.0.0/16", description: name, groups });
  const identityGroups = { engineers: "3F2A9C1E-7D4B-4C8A-B5E2-9A1D6F0C3B74", ops: "0b7e4d2a-5c1f-4a3e-9d8b-7f6a2c1e0d93" };

  it("resolves aliases and object IDs to the identity stack's lower-case object IDs, leaving `all` alone", () => {
    const all = entry("all", "dns");
    const { access, problems } = resolveAccessGroups(
      [all, entry([{ objectId: "", alias: "engineers" }, { objectId: "0b7e4d2a-5c1f-4a3e-9d8b-7f6a2c1e0d93" }])],
      identityGroups,
      "acme/clientvpn-federation/identity",
    );
    expect(problems).toEqual([]);
    expect(access[0]).toBe(all);
    expect(access[1].groups).toEqual([
      { objectId: "3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74", alias: "engineers" },
      { objectId: "0b7e4d2a-5c1f-4a3e-9d8b-7f6a2c1e0d93", alias: "ops" },
    ]);
  });

  it("names the identity stack in each problem: an unknown alias, and one group named twice", () => {
    const { access, problems } = resolveAccessGroups(
      [entry([{ objectId: "", alias: "finance" }, { objectId: "", alias: "ops" }, { objectId: "0b7e4d2a-5c1f-4a3e-9d8b-7f6a2c1e0d93" }])],
      identityGroups,
      "acme/clientvpn-federation/identity",
    );
    expect(problems).toEqual([
      { setting: "access[0].groups[0]", message: '"finance" is not an alias in azure.groups (known: engineers, ops), nor a group object ID (groups come from acme/clientvpn-federation/identity)' },
      { setting: "access[0].groups[2]", message: '"0b7e4d2a-5c1f-4a3e-9d8b-7f6a2c1e0d93" names a group already listed in this entry (groups come from acme/clientvpn-federation/identity)' },
    ]);
    expect(access[0].groups).toEqual([{ objectId: "0b7e4d2a-5c1f-4a3e-9d8b-7f6a2c1e0d93", alias: "ops" }]);
  });

  it("refuses two entries that grant one network to one group, once both resolve", () => {
    const { problems } = resolveAccessGroups(
      [entry([{ objectId: "", alias: "engineers" }], "a"), entry([{ objectId: "3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74" }], "b")],
      identityGroups,
      "acme/clientvpn-federation/identity",
    );
    expect(problems.map((problem) => problem.setting)).toEqual(["access[1]"]);
  });
});

describe("distinct networks", () => {
  it("lists each destination once, named after its first entry, in first-seen order", () => {
    const entries = [
      { name: "a", cidr: "10.1.0.0/16" },
      { name: "b", cidr: "10.2.0.0/16" },
      { name: "c", cidr: "10.1.0.0/16" },
    ].map((entry) => ({ ...entry, description: entry.name, groups: "all" as const }));
    expect(distinctNetworks(entries)).toEqual([
      { name: "a", cidr: "10.1.0.0/16" },
      { name: "b", cidr: "10.2.0.0/16" },
    ]);
  });
});

describe("one message per mistake, saying what the setting must be", () => {
  it.each([
    ["a display name over 256 characters", (raw: Raw) => (raw.azure.displayName = "x".repeat(257)), "azure.displayName", "must be at most 256 characters"],
    ["a display name that is no text", (raw: Raw) => (raw.azure.displayName = 5), "azure.displayName", "must be a string"],
    ["an end date that is no text", (raw: Raw) => (raw.azure.signingCertificateEndDate = 5), "azure.signingCertificateEndDate", "must be an RFC 3339 date such as 2029-11-01T00:00:00Z"],
    [
      "an end date of exactly now",
      (raw: Raw) => (raw.azure.signingCertificateEndDate = exampleNow.toISOString().replace(".000", "")),
      "azure.signingCertificateEndDate",
      "2026-11-21T12:00:00Z is in the past: the certificate has expired (or Entra would issue an expired one) and nobody can sign in; add azure.signingCertificateRotation with a new endDate and step: immediate (docs/rotating-the-signing-certificate.md)",
    ],
    ["a group alias with a space", (raw: Raw) => (raw.azure.groups = { "a b": "0c7e4d2a-5c1f-4a3e-9d8b-7f6a2c1e0d93" }), "azure.groups.a b", "must map group aliases to Entra group object IDs"],
    ["a group object ID that is no text", (raw: Raw) => (raw.azure.groups = { ops: 5 }), "azure.groups.ops", "must be an Entra group object ID (a GUID)"],
    ["a group object ID that is no GUID", (raw: Raw) => (raw.azure.groups = { ops: "nope" }), "azure.groups.ops", "must be an Entra group object ID (a GUID such as 3f2a9c1e-0000-4000-8000-000000000001)"],
    ["azure.selfServicePortal as a word", (raw: Raw) => (raw.azure.selfServicePortal = "yes"), "azure.selfServicePortal", "must be true or false"],
    ["a VPC ID that is no text", (raw: Raw) => (raw.vpn.vpcId = 5), "vpn.vpcId", "is required: the VPC the endpoint's subnets live in"],
    ["subnets as one text", (raw: Raw) => (raw.vpn.subnetIds = "subnet-0a1b2c3d"), "vpn.subnetIds", "must list the subnets to associate, one per availability zone"],
    ["a subnet ID of another shape", (raw: Raw) => (raw.vpn.subnetIds = ["sub-1"]), "vpn.subnetIds[0]", "must be a subnet ID such as subnet-0a1b2c3d"],
    ["a client CIDR that is no text", (raw: Raw) => (raw.vpn.clientCidr = 5), "vpn.clientCidr", "is required: the IPv4 range clients get addresses from, e.g. 172.20.0.0/22"],
    ["a login banner that is no text", (raw: Raw) => (raw.vpn.loginBanner = 5), "vpn.loginBanner", "must be text"],
    ["a fractional quota", (raw: Raw) => (raw.vpn.quotas = { authorizationRules: 2.5 }), "vpn.quotas.authorizationRules", "must be a whole number"],
    ["a zero quota", (raw: Raw) => (raw.vpn.quotas = { routesPerAssociation: 0 }), "vpn.quotas.routesPerAssociation", "must be at least 1"],
    ["an access name that is no text", (raw: Raw) => (raw.access[3].name = 5), "access[3].name", "is required"],
    ["an access name in capitals", (raw: Raw) => (raw.access[3].name = "Payments"), "access[3].name", "must be lowercase letters, digits and '-' (at most 63), e.g. payments"],
    ["an access CIDR that is no text", (raw: Raw) => (raw.access[3].cidr = 5), "access[3].cidr", "is required: the destination network, e.g. 10.1.0.0/16"],
    ["access groups as a word", (raw: Raw) => (raw.access[3].groups = "some"), "access[3].groups", "must be `all` or a list of group aliases or object IDs from azure.groups"],
    ["a description over 255 characters", (raw: Raw) => (raw.access[3].description = "d".repeat(256)), "access[3].description", "must be at most 255 characters"],
    ["access as a map", (raw: Raw) => (raw.access = { a: 1 }), "access", "must be a list of {name, cidr, groups} entries"],
    ["a fractional user count", (raw: Raw) => (raw.cost.expectedUsers = 2.5), "cost.expectedUsers", "must be a whole number"],
    ["a negative user count", (raw: Raw) => (raw.cost.expectedUsers = -1), "cost.expectedUsers", "must be at least 0"],
    ["two unknown keys in one entry", (raw: Raw) => Object.assign(raw.access[3], { colour: "red", size: 1 }), "access[3]", 'unknown settings "colour", "size"; check the spelling against the configuration reference'],
    ["one unknown key", (raw: Raw) => (raw.vpn.colour = "red"), "vpn", 'unknown setting "colour"; check the spelling against the configuration reference'],
    ["a mode that does not exist", (raw: Raw) => (raw.mode = "both"), "clientvpn-federation:mode", '"both" is not a mode; use all (default), identity or endpoint'],
    ["an adopted section npm run adopt did not write", (raw: Raw) => (raw.adopted = { nonsense: 1 }), "adopted", 'unknown setting "nonsense"; npm run adopt writes this section, keep what it wrote'],
  ])("%s", (_case, edit, setting, message) => {
    expect(problemsAfter(edit)).toEqual([{ setting, message }]);
  });

  it("writes an error eleven entries down the list with its index in brackets", () => {
    const settings = settingsAfter((raw) => {
      raw.access.push(...Array.from({ length: 7 }, (_, index) => ({ name: `n${index}`, cidr: `10.${10 + index}.0.0/16`, groups: "all" })));
      raw.access[10].name = "N10";
    });
    expect(settings).toEqual(["access[10].name"]);
  });

  it("says 'problem' for one and 'problems' for more", () => {
    const one = parseStackConfig({ ...exampleRawConfig(), tenantId: "x" }, exampleNow);
    const two = parseStackConfig({ ...exampleRawConfig(), tenantId: "x", awsRegion: "mars-1" }, exampleNow);
    expect(one.ok ? "" : formatProblems(one.problems)).toBe(
      "The stack configuration has 1 problem; nothing was created:\n  - azuread:tenantId: must be the Entra tenant ID, a GUID (pulumi config set azuread:tenantId <GUID>)",
    );
    expect(two.ok ? "" : formatProblems(two.problems)).toMatch(/^The stack configuration has 2 problems;/);
  });
});

describe("values the program reads around a mistake", () => {
  it.each([
    ["upper case, with spaces around it", " 6A1F3C2E-9B4D-4E8A-8F7C-2D5E1B0A9C31 "],
    ["as written", guid],
  ])("reads a tenant ID written %s as the lower-case GUID", (_case, tenantId) => {
    const result = parseStackConfig({ ...exampleRawConfig(), tenantId }, exampleNow);
    expect(result.ok && result.config.tenantId).toBe(guid);
  });

  it.each([
    ["empty", ""],
    ["not text", 7],
  ])("takes an azuread environment that is %s for the global cloud", (_case, environment) => {
    const result = parseStackConfig({ ...exampleRawConfig(), environment }, exampleNow);
    expect(result.ok && result.config.environment).toBe("global");
  });

  it.each([
    ["empty", "", "all"],
    ["identity", "identity", "identity"],
  ])("reads a mode that is %s", (_case, mode, expected) => {
    const raw = exampleRawConfig() as Raw;
    raw.mode = mode;
    if (mode === "identity") identityRaw(raw);
    const result = parseStackConfig(raw, exampleNow);
    expect(result.ok && result.config.mode).toBe(expected);
  });

  it("accepts a /12 client CIDR, the widest AWS allows", () => {
    const result = parseStackConfig({ ...exampleRawConfig(), vpn: { ...(exampleRawConfig() as Raw).vpn, clientCidr: "172.16.0.0/12" } }, exampleNow);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it("keeps the server certificate ARN, a description defaulting to the entry's name, and object IDs in lower case", () => {
    const raw = exampleRawConfig() as Raw;
    delete raw.access[3].description;
    raw.access[3].groups = ["3F2A9C1E-7D4B-4C8A-B5E2-9A1D6F0C3B74"];
    const result = parseStackConfig(raw, exampleNow);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.config.vpn.serverCertificate).toEqual({ kind: "existing", arn: raw.vpn.serverCertificateArn, caChainPem: undefined });
    expect(result.config.access[3]).toMatchObject({ description: "payments", groups: [{ objectId: "3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74", alias: "engineers" }] });
  });

  it("finds an alias for an object ID that azure.groups writes in capitals", () => {
    const raw = exampleRawConfig() as Raw;
    raw.azure.groups.engineers = "3F2A9C1E-7D4B-4C8A-B5E2-9A1D6F0C3B74";
    raw.access[3].groups = ["3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74"];
    const result = parseStackConfig(raw, exampleNow);
    expect(result.ok && result.config.access[3].groups).toEqual([{ objectId: "3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74", alias: "engineers" }]);
  });

  it("counts the rules against the quota: as many as the quota pass, one more fails", () => {
    expect(problemsAfter((raw) => (raw.vpn.quotas = { authorizationRules: 4 }))).toEqual([]);
    expect(
      problemsAfter((raw) => {
        raw.vpn.quotas = { authorizationRules: 4 };
        raw.access[3].groups = ["engineers", "vpn-users"];
      }),
    ).toEqual([
      {
        setting: "access",
        message: "makes 5 authorization rules but the endpoint quota is 4; request an increase in Service Quotas and set vpn.quotas.authorizationRules, or grant fewer groups per network",
      },
    ]);
  });

  it("names the entry a duplicate rule repeats, and says `groups (all)` for two all-group entries", () => {
    expect(problemsAfter((raw) => (raw.access[1].cidr = raw.access[0].cidr))[0]).toEqual({
      setting: "access[1]",
      message: "grants 10.2.0.10/32 to the same groups (all) as dns-resolver-a; AWS refuses a duplicate authorization rule, merge the entries",
    });
    expect(problemsAfter((raw) => Object.assign(raw.access[2], { cidr: raw.access[3].cidr, groups: ["engineers"] }))).toContainEqual({
      setting: "access[3]",
      message: "grants 10.3.0.0/16 to the same group as build; AWS refuses a duplicate authorization rule, merge the entries",
    });
  });

  it("still checks access against the client CIDR and DNS servers written in a vpn section that is wrong elsewhere", () => {
    expect(
      settingsAfter((raw) => {
        raw.vpn.vpcId = "bad";
        raw.access[3].cidr = "172.20.0.0/24";
      }),
    ).toEqual(["vpn.vpcId", "vpn.clientCidr"]);
    expect(
      problemsAfter((raw) => {
        raw.vpn.vpcId = "bad";
        raw.vpn.dnsServers = ["10.9.9.9"];
      }).map((problem) => problem.setting),
    ).toEqual(["vpn.vpcId", "vpn.dnsServers[0]"]);
  });

  it("resolves access against azure.groups when another azure setting is wrong, and without azure at all reports only the groups", () => {
    expect(
      settingsAfter((raw) => {
        raw.azure.displayName = "x".repeat(257);
        raw.access[3].groups = ["3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74"];
      }),
    ).toEqual(["azure.displayName"]);
    expect(settingsAfter((raw) => delete raw.azure)).toEqual(["azure.groups"]);
  });

  it("resolves an object ID in an endpoint stack's access without an alias, leaving the check to the identity stack's groups", () => {
    const raw = exampleRawConfig() as Raw;
    endpointRaw(raw);
    raw.access[3].groups = ["3F2A9C1E-7D4B-4C8A-B5E2-9A1D6F0C3B74"];
    const result = parseStackConfig(raw, exampleNow);
    expect(result.ok && result.config.access[3].groups).toEqual([{ objectId: "3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74", alias: undefined }]);
  });

  it("refuses an alias named twice in an endpoint stack's entry", () => {
    const raw = exampleRawConfig() as Raw;
    endpointRaw(raw);
    raw.access[3].groups = ["engineers", "engineers"];
    const result = parseStackConfig(raw, exampleNow);
    expect(result.ok ? [] : result.problems).toEqual([{ setting: "access[3].groups[1]", message: '"engineers" names a group already listed in this entry' }]);
  });
});

describe("an access list with a mistake is not cross-checked further", () => {
  // The cross-checks (DNS servers reachable, duplicate rules, quota) would only repeat the mistake in other words.
  it.each([
    ["a repeated entry name", (raw: Raw) => (raw.access[1] = { ...raw.access[0] }), "access[1].name"],
    ["a bad CIDR on the DNS entry", (raw: Raw) => (raw.access[0].cidr = "10.2.0.10/33"), "access[0].cidr"],
    ["no groups on the DNS entry", (raw: Raw) => (raw.access[0].groups = []), "access[0].groups"],
    ["an unknown alias on the DNS entry", (raw: Raw) => (raw.access[0].groups = ["nobody"]), "access[0].groups[0]"],
    ["one group twice on the DNS entry", (raw: Raw) => (raw.access[0].groups = ["engineers", "engineers"]), "access[0].groups[1]"],
  ])("reports only %s", (_case, edit, setting) => {
    expect(settingsAfter(edit)).toEqual([setting]);
  });

  it("refuses an identityStack that is a list, even one whose text would fit", () => {
    const edit = (raw: Raw) => {
      endpointRaw(raw);
      raw.identityStack = ["acme/clientvpn-federation/identity"];
    };
    expect(settingsAfter(edit)).toEqual(["clientvpn-federation:identityStack"]);
  });

  it("refuses a tenant ID that is not text", () => {
    expect(settingsAfter((raw) => (raw.tenantId = 42))).toEqual(["azuread:tenantId"]);
  });
});

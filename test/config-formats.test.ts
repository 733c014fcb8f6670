/**
 * The formats and mode rules of the stack configuration, value by value: each table row is a value a user
 * could write, and whether the program takes it. The boundaries are where a pattern's anchors, quantifiers
 * and character classes decide (issue 18: a pattern that lost its `^` or `$` passed every earlier test).
 */
import { describe, expect, it } from "vitest";
import { distinctNetworks, parseStackConfig, providerSettingSchemas, resolveAccessGroups, type AccessEntry, type RawStackConfig } from "../components/config";
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

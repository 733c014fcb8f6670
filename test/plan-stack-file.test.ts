import { describe, expect, it } from "vitest";
import { engineConfigFromStackFile, StackFileError, undecryptedSecret } from "../cli/plan/stack-file";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const read = (yaml: string) => engineConfigFromStackFile(yaml, "Pulumi.test.yaml", "clientvpn-federation");

describe("reading a stack file as the engine hands it over", () => {
  it("reads the example stack file into the flat config the engine hands the program", () => {
    const { config } = read(readFileSync(join(__dirname, "..", "Pulumi.dev.yaml"), "utf8"));
    expect(Object.keys(config).sort()).toEqual([
      "aws:region",
      "azuread:tenantId",
      "clientvpn-federation:access",
      "clientvpn-federation:azure",
      "clientvpn-federation:cost",
      "clientvpn-federation:planNetwork",
      "clientvpn-federation:vpn",
    ]);
    expect(config["aws:region"]).toBe("us-east-1");
    expect(config["azuread:tenantId"]).toBe("6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31");
    expect(JSON.parse(config["clientvpn-federation:azure"])).toEqual({
      displayName: "AWS Client VPN",
      signingCertificateEndDate: "2029-11-01T00:00:00Z",
      groups: { "vpn-users": "0b7e4d2a-5c1f-4a3e-9d8b-7f6a2c1e0d93", engineers: "3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74" },
      notificationEmails: ["it-security@example.com"],
    });
    expect(JSON.parse(config["clientvpn-federation:vpn"])).toMatchObject({
      subnetIds: ["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88"],
      dnsServers: ["10.2.0.10", "10.2.1.10"],
      splitTunnel: true,
      vpnPort: 443,
    });
    expect(JSON.parse(config["clientvpn-federation:access"]).map((entry: { name: string; groups: unknown }) => [entry.name, entry.groups])).toEqual([
      ["dns-resolver-a", "all"],
      ["dns-resolver-b", "all"],
      ["build", ["vpn-users"]],
      ["payments", ["engineers"]],
    ]);
    expect(JSON.parse(config["clientvpn-federation:cost"])).toEqual({ expectedUsers: 50, hoursPerUserPerWeek: 40 });
  });

  it("namespaces bare keys with the project and JSON-encodes everything that is not a string", () => {
    const { config } = read("config:\n  aws:region: eu-west-2\n  mode: all\n  clientvpn-federation:cost:\n    expectedUsers: 5\n  flag: true\n");
    expect(config).toEqual({
      "aws:region": "eu-west-2",
      "clientvpn-federation:mode": "all",
      "clientvpn-federation:cost": '{"expectedUsers":5}',
      "clientvpn-federation:flag": "true",
    });
  });

  it("keeps an unquoted date the text it is, as the Pulumi CLI does", () => {
    const { config } = read("config:\n  clientvpn-federation:azure:\n    signingCertificateEndDate: 2029-11-01T00:00:00Z\n");
    expect(JSON.parse(config["clientvpn-federation:azure"]).signingCertificateEndDate).toBe("2029-11-01T00:00:00Z");
  });

  it("never passes on a secure value, and lists where they were", () => {
    const { config, secretKeys } = read(
      "config:\n  azuread:clientSecret:\n    secure: AAABAKx0\n  clientvpn-federation:azure:\n    groups:\n      a:\n        secure: AAABAKx1\n",
    );
    expect(config["azuread:clientSecret"]).toBe(undecryptedSecret);
    expect(JSON.parse(config["clientvpn-federation:azure"]).groups.a).toBe(undecryptedSecret);
    expect(secretKeys).toEqual(["azuread:clientSecret", "clientvpn-federation:azure"]);
    expect(JSON.stringify(config)).not.toContain("AAABAKx");
  });

  it.each([
    { case: "an empty file", yaml: "" },
    { case: "a file without config", yaml: "encryptionsalt: v1:abc\n" },
  ])("reads $case as no settings", ({ yaml }) => {
    expect(read(yaml)).toEqual({ config: {}, secretKeys: [] });
  });

  it.each([
    { case: "broken YAML", yaml: "config:\n  a: [1, 2\n", says: "Pulumi.test.yaml is not valid YAML" },
    { case: "a list at the top", yaml: "- a\n", says: "must be a YAML mapping" },
    { case: "config as a list", yaml: "config:\n  - a\n", says: "config must be a mapping" },
  ])("refuses $case with a message naming the file", ({ yaml, says }) => {
    expect(() => read(yaml)).toThrow(StackFileError);
    expect(() => read(yaml)).toThrow(says);
  });
});

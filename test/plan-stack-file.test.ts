import { describe, expect, it } from "vitest";
import { engineConfigFromStackFile, StackFileError, undecryptedSecret } from "../cli/plan/stack-file";
import { engineConfigOf } from "./support/example-stack";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const read = (yaml: string) => engineConfigFromStackFile(yaml, "Pulumi.test.yaml", "clientvpn-federation");

describe("reading a stack file as the engine hands it over", () => {
  it("gives the example stack the same flat config the tests use", () => {
    const text = readFileSync(join(__dirname, "..", "Pulumi.dev.yaml"), "utf8");
    expect(read(text).config).toEqual(engineConfigOf());
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

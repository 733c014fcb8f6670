import { EC2Client } from "@aws-sdk/client-ec2";
import { GetSAMLProviderCommand, IAMClient } from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import { MAX_CAPTURE_BYTES, MAX_METADATA_BYTES, runSamlCheckCommand } from "../cli/day2/saml-check-command";
import { strictMockClient } from "./support/strict-aws-mock";
import { testEnvironment } from "./support/day2-environment";
import { engineersGroup } from "./support/day2-aws-shapes";
import { metadata, response } from "./support/saml-responses";

describe("npm run saml-check", () => {
  it("checks a captured form body with --metadata, exits 0, and never prints the response", async () => {
    const base64 = Buffer.from(response()).toString("base64");
    const env = testEnvironment({ stacks: {}, files: { "capture.txt": `SAMLResponse=${encodeURIComponent(base64)}`, "metadata.xml": metadata } });
    expect(await runSamlCheckCommand(["capture.txt", "--metadata", "metadata.xml"], env)).toBe(0);
    expect(env.stdout()).toContain("PASS  response is signed by the IAM provider's certificate");
    expect(env.stdout()).toContain("N/A   memberOf values match the endpoint's rules: no stack given");
    expect(env.stdout()).not.toContain(base64.slice(0, 40));
    expect(env.stdout()).not.toContain("SignatureValue");
  });

  it("reads the certificate from the stack's IAM provider and its rules, and exits 1 on a problem", async () => {
    const iamMock = strictMockClient(IAMClient);
    // The check reads IAM only; any EC2 call is refused.
    strictMockClient(EC2Client);
    iamMock.on(GetSAMLProviderCommand, { SAMLProviderArn: "arn:aws:iam::123456789012:saml-provider/clientvpn" }).resolves({ SAMLMetadataDocument: metadata });
    const env = testEnvironment({
      stacks: {
        dev: {
          outputs: { samlProviderArn: "arn:aws:iam::123456789012:saml-provider/clientvpn", authorizationRules: [{ name: "payments", network: "10.1.0.0/16", groups: [`engineers (${engineersGroup})`] }] },
          config: { "aws:region": "us-east-1" },
        },
      },
      files: { "assertion-only.xml": response({ signResponse: false }) },
    });
    expect(await runSamlCheckCommand(["assertion-only.xml", "--stack", "dev"], env)).toBe(1);
    expect(env.stdout()).toContain(`PASS  memberOf values match the endpoint's rules: opens payments through engineers (${engineersGroup})`);
    expect(env.stdout()).toContain("FAIL  response is signed by the IAM provider's certificate: the Response is not signed");
    expect(iamMock.commandCalls(GetSAMLProviderCommand)[0].args[0].input).toEqual({ SAMLProviderArn: "arn:aws:iam::123456789012:saml-provider/clientvpn" });
  });

  it.each([
    [["capture.txt"], /exactly one of --stack <name> .* or --metadata <file>/],
    [["missing.txt", "--metadata", "metadata.xml"], /^saml-check: <file> missing\.txt: no such file\n$/],
    [["captures", "--metadata", "metadata.xml"], /^saml-check: <file> captures is a folder; give the file itself\n$/],
    [["capture.txt", "--metadata", "missing.xml"], /^saml-check: --metadata missing\.xml: no such file\n$/],
    [["capture.txt", "--metadata", "capture.txt"], /holds no signing certificate/],
    [["capture.txt", "--stack", "prod"], /stack prod was not found/],
    [["huge.txt", "--metadata", "metadata.xml"], /huge.txt is larger than 1 MiB; a SAML response AWS accepts is at most 128 KB/],
    [["capture.txt", "--metadata", "huge.xml"], /huge.xml is larger than 10000000 bytes, more than IAM accepts for SAML metadata/],
  ])("exits 64 on bad usage %j", async (argv, message) => {
    const env = testEnvironment({
      stacks: {},
      files: { "capture.txt": response(), "metadata.xml": metadata, "huge.txt": "A".repeat(MAX_CAPTURE_BYTES + 1), "huge.xml": `${metadata}${" ".repeat(MAX_METADATA_BYTES)}` },
      folders: ["captures"],
    });
    expect(await runSamlCheckCommand(argv, env)).toBe(64);
    expect(env.err.join("")).toMatch(message);
  });
});

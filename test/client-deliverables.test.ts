import { describe, expect, it } from "vitest";
import { parseStackConfig, StackConfig } from "../components/config";
import { prepareClientDeliverables } from "../components/client-deliverables";
import { exampleNow, exampleRawConfig } from "./support/example-stack";
import { rootCertificates } from "node:tls";
import { X509Certificate } from "node:crypto";

function config(edit: (c: StackConfig) => void = () => {}): StackConfig {
  const result = parseStackConfig(exampleRawConfig(), exampleNow);
  if (!result.ok) throw new Error("example invalid");
  edit(result.config);
  return result.config;
}

describe("client deliverables", () => {
  it("chains an ACM-issued certificate to Amazon's public roots", () => {
    const { deliverables } = prepareClientDeliverables(config());
    expect(deliverables!.caChainPem.match(/BEGIN CERTIFICATE/g)!.length).toBeGreaterThanOrEqual(4);
  });

  it("carries the user's CA for an imported certificate", () => {
    // Any real CA certificate stands in for a private CA here.
    const ca = { certificatePem: rootCertificates.find((pem) => !pem.includes("Amazon"))! };
    const { problems, deliverables } = prepareClientDeliverables(
      config((c) => (c.vpn.serverCertificate = { kind: "existing", arn: "arn:aws:acm:us-east-1:123456789012:certificate/x", caChainPem: ca.certificatePem })),
    );
    expect(problems).toEqual([]);
    expect(new X509Certificate(deliverables!.caChainPem).fingerprint256).toBe(new X509Certificate(ca.certificatePem).fingerprint256);
    expect(deliverables!.caChainPem.match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
  });

  it("refuses a CA chain that is not PEM, naming the setting, before anything is declared", () => {
    const { problems } = prepareClientDeliverables(
      config((c) => (c.vpn.serverCertificate = { kind: "existing", arn: "arn", caChainPem: "not a certificate" })),
    );
    expect(problems.map((p) => p.setting)).toEqual(["vpn.serverCertificateCaChain"]);
  });

  it("warns instead of failing when the region has no price: the estimate is informational", () => {
    const { problems, deliverables } = prepareClientDeliverables(config((c) => (c.awsRegion = "eu-west-2")));
    expect(problems).toEqual([]);
    expect(deliverables!.cost).toBeUndefined();
    expect(deliverables!.warnings.join()).toMatch(/No cost estimate: aws:region is "eu-west-2"/);
  });
});

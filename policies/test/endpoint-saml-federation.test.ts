import { describe, expect, it } from "vitest";
import { endpointSamlFederation } from "../checks/endpoint-saml-federation";
import { UNKNOWN_VALUE, endpoint, expectOneViolation, violationsOf } from "./support";

describe("client-vpn-saml-federation", () => {
  it("is mandatory and documented", () => {
    expect(endpointSamlFederation.enforcementLevel).toBe("mandatory");
    expect(endpointSamlFederation.remediationSteps).toMatch(/federated-authentication/);
  });

  it.each([
    ["certificate authentication only", [{ type: "certificate-authentication", rootCertificateChainArn: "arn:aws:acm:eu-west-1:1:certificate/x" }]],
    ["Active Directory", [{ type: "directory-service-authentication", activeDirectoryId: "d-1234567890" }]],
    ["no option at all", []],
  ])("reports an endpoint using %s, naming it and the fix", (_case, authenticationOptions) => {
    const vpn = endpoint({ authenticationOptions });
    expectOneViolation(violationsOf(endpointSamlFederation, [vpn]), vpn, "federated-authentication");
  });

  it("reports federated authentication with an empty SAML provider ARN", () => {
    const vpn = endpoint({ authenticationOptions: [{ type: "federated-authentication", samlProviderArn: "" }] });
    expectOneViolation(violationsOf(endpointSamlFederation, [vpn]), vpn, "IAM SAML provider");
  });

  it.each([
    ["federated authentication", [{ type: "federated-authentication", samlProviderArn: "arn:aws:iam::1:saml-provider/x" }]],
    [
      "mutual plus federated authentication",
      [
        { type: "certificate-authentication", rootCertificateChainArn: "arn:aws:acm:eu-west-1:1:certificate/x" },
        { type: "federated-authentication", samlProviderArn: "arn:aws:iam::1:saml-provider/x" },
      ],
    ],
  ])("accepts %s", (_case, authenticationOptions) => {
    expect(violationsOf(endpointSamlFederation, [endpoint({ authenticationOptions })])).toEqual([]);
  });

  it.each([
    ["the options list", UNKNOWN_VALUE],
    ["an option's type", [{ type: UNKNOWN_VALUE }]],
    ["the SAML provider ARN (engine sentinel)", [{ type: "federated-authentication", samlProviderArn: UNKNOWN_VALUE }]],
    ["the SAML provider ARN (undefined)", [{ type: "federated-authentication", samlProviderArn: undefined }]],
  ])("neither crashes nor reports when %s is unknown during preview", (_case, authenticationOptions) => {
    expect(violationsOf(endpointSamlFederation, [endpoint({ authenticationOptions })])).toEqual([]);
  });

  it("ignores resources that are not Client VPN endpoints", () => {
    const other = { ...endpoint({ authenticationOptions: [] }), type: "aws:ec2/vpc:Vpc" };
    expect(violationsOf(endpointSamlFederation, [other])).toEqual([]);
  });
});

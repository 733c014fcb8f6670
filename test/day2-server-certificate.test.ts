import { X509Certificate } from "node:crypto";
import { ACMClient, DescribeCertificateCommand, GetCertificateCommand, ResourceNotFoundException } from "@aws-sdk/client-acm";
import { DescribeClientVpnEndpointsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { beforeEach, describe, expect, it } from "vitest";
import { checkServerCertificate } from "../cli/day2/checks/server-certificate";
import { clientCaChain } from "../components/server-ca-chain";
import { describeTheEndpoint, endpoint, endpointId } from "./support/day2-aws-shapes";
import { strictMockClient } from "./support/strict-aws-mock";
import { createIntermediateAuthority, createRootAuthority, createServerCertificate, crossSign } from "./support/test-pki";

const ec2Mock = strictMockClient(EC2Client);
const acmMock = strictMockClient(ACMClient);
const credentials = { accessKeyId: "AKIDTEST", secretAccessKey: "test" };
const ec2 = new EC2Client({ region: "us-east-1", credentials });
const acm = new ACMClient({ region: "us-east-1", credentials });
const arn = endpoint("available").ServerCertificateArn!;

// Amazon's hierarchy, stood in for: roots as Node's store has them, an ACM intermediate, ACM's chain.
const amazonRoot = createRootAuthority("Amazon Root CA 1 (test)");
const starfieldRoot = createRootAuthority("Starfield Services Root Certificate Authority - G2 (test)");
const acmIntermediate = createIntermediateAuthority("Amazon RSA 2048 M02 (test)", amazonRoot);
const acmChain = [acmIntermediate.certificatePem, crossSign(amazonRoot, starfieldRoot)].join("\n");
const amazonIssuedLeaf = createServerCertificate("vpn.example.com", acmIntermediate);
const roots = () => [amazonRoot, starfieldRoot].map((root) => new X509Certificate(root.certificatePem));
// A private CA an imported certificate chains to.
const corpRoot = createRootAuthority("Corp Root CA (test)");
const importedLeaf = createServerCertificate("vpn.corp.test", corpRoot);

const profileWith = (caBundle: string) => `client\ndev tun\n<ca>\n${caBundle.trim()}\n</ca>\nauth-user-pass\n`;
const rootsOnly = profileWith(clientCaChain({ kind: "amazon-issued" }, roots));
const pinnedAcmChain = profileWith(clientCaChain({ kind: "given", caChainPem: acmChain }, roots));
const corpProfile = profileWith(corpRoot.certificatePem);

function acmHolds(detail: { Type: string; KeyAlgorithm: string; Status?: string }, certificate: string, chain?: string) {
  acmMock.on(DescribeCertificateCommand, { CertificateArn: arn }).resolves({ Certificate: { CertificateArn: arn, Status: "ISSUED", ...detail } as never });
  acmMock.on(GetCertificateCommand, { CertificateArn: arn }).resolves({ Certificate: certificate, CertificateChain: chain });
}

beforeEach(() => {
  ec2Mock.reset();
  acmMock.reset();
  ec2Mock.on(DescribeClientVpnEndpointsCommand, describeTheEndpoint).resolves({ ClientVpnEndpoints: [endpoint("available")] });
  // An ARN ACM does not know is an error, as in ACM itself.
  acmMock.on(DescribeCertificateCommand).rejects(new ResourceNotFoundException({ message: "Could not find certificate", $metadata: {} }));
  acmMock.on(GetCertificateCommand).rejects(new ResourceNotFoundException({ message: "Could not find certificate", $metadata: {} }));
});

describe("the doctor's server certificate check", () => {
  it.each([
    {
      case: "ACM-issued, profile with ACM's chain pinned",
      acm: () => acmHolds({ Type: "AMAZON_ISSUED", KeyAlgorithm: "RSA_2048" }, amazonIssuedLeaf, acmChain),
      profile: pinnedAcmChain,
      caChainSet: true,
      status: "pass",
      says: "AMAZON_ISSUED, RSA_2048, ISSUED; the profile carries its issuer (Amazon RSA 2048 M02 (test))",
    },
    {
      case: "ACM-issued, profile with Amazon's roots only",
      acm: () => acmHolds({ Type: "AMAZON_ISSUED", KeyAlgorithm: "RSA_2048" }, amazonIssuedLeaf, acmChain),
      profile: rootsOnly,
      caChainSet: false,
      status: "warn",
      says: "the profile does not carry its issuer Amazon RSA 2048 M02 (test), so clients connect only if the endpoint sends it",
    },
    {
      case: "imported, but the stack sets no CA chain",
      acm: () => acmHolds({ Type: "IMPORTED", KeyAlgorithm: "RSA_2048" }, importedLeaf, corpRoot.certificatePem),
      profile: rootsOnly,
      caChainSet: false,
      status: "fail",
      says: "the certificate was imported (or issued by a private CA), so Amazon's roots in the profile do not lead to it",
    },
    {
      case: "imported, with its CA in the stack",
      acm: () => acmHolds({ Type: "IMPORTED", KeyAlgorithm: "RSA_1024" }, importedLeaf, corpRoot.certificatePem),
      profile: corpProfile,
      caChainSet: true,
      status: "pass",
      says: "IMPORTED, RSA_1024, ISSUED; the profile carries its issuer (Corp Root CA (test))",
    },
    {
      case: "a 4096-bit RSA key",
      acm: () => acmHolds({ Type: "IMPORTED", KeyAlgorithm: "RSA_4096" }, importedLeaf),
      profile: corpProfile,
      caChainSet: true,
      status: "fail",
      says: "has a RSA_4096 key; Client VPN supports only 1024- and 2048-bit RSA keys",
    },
    {
      case: "an ECDSA key",
      acm: () => acmHolds({ Type: "AMAZON_ISSUED", KeyAlgorithm: "EC_prime256v1" }, amazonIssuedLeaf),
      profile: rootsOnly,
      caChainSet: false,
      status: "fail",
      says: "has a EC_prime256v1 key",
    },
    {
      case: "an expired certificate",
      acm: () => acmHolds({ Type: "AMAZON_ISSUED", KeyAlgorithm: "RSA_2048", Status: "EXPIRED" }, amazonIssuedLeaf),
      profile: rootsOnly,
      caChainSet: false,
      status: "fail",
      says: "is EXPIRED, not ISSUED",
    },
  ])("$case: $status", async ({ acm: setUp, profile, caChainSet, status, says }) => {
    setUp();
    const result = await checkServerCertificate(ec2, acm, endpointId, { clientConfig: profile, caChainSet });
    expect(result).toMatchObject({ status, detail: expect.stringContaining(says) });
  });

  it("tells an imported certificate's owner which command prints the chain to set", async () => {
    acmHolds({ Type: "IMPORTED", KeyAlgorithm: "RSA_2048" }, importedLeaf, corpRoot.certificatePem);
    const result = await checkServerCertificate(ec2, acm, endpointId, { clientConfig: rootsOnly, caChainSet: false });
    expect(result.fix).toBe(
      `set vpn.serverCertificateCaChain to the CA chain that issued it (aws acm get-certificate --certificate-arn ${arn} --query CertificateChain --output text) and run \`pulumi up\``,
    );
  });

  it("is not checkable without a client profile output to compare with", async () => {
    acmHolds({ Type: "AMAZON_ISSUED", KeyAlgorithm: "RSA_2048" }, amazonIssuedLeaf, acmChain);
    expect((await checkServerCertificate(ec2, acm, endpointId, { caChainSet: false })).status).toBe("not-checkable");
  });
});

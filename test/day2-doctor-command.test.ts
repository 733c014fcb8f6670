import {
  DescribeClientVpnAuthorizationRulesCommand,
  DescribeClientVpnEndpointsCommand,
  DescribeClientVpnRoutesCommand,
  DescribeClientVpnTargetNetworksCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { GetSAMLProviderCommand, IAMClient } from "@aws-sdk/client-iam";
import { ACMClient, DescribeCertificateCommand, GetCertificateCommand } from "@aws-sdk/client-acm";
import { X509Certificate } from "node:crypto";
import { clientCaChain } from "../components/server-ca-chain";
import { createIntermediateAuthority, createRootAuthority, createServerCertificate } from "./support/test-pki";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { desiredPolicyDefinition } from "../components/graph/saml-signing-plan";
import { buildIdpMetadata } from "../components/saml-metadata";
import { runDoctorCommand } from "../cli/day2/doctor-command";
import { thumbprintOf } from "../cli/day2/signing-key";
import { Day2GraphServer } from "./support/day2-graph-front";
import { testEnvironment } from "./support/day2-environment";
import { strictMockClient } from "./support/strict-aws-mock";
import { createTestCertificate } from "./support/test-certificates";
import {
  authorizationRule,
  describeTheEndpoint,
  endpoint,
  endpointId,
  engineersGroup,
  ofTheEndpoint,
  route,
  routeTable,
  subnet,
  subnetA,
  subnetB,
  targetNetwork,
  vpcId,
} from "./support/day2-aws-shapes";

const tenantId = "11111111-2222-4333-8444-555555555555";
const samlProviderArn = "arn:aws:iam::123456789012:saml-provider/clientvpn";
const peerSubnetId = "subnet-0peer00000000000a";
// The certificate the endpoint names (endpoint().ServerCertificateArn), the only one the doctor may read.
const theServerCertificate = { CertificateArn: endpoint("available").ServerCertificateArn };
const ec2Mock = strictMockClient(EC2Client);
const iamMock = strictMockClient(IAMClient);
const acmMock = strictMockClient(ACMClient);
// The endpoint's ACM certificate and the profile the stack exports, trusting its chain (stand-ins for Amazon's).
const acmRoot = createRootAuthority("Amazon Root CA 1 (test)");
const acmIntermediate = createIntermediateAuthority("Amazon RSA 2048 M02 (test)", acmRoot);
const serverCertificate = createServerCertificate("vpn.example.com", acmIntermediate);
const clientConfig = `client\n<ca>\n${clientCaChain({ kind: "given", caChainPem: acmIntermediate.certificatePem }, () => [new X509Certificate(acmRoot.certificatePem)]).trim()}\n</ca>\n`;
const graphServer = new Day2GraphServer();
const certificate = createTestCertificate();
let outputs: Record<string, unknown>;

beforeAll(async () => {
  await graphServer.start();
  const application = graphServer.fake.addApplication();
  const policy = graphServer.fake.addPolicy({ displayName: "signing", definition: desiredPolicyDefinition() });
  application.tokenIssuancePolicyIds.push(policy.id);
  const thumbprint = thumbprintOf(certificate.certificateBody);
  const servicePrincipal = graphServer.fake.addServicePrincipal(application, {
    preferredTokenSigningKeyThumbprint: thumbprint,
    keyCredentials: [{ keyId: "k1", type: "AsymmetricX509Cert", usage: "Verify", endDateTime: "2029-11-01T00:00:00Z", key: certificate.certificateBody }],
    appRoleAssignedTo: [{ id: "a1", principalId: engineersGroup, principalType: "Group", appRoleId: "00000000-0000-0000-0000-000000000000", resourceId: "r" }],
    tokenIssuancePolicyIds: [policy.id],
  });
  outputs = {
    clientVpnEndpointId: endpointId,
    samlProviderArn,
    azureApplicationClientId: application.appId,
    azureServicePrincipalObjectId: servicePrincipal.id,
    signingCertificateThumbprint: thumbprint,
    signingCertificateExpiry: "2029-11-01T00:00:00Z",
    authorizationRules: [{ name: "payments", network: "10.1.0.0/16", groups: [`engineers (${engineersGroup})`] }],
    returnRoutes: [{ name: "payments", network: "10.1.0.0/16", returnTo: ["10.0.0.0/24", "10.0.1.0/24"] }],
    selfServicePortalReplyUrl: false,
    groups: { engineers: engineersGroup },
    tenantId,
    clientConfig,
  };
});
afterAll(() => graphServer.stop());

function healthyAws() {
  ec2Mock.reset();
  iamMock.reset();
  ec2Mock.on(DescribeClientVpnEndpointsCommand, describeTheEndpoint).resolves({ ClientVpnEndpoints: [endpoint("available")] });
  ec2Mock.on(DescribeClientVpnTargetNetworksCommand, ofTheEndpoint).resolves({ ClientVpnTargetNetworks: [targetNetwork(subnetA, "associated"), targetNetwork(subnetB, "associated")] });
  ec2Mock.on(DescribeClientVpnAuthorizationRulesCommand, ofTheEndpoint).resolves({ AuthorizationRules: [authorizationRule("10.1.0.0/16", engineersGroup, "active")] });
  ec2Mock.on(DescribeClientVpnRoutesCommand, ofTheEndpoint).resolves({
    Routes: [route("10.0.0.0/16", subnetA, "active", "associate"), route("10.0.0.0/16", subnetB, "active", "associate"), route("10.1.0.0/16", subnetA, "active")],
  });
  ec2Mock.on(DescribeVpcsCommand, { VpcIds: [vpcId] }).resolves({ Vpcs: [{ VpcId: vpcId, CidrBlockAssociationSet: [{ CidrBlock: "10.0.0.0/16", CidrBlockState: { State: "associated" } }] }] });
  ec2Mock.on(DescribeSubnetsCommand, {}).resolves({ Subnets: [subnet(subnetA, "10.0.0.0/24", vpcId), subnet(peerSubnetId, "10.1.2.0/24", "vpc-0peer000000000001")] });
  ec2Mock.on(DescribeRouteTablesCommand, { Filters: [{ Name: "association.subnet-id", Values: [peerSubnetId] }] }).resolves({
    RouteTables: [routeTable("rtb-0peer0000000000001", "vpc-0peer000000000001", [{ subnetId: peerSubnetId }], [{ cidr: "10.0.0.0/16", target: "pcx-0123456789abcdef0" }])],
  });
  iamMock.on(GetSAMLProviderCommand, { SAMLProviderArn: samlProviderArn }).resolves({ SAMLMetadataDocument: buildIdpMetadata({ tenantId, signingCertificate: certificate.certificateBody }) });
  acmMock.reset();
  acmMock.on(DescribeCertificateCommand, theServerCertificate).resolves({ Certificate: { Type: "AMAZON_ISSUED", KeyAlgorithm: "RSA_2048", Status: "ISSUED" } });
  acmMock.on(GetCertificateCommand, theServerCertificate).resolves({ Certificate: serverCertificate, CertificateChain: acmIntermediate.certificatePem });
}

function environment() {
  return testEnvironment({ stacks: { dev: { outputs, config: { "aws:region": "us-east-1", "azuread:tenantId": tenantId } } }, graphBaseUrl: graphServer.baseUrl });
}

beforeEach(healthyAws);

describe("npm run doctor", () => {
  it("exits 0 when every checkable link works, with a line per check", async () => {
    const env = environment();
    expect(await runDoctorCommand(["--stack", "dev"], env)).toBe(0);
    const text = env.stdout();
    expect(text).toContain("PASS  Client VPN endpoint is available");
    expect(text).toContain("N/A   DNS servers answer from the VPC side: not checkable from here");
    expect(text).toContain("PASS  IAM SAML provider holds Entra's active signing certificate");
    expect(text).toContain("PASS  server certificate is one Client VPN accepts and the client profile trusts");
    expect(text).toContain("PASS  every CIDR of the endpoint's VPC has a route through each associated subnet: 10.0.0.0/16 through 2 subnet(s)");
    expect(text).toContain("PASS  signing certificate rotation: no rotation under way: IAM publishes the active certificate");
    expect(text.match(/^(PASS|FAIL|WARN|N\/A )/gm)).toHaveLength(15);
    expect(text).toContain("all checkable links work (14 passed, 0 failed, 0 warned, 1 not checkable)");
  });

  it("on an endpoint stack, compares IAM with what its identity stack publishes now and warns before the activation", async () => {
    const next = createTestCertificate();
    const identityStack = "acme/clientvpn-federation/identity";
    const env = testEnvironment({
      stacks: {
        edge: { outputs, config: { "aws:region": "us-east-1", "azuread:tenantId": tenantId, "clientvpn-federation:identityStack": identityStack } },
        [identityStack]: { outputs: { publishedSigningCertificateThumbprints: [thumbprintOf(certificate.certificateBody), thumbprintOf(next.certificateBody)] }, config: {} },
      },
      graphBaseUrl: graphServer.baseUrl,
    });
    expect(await runDoctorCommand(["--stack", "edge"], env)).toBe(0);
    expect(env.stdout()).toContain(
      `WARN  signing certificate rotation: arn:aws:iam::123456789012:saml-provider/clientvpn lacks ${thumbprintOf(next.certificateBody)}, which the identity stack publishes`,
    );
  });

  it("waits for an association still in progress, then passes", async () => {
    ec2Mock
      .on(DescribeClientVpnEndpointsCommand, describeTheEndpoint)
      .resolvesOnce({ ClientVpnEndpoints: [endpoint("pending-associate")] })
      .resolvesOnce({ ClientVpnEndpoints: [endpoint("pending-associate")] })
      .resolves({ ClientVpnEndpoints: [endpoint("available")] });
    ec2Mock
      .on(DescribeClientVpnTargetNetworksCommand, ofTheEndpoint)
      .resolvesOnce({ ClientVpnTargetNetworks: [targetNetwork(subnetA, "associating")] })
      .resolvesOnce({ ClientVpnTargetNetworks: [targetNetwork(subnetA, "associating")] })
      .resolves({ ClientVpnTargetNetworks: [targetNetwork(subnetA, "associated")] });
    ec2Mock
      .on(DescribeClientVpnAuthorizationRulesCommand, ofTheEndpoint)
      .resolvesOnce({ AuthorizationRules: [authorizationRule("10.1.0.0/16", engineersGroup, "authorizing")] })
      .resolves({ AuthorizationRules: [authorizationRule("10.1.0.0/16", engineersGroup, "active")] });
    ec2Mock
      .on(DescribeClientVpnRoutesCommand, ofTheEndpoint)
      .resolvesOnce({ Routes: [route("10.0.0.0/16", subnetA, "active", "associate"), route("10.1.0.0/16", subnetA, "creating")] })
      .resolves({ Routes: [route("10.0.0.0/16", subnetA, "active", "associate"), route("10.1.0.0/16", subnetA, "active")] });
    const env = environment();
    expect(await runDoctorCommand(["--stack", "dev", "--interval", "20s"], env)).toBe(0);
    expect(env.stdout()).toContain("waiting: every subnet association is associated: 1 of 1 still associating");
    expect(env.stdout()).toContain("waiting: every authorization rule is active");
    expect(env.stdout()).toContain("waiting: every route is active");
    expect(env.stdout()).toContain("all checkable links work");
    expect(env.sleeps.length).toBeGreaterThan(0);
    expect(env.sleeps.every((ms) => ms === 20_000)).toBe(true);
  });

  it("draws live listr2 lines on a terminal and still prints the report and the exit code", async () => {
    ec2Mock
      .on(DescribeClientVpnTargetNetworksCommand, ofTheEndpoint)
      .resolvesOnce({ ClientVpnTargetNetworks: [targetNetwork(subnetA, "associating")] })
      .resolves({ ClientVpnTargetNetworks: [targetNetwork(subnetA, "associated")] });
    const env = { ...environment(), interactive: true };
    env.writeOut = (text: string) => void env.out.push(text);
    expect(await runDoctorCommand(["--stack", "dev"], env)).toBe(0);
    // The waiting line belongs to the live display, not to the report.
    expect(env.stdout()).not.toContain("waiting:");
    expect(env.stdout()).toContain("PASS  every subnet association is associated: 1 associated");
  });

  it("gives up after --timeout and exits 1 naming what never settled", async () => {
    ec2Mock.on(DescribeClientVpnTargetNetworksCommand, ofTheEndpoint).resolves({ ClientVpnTargetNetworks: [targetNetwork(subnetA, "associating")] });
    const env = environment();
    expect(await runDoctorCommand(["--stack", "dev", "--timeout", "1m", "--interval", "15s"], env)).toBe(1);
    expect(env.stdout()).toMatch(/FAIL {2}every subnet association is associated: 1 of 1 still associating: .*; still not settled after 1m/);
    // The waits add up to the timeout exactly, never past it.
    expect(env.sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(60_000);
  });

  it("exits 1 with the fix when a link is broken", async () => {
    ec2Mock.on(DescribeClientVpnAuthorizationRulesCommand, ofTheEndpoint).resolves({ AuthorizationRules: [] });
    const env = environment();
    expect(await runDoctorCommand(["--stack", "dev"], env)).toBe(1);
    expect(env.stdout()).toContain(`FAIL  every authorization rule is active: payments 10.1.0.0/16 engineers (${engineersGroup}) is missing`);
    expect(env.stdout()).toContain("      fix: run `pulumi refresh` then `pulumi up` to authorize them again");
  });

  it("turns an AWS access error into a failed check that says why, not a stack trace", async () => {
    ec2Mock.on(DescribeClientVpnRoutesCommand, ofTheEndpoint).rejects(Object.assign(new Error("You are not authorized to perform this operation."), { name: "UnauthorizedOperation" }));
    const env = environment();
    expect(await runDoctorCommand(["--stack", "dev"], env)).toBe(1);
    expect(env.stdout()).toContain("FAIL  every route is active: could not check: UnauthorizedOperation: You are not authorized to perform this operation.");
  });

  it("an identity-only stack gets the Entra checks and no AWS call", async () => {
    const identityOutputs = Object.fromEntries(Object.entries(outputs).filter(([key]) => !["clientVpnEndpointId", "samlProviderArn", "authorizationRules", "returnRoutes"].includes(key)));
    const env = testEnvironment({ stacks: { identity: { outputs: identityOutputs, config: { "azuread:tenantId": tenantId } } }, graphBaseUrl: graphServer.baseUrl });
    expect(await runDoctorCommand(["--stack", "identity"], env)).toBe(0);
    expect(env.stdout().match(/^(PASS|FAIL|WARN|N\/A )/gm)).toHaveLength(5);
    expect(env.stdout()).toContain("PASS  every group in a rule is assigned to the app: 1 group(s) assigned");
    expect(ec2Mock.calls()).toHaveLength(0);
    expect(iamMock.calls()).toHaveLength(0);
    expect(acmMock.calls()).toHaveLength(0);
  });

  it.each([
    [["--stack", "dev", "--timeout", "soon"], /--timeout takes a duration such as 30s, 10m, 1h or 2d \(got "soon"\)/],
    [[], /required option '--stack <name>' not specified/],
    [["--stack", "prod"], /^doctor: stack prod was not found \(Pulumi: no stack named 'prod' found\); check the name with `pulumi stack ls`/],
    [["--stack", "acme/../prod"], /--stack acme\/\.\.\/prod "\.\." is not a stack name/],
  ])("exits 64 on bad usage: %j", async (argv, message) => {
    const env = environment();
    expect(await runDoctorCommand(argv, env)).toBe(64);
    expect(env.err.join("")).toMatch(message);
  });
});

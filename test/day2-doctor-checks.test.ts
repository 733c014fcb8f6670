import {
  DescribeClientVpnAuthorizationRulesCommand,
  DescribeClientVpnEndpointsCommand,
  DescribeClientVpnRoutesCommand,
  DescribeClientVpnTargetNetworksCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { GetSAMLProviderCommand, IAMClient } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildIdpMetadata } from "../components/saml-metadata";
import { GraphClient } from "../components/graph/graph-client";
import { desiredPolicyDefinition } from "../components/graph/saml-signing-plan";
import { checkActiveSigningKey } from "../cli/day2/checks/active-signing-key";
import { checkAssociations } from "../cli/day2/checks/associations";
import { checkAuthorizationRules } from "../cli/day2/checks/authorization-rules";
import { checkCertificateExpiry } from "../cli/day2/checks/certificate-expiry";
import { checkDnsServers } from "../cli/day2/checks/dns-servers";
import { checkEndpointAvailable } from "../cli/day2/checks/endpoint-available";
import { checkGroupAssignments } from "../cli/day2/checks/group-assignments";
import { checkIamCertificate } from "../cli/day2/checks/iam-certificate";
import { checkReplyUrls } from "../cli/day2/checks/reply-urls";
import { checkReturnRoutes } from "../cli/day2/checks/return-routes";
import { checkRoutes } from "../cli/day2/checks/routes";
import { checkTokenIssuancePolicy } from "../cli/day2/checks/token-issuance-policy";
import { entraReads } from "../cli/day2/entra-reads";
import { thumbprintOf } from "../cli/day2/signing-key";
import { deploymentContextFrom } from "../cli/day2/stack-context";
import { fakeToken } from "./support/fake-graph-server";
import { Day2GraphServer } from "./support/day2-graph-front";
import { strictMockClient } from "./support/strict-aws-mock";
import { createTestCertificate } from "./support/test-certificates";
import {
  authorizationRule,
  describeTheEndpoint,
  endpoint,
  endpointId,
  engineersGroup,
  ofTheEndpoint,
  opsGroup,
  route,
  routeTable,
  subnet,
  subnetA,
  subnetB,
  targetNetwork,
  vpcId,
} from "./support/day2-aws-shapes";

const tenantId = "11111111-2222-4333-8444-555555555555";
const providerArn = "arn:aws:iam::123456789012:saml-provider/clientvpn";

function context(outputs: Record<string, unknown> = {}, config: Record<string, string> = {}) {
  return deploymentContextFrom(
    "dev",
    {
      clientVpnEndpointId: endpointId,
      authorizationRules: [
        { name: "payments", network: "10.1.0.0/16", groups: [`engineers (${engineersGroup})`, opsGroup] },
        { name: "dns", network: "10.0.0.2/32", groups: "all" },
      ],
      returnRoutes: [{ name: "payments", network: "10.1.0.0/16", returnTo: ["10.0.0.0/24", "10.0.1.0/24"] }],
      ...outputs,
    },
    { "aws:region": "us-east-1", ...config },
  );
}

const ec2Mock = strictMockClient(EC2Client);
const iamMock = strictMockClient(IAMClient);
const ec2 = new EC2Client({ region: "us-east-1" });
const iam = new IAMClient({ region: "us-east-1" });
beforeEach(() => {
  ec2Mock.reset();
  iamMock.reset();
});

describe("the strict EC2 fake", () => {
  it("refuses a call no answer matches, naming the command and its input, also after a reset", async () => {
    ec2Mock.on(DescribeClientVpnEndpointsCommand, describeTheEndpoint).resolves({ ClientVpnEndpoints: [endpoint("available")] });
    await expect(ec2.send(new DescribeClientVpnEndpointsCommand({}))).rejects.toThrow("unexpected DescribeClientVpnEndpointsCommand {}: no mocked answer matches this input");
    expect((await ec2.send(new DescribeClientVpnEndpointsCommand(describeTheEndpoint))).ClientVpnEndpoints).toHaveLength(1);
    ec2Mock.reset();
    await expect(ec2.send(new DescribeClientVpnEndpointsCommand(describeTheEndpoint))).rejects.toThrow(/^unexpected DescribeClientVpnEndpointsCommand/);
  });
});

describe("endpoint available", () => {
  it.each([
    ["available", [], "pass", false],
    ["pending-associate", [targetNetwork(subnetA, "associating")], "fail", true],
    ["pending-associate", [targetNetwork(subnetA, "associated")], "fail", true],
    ["pending-associate", [targetNetwork(subnetA, "association-failed")], "fail", false],
    ["pending-associate", [], "fail", false],
    ["deleting", [], "fail", false],
  ] as const)("%s with %j associations -> %s (settling %s)", async (state, networks, status, isSettling) => {
    ec2Mock.on(DescribeClientVpnEndpointsCommand, describeTheEndpoint).resolves({ ClientVpnEndpoints: [endpoint(state)] });
    ec2Mock.on(DescribeClientVpnTargetNetworksCommand, ofTheEndpoint).resolves({ ClientVpnTargetNetworks: [...networks] });
    const result = await checkEndpointAvailable(ec2, endpointId);
    expect(result.status).toBe(status);
    expect(Boolean(result.settling)).toBe(isSettling);
    if (status === "fail") expect(result.fix).toBeTruthy();
  });

  it("fails with a fix when the endpoint no longer exists", async () => {
    ec2Mock.on(DescribeClientVpnEndpointsCommand, describeTheEndpoint).rejects(Object.assign(new Error("The Client VPN endpoint ID does not exist"), { name: "InvalidClientVpnEndpointId.NotFound" }));
    const result = await checkEndpointAvailable(ec2, endpointId);
    expect(result).toMatchObject({ status: "fail", detail: `${endpointId} does not exist` });
    expect(result.fix).toMatch(/pulumi refresh/);
  });
});

describe("associations", () => {
  it("passes when every subnet is associated", async () => {
    ec2Mock.on(DescribeClientVpnTargetNetworksCommand, ofTheEndpoint).resolves({ ClientVpnTargetNetworks: [targetNetwork(subnetA, "associated"), targetNetwork(subnetB, "associated")] });
    expect(await checkAssociations(ec2, endpointId)).toMatchObject({ status: "pass", detail: `2 associated (${subnetA}, ${subnetB})` });
  });

  it("settles while one is associating", async () => {
    ec2Mock.on(DescribeClientVpnTargetNetworksCommand, ofTheEndpoint).resolves({ ClientVpnTargetNetworks: [targetNetwork(subnetA, "associated"), targetNetwork(subnetB, "associating")] });
    expect(await checkAssociations(ec2, endpointId)).toMatchObject({ status: "fail", settling: true, detail: expect.stringContaining("1 of 2 still associating") });
  });

  it("fails with the reason of a failed association", async () => {
    ec2Mock
      .on(DescribeClientVpnTargetNetworksCommand, ofTheEndpoint)
      .resolves({ ClientVpnTargetNetworks: [targetNetwork(subnetA, "association-failed", "Not enough free addresses in subnet")] });
    const result = await checkAssociations(ec2, endpointId);
    expect(result).toMatchObject({ status: "fail", detail: `${subnetA} association-failed (Not enough free addresses in subnet)` });
    expect(result.settling).toBeUndefined();
  });

  it("follows NextToken across pages", async () => {
    ec2Mock
      .on(DescribeClientVpnTargetNetworksCommand, { ClientVpnEndpointId: endpointId, NextToken: undefined })
      .resolves({ ClientVpnTargetNetworks: [targetNetwork(subnetA, "associated")], NextToken: "page-2" })
      .on(DescribeClientVpnTargetNetworksCommand, { ClientVpnEndpointId: endpointId, NextToken: "page-2" })
      .resolves({ ClientVpnTargetNetworks: [targetNetwork(subnetB, "disassociated")] });
    expect(await checkAssociations(ec2, endpointId)).toMatchObject({ status: "fail", detail: `${subnetB} disassociated` });
  });
});

describe("authorization rules", () => {
  const allActive = [
    authorizationRule("10.1.0.0/16", engineersGroup, "active"),
    authorizationRule("10.1.0.0/16", opsGroup, "active"),
    authorizationRule("10.0.0.2/32", "all", "active"),
  ];
  it("passes when every declared rule is active", async () => {
    ec2Mock.on(DescribeClientVpnAuthorizationRulesCommand, ofTheEndpoint).resolves({ AuthorizationRules: allActive });
    expect(await checkAuthorizationRules(ec2, endpointId, context())).toMatchObject({ status: "pass", detail: "3 active" });
  });

  it("settles while a rule is authorizing", async () => {
    ec2Mock.on(DescribeClientVpnAuthorizationRulesCommand, ofTheEndpoint).resolves({ AuthorizationRules: [allActive[0], authorizationRule("10.1.0.0/16", opsGroup, "authorizing"), allActive[2]] });
    expect(await checkAuthorizationRules(ec2, endpointId, context())).toMatchObject({ status: "fail", settling: true, detail: expect.stringContaining(`payments 10.1.0.0/16 ${opsGroup}`) });
  });

  it("fails naming a missing rule by its access entry and group alias", async () => {
    ec2Mock.on(DescribeClientVpnAuthorizationRulesCommand, ofTheEndpoint).resolves({ AuthorizationRules: allActive.slice(1) });
    const result = await checkAuthorizationRules(ec2, endpointId, context());
    expect(result).toMatchObject({ status: "fail", detail: `payments 10.1.0.0/16 engineers (${engineersGroup}) is missing` });
    expect(result.fix).toMatch(/pulumi up/);
  });

  it("warns about rules the stack did not declare", async () => {
    ec2Mock.on(DescribeClientVpnAuthorizationRulesCommand, ofTheEndpoint).resolves({ AuthorizationRules: [...allActive, authorizationRule("0.0.0.0/0", "all", "active")] });
    expect(await checkAuthorizationRules(ec2, endpointId, context())).toMatchObject({ status: "warn", detail: expect.stringContaining("0.0.0.0/0 all groups") });
  });
});

describe("routes", () => {
  it.each([
    [[route("10.0.0.0/16", subnetA, "active", "associate"), route("10.1.0.0/16", subnetA, "active")], "pass", undefined],
    [[route("10.0.0.0/16", subnetA, "active", "associate"), route("10.1.0.0/16", subnetA, "creating")], "fail", true],
    [[route("10.1.0.0/16", subnetB, "failed")], "fail", undefined],
    [[], "fail", undefined],
  ] as const)("%j -> %s", async (routes, status, isSettling) => {
    ec2Mock.on(DescribeClientVpnRoutesCommand, ofTheEndpoint).resolves({ Routes: [...routes] });
    const result = await checkRoutes(ec2, endpointId);
    expect(result.status).toBe(status);
    expect(result.settling).toBe(isSettling);
  });
});

describe("DNS servers", () => {
  it("is not checkable from here when servers are set, and says how to check", async () => {
    ec2Mock.on(DescribeClientVpnEndpointsCommand, describeTheEndpoint).resolves({ ClientVpnEndpoints: [endpoint("available")] });
    const result = await checkDnsServers(ec2, endpointId);
    expect(result).toMatchObject({ status: "not-checkable", detail: expect.stringContaining("10.0.0.2") });
    expect(result.fix).toMatch(/nslookup/);
  });

  it("fails when the endpoint is gone", async () => {
    ec2Mock.on(DescribeClientVpnEndpointsCommand, describeTheEndpoint).resolves({ ClientVpnEndpoints: [] });
    expect(await checkDnsServers(ec2, endpointId)).toMatchObject({ status: "fail", detail: `${endpointId} does not exist` });
  });

  it("passes when the endpoint sets no DNS servers", async () => {
    ec2Mock.on(DescribeClientVpnEndpointsCommand, describeTheEndpoint).resolves({ ClientVpnEndpoints: [endpoint("available", { DnsServers: [] })] });
    expect((await checkDnsServers(ec2, endpointId)).status).toBe("pass");
  });
});

describe("return routes", () => {
  const peerVpc = "vpc-0peer000000000001";
  const peerSubnet = subnet("subnet-0peer00000000000a", "10.1.2.0/24", peerVpc);
  const routes = context().returnRoutes;
  // The tables of the subnets inside the target network 10.1.0.0/16, and no others.
  const peerSubnetTables = { Filters: [{ Name: "association.subnet-id", Values: [peerSubnet.SubnetId!] }] };

  it("passes when the target network's route table routes the associated subnets back", async () => {
    ec2Mock.on(DescribeSubnetsCommand, {}).resolves({ Subnets: [subnet(subnetA, "10.0.0.0/24", vpcId), peerSubnet] });
    ec2Mock.on(DescribeRouteTablesCommand, peerSubnetTables).resolves({
      RouteTables: [routeTable("rtb-0peer0000000000001", peerVpc, [{ subnetId: peerSubnet.SubnetId }], [{ cidr: "10.1.0.0/16" }, { cidr: "10.0.0.0/16", target: "pcx-0123456789abcdef0" }])],
    });
    expect(await checkReturnRoutes(ec2, routes)).toMatchObject({ status: "pass", detail: "present for payments (1 route table(s))" });
    expect(ec2Mock.commandCalls(DescribeRouteTablesCommand)[0].args[0].input.Filters).toEqual([{ Name: "association.subnet-id", Values: [peerSubnet.SubnetId] }]);
  });

  it("fails naming the table and the CIDR without a route back", async () => {
    ec2Mock.on(DescribeSubnetsCommand, {}).resolves({ Subnets: [peerSubnet] });
    ec2Mock.on(DescribeRouteTablesCommand, peerSubnetTables).resolves({
      RouteTables: [routeTable("rtb-0peer0000000000001", peerVpc, [{ subnetId: peerSubnet.SubnetId }], [{ cidr: "10.1.0.0/16" }, { cidr: "10.0.0.0/24", target: "pcx-0123456789abcdef0" }])],
    });
    const result = await checkReturnRoutes(ec2, routes);
    expect(result).toMatchObject({ status: "fail", detail: "rtb-0peer0000000000001 (payments) has no route to 10.0.1.0/24" });
    expect(result.fix).toContain("10.0.0.0/24, 10.0.1.0/24");
  });

  it("uses the VPC's main table for a subnet without an explicit association, and flags a blackhole", async () => {
    ec2Mock.on(DescribeSubnetsCommand, {}).resolves({ Subnets: [peerSubnet] });
    ec2Mock.on(DescribeRouteTablesCommand, peerSubnetTables).resolves({ RouteTables: [] });
    ec2Mock
      .on(DescribeRouteTablesCommand, { Filters: [{ Name: "vpc-id", Values: [peerVpc] }, { Name: "association.main", Values: ["true"] }] })
      .resolves({ RouteTables: [routeTable("rtb-0main000000000001", peerVpc, [{ main: true }], [{ cidr: "10.0.0.0/16", state: "blackhole", target: "tgw-0123456789abcdef0" }])] });
    expect(await checkReturnRoutes(ec2, routes)).toMatchObject({ status: "fail", detail: expect.stringContaining("rtb-0main000000000001 (payments) routes 10.0.0.0/24 into a blackhole") });
  });

  // The same table, with the route that covers the associated subnets pointing at each kind of target.
  it.each([
    { target: "pcx-0123456789abcdef0", cidr: "10.0.0.0/16", status: "pass", says: "present for payments (1 route table(s))" },
    { target: "tgw-0123456789abcdef0", cidr: "10.0.0.0/8", status: "pass", says: "present for payments" },
    { target: "vgw-0123456789abcdef0", cidr: "10.0.0.0/16", status: "pass", says: "present for payments" },
    { target: "nat-0123456789abcdef0", cidr: "0.0.0.0/0", status: "fail", says: "sends 10.0.0.0/24 to NAT gateway nat-0123456789abcdef0 (0.0.0.0/0), which does not lead back" },
    { target: "igw-0123456789abcdef0", cidr: "0.0.0.0/0", status: "fail", says: "sends 10.0.0.0/24 to internet gateway igw-0123456789abcdef0 (0.0.0.0/0)" },
    { target: "eigw-0123456789abcdef0", cidr: "0.0.0.0/0", status: "fail", says: "egress-only internet gateway" },
    { target: "local", cidr: "10.0.0.0/8", status: "fail", says: "the table's own VPC (local)" },
    { target: "eni-0123456789abcdef0", cidr: "10.0.0.0/16", status: "warn", says: "sends 10.0.0.0/24 to network interface eni-0123456789abcdef0 (10.0.0.0/16)" },
    { target: "arn:aws:networkmanager::123456789012:core-network/core-network-0123", cidr: "10.0.0.0/16", status: "warn", says: "core network" },
  ])("judges a route back through $target: $status", async ({ target, cidr, status, says }) => {
    ec2Mock.on(DescribeSubnetsCommand, {}).resolves({ Subnets: [peerSubnet] });
    ec2Mock.on(DescribeRouteTablesCommand, peerSubnetTables).resolves({
      RouteTables: [routeTable("rtb-0peer0000000000001", peerVpc, [{ subnetId: peerSubnet.SubnetId }], [{ cidr: "10.1.0.0/16" }, { cidr, target }])],
    });
    expect(await checkReturnRoutes(ec2, routes)).toMatchObject({ status, detail: expect.stringContaining(says) });
  });

  it("is not checkable when no subnet of the network is visible here", async () => {
    ec2Mock.on(DescribeSubnetsCommand, {}).resolves({ Subnets: [subnet(subnetA, "10.0.0.0/24", vpcId)] });
    const result = await checkReturnRoutes(ec2, routes);
    expect(result).toMatchObject({ status: "not-checkable", detail: expect.stringContaining("payments 10.1.0.0/16") });
    expect(ec2Mock.commandCalls(DescribeRouteTablesCommand)).toHaveLength(0);
  });
});

describe("Entra checks (fake Graph)", () => {
  const graphServer = new Day2GraphServer();
  const managed = createTestCertificate();
  const other = createTestCertificate({ commonName: "rotated in the portal" });
  let graph: GraphClient;
  beforeAll(async () => {
    await graphServer.start();
    graph = new GraphClient({ baseUrl: graphServer.baseUrl, getToken: async () => fakeToken, retry: { maxThrottleRetries: 0 } });
  });
  afterAll(() => graphServer.stop());

  function tenant(
    options: {
      active?: string | null;
      redirectUris?: string[];
      identifierUris?: string[];
      policy?: string[] | null;
      servicePrincipalPolicy?: string[] | null;
      assigned?: string[];
      endDateTime?: string;
    } = {},
  ) {
    const fake = graphServer.fake;
    const application = fake.addApplication({
      ...(options.redirectUris ? { web: { redirectUris: options.redirectUris } } : {}),
      ...(options.identifierUris ? { identifierUris: options.identifierUris } : {}),
    });
    const ownPolicy = fake.addPolicy({ displayName: `clientvpn-federation SAML signing ${application.id}`, definition: options.policy ?? desiredPolicyDefinition() });
    if (options.policy !== null) application.tokenIssuancePolicyIds.push(ownPolicy.id);
    const keyCredential = (certificate: typeof managed, usage: string) => ({
      keyId: crypto.randomUUID(),
      type: "AsymmetricX509Cert",
      usage,
      displayName: "CN=Microsoft Azure Federated SSO Certificate",
      startDateTime: "2026-01-01T00:00:00Z",
      endDateTime: options.endDateTime ?? "2029-11-01T00:00:00Z",
      customKeyIdentifier: Buffer.from(thumbprintOf(certificate.certificateBody), "hex").toString("base64"),
      key: usage === "Verify" ? certificate.certificateBody : null,
    });
    const servicePrincipal = fake.addServicePrincipal(application, {
      preferredTokenSigningKeyThumbprint: options.active === undefined ? thumbprintOf(managed.certificateBody) : options.active,
      keyCredentials: [keyCredential(managed, "Verify"), keyCredential(managed, "Sign"), keyCredential(other, "Verify"), keyCredential(other, "Sign")],
      appRoleAssignedTo: (options.assigned ?? [engineersGroup, opsGroup]).map((principalId) => ({
        id: crypto.randomUUID(),
        principalId,
        principalType: "Group",
        principalDisplayName: "group",
        appRoleId: "00000000-0000-0000-0000-000000000000",
        resourceId: "resource",
      })),
    });
    if (options.servicePrincipalPolicy === undefined) servicePrincipal.tokenIssuancePolicyIds.push(ownPolicy.id);
    else if (options.servicePrincipalPolicy !== null) {
      servicePrincipal.tokenIssuancePolicyIds.push(fake.addPolicy({ displayName: "portal signing option", definition: options.servicePrincipalPolicy }).id);
    }
    return entraReads(graph, { servicePrincipalObjectId: servicePrincipal.id, applicationClientId: application.appId });
  }

  it("IAM certificate: passes when IAM holds the active certificate, fails naming both thumbprints when it holds an old one", async () => {
    iamMock.on(GetSAMLProviderCommand, { SAMLProviderArn: providerArn }).resolves({ SAMLMetadataDocument: buildIdpMetadata({ tenantId, signingCertificate: managed.certificateBody }), CreateDate: new Date(), ValidUntil: new Date("2126-01-01") });
    expect(await checkIamCertificate(iam, [providerArn], tenant())).toMatchObject({ status: "pass" });
    const rotated = await checkIamCertificate(iam, [providerArn], tenant({ active: thumbprintOf(other.certificateBody) }));
    expect(rotated).toMatchObject({
      status: "fail",
      detail: `Entra signs with ${thumbprintOf(other.certificateBody)}, but ${providerArn} holds ${thumbprintOf(managed.certificateBody)}`,
    });
    expect(rotated.fix).toMatch(/pulumi up/);
  });

  it("IAM certificate: fails when Entra has no active key", async () => {
    const result = await checkIamCertificate(iam, [providerArn], tenant({ active: null }));
    expect(result).toMatchObject({ status: "fail", detail: "Entra has no active signing key (preferredTokenSigningKeyThumbprint is empty)" });
    expect(iamMock.commandCalls(GetSAMLProviderCommand)).toHaveLength(0);
  });

  it("token issuance policy: fails when two policies compete", async () => {
    const reads = tenant();
    const application = [...graphServer.fake.applications.values()].at(-1)!;
    application.tokenIssuancePolicyIds.push(graphServer.fake.addPolicy({ displayName: "portal signing option", definition: desiredPolicyDefinition() }).id);
    expect(await checkTokenIssuancePolicy(reads)).toMatchObject({ status: "fail", detail: expect.stringContaining("2 token issuance policies are assigned") });
  });

  it("certificate expiry: fails when the end date is unknown", async () => {
    expect(await checkCertificateExpiry(tenant({ active: null }), new Date("2026-11-21T12:00:00Z"))).toMatchObject({ status: "fail", detail: "the active signing certificate's end date is unknown" });
  });

  it("active key: passes for the stack's thumbprint, fails when the portal made another certificate active", async () => {
    const managedThumbprint = thumbprintOf(managed.certificateBody);
    expect(await checkActiveSigningKey(tenant(), managedThumbprint.toLowerCase())).toMatchObject({ status: "pass" });
    expect(await checkActiveSigningKey(tenant({ active: thumbprintOf(other.certificateBody) }), managedThumbprint)).toMatchObject({
      status: "fail",
      detail: `the active key is ${thumbprintOf(other.certificateBody)}, not the stack's ${managedThumbprint}`,
    });
  });

  it.each([
    ["2027-06-01T00:00:00Z", "pass"],
    ["2026-12-15T00:00:00Z", "fail"],
    ["2026-10-01T00:00:00Z", "fail"],
  ])("certificate ending %s -> %s", async (endDateTime, status) => {
    const result = await checkCertificateExpiry(tenant({ endDateTime }), new Date("2026-11-21T12:00:00Z"));
    expect(result.status).toBe(status);
    if (status === "fail") expect(result.fix).toMatch(/signingCertificateRotation.*docs\/rotating-the-signing-certificate.md/);
  });

  it.each([
    [undefined, "pass", "signs ResponseAndToken"],
    [[JSON.stringify({ TokenIssuancePolicy: { Version: 1, TokenResponseSigningPolicy: "TokenOnly" } })], "fail", "signs TokenOnly"],
    [null, "fail", "no token issuance policy is assigned"],
  ] as const)("token issuance policy %j -> %s", async (policy, status, detail) => {
    const result = await checkTokenIssuancePolicy(tenant({ policy: policy === undefined ? undefined : policy === null ? null : [...policy] }));
    expect(result).toMatchObject({ status, detail: expect.stringContaining(detail) });
  });

  it.each([
    ["a TokenOnly policy on the service principal", [JSON.stringify({ TokenIssuancePolicy: { Version: 1, TokenResponseSigningPolicy: "TokenOnly" } })], "service principal: policy \"portal signing option\" signs TokenOnly"],
    ["no policy on the service principal", null, "service principal: no token issuance policy is assigned, so Entra signs the assertion only"],
  ] as const)("token issuance policy: fails for %s, naming the object", async (_name, servicePrincipalPolicy, detail) => {
    const result = await checkTokenIssuancePolicy(tenant({ servicePrincipalPolicy: servicePrincipalPolicy && [...servicePrincipalPolicy] }));
    expect(result).toMatchObject({ status: "fail", detail, fix: expect.stringContaining("pulumi up") });
  });

  it.each([
    [["http://127.0.0.1:35001"], ["urn:amazon:webservices:clientvpn"], false, "pass", ""],
    [["http://127.0.0.1:35001/"], ["urn:amazon:webservices:clientvpn"], false, "fail", "http://127.0.0.1:35001/ is not expected (AWS posts to http://127.0.0.1:35001 exactly)"],
    [["http://127.0.0.1:35001"], ["urn:amazon:webservices:clientvpn"], true, "fail", "https://self-service.clientvpn.amazonaws.com/api/auth/sso/saml is missing"],
    [["http://127.0.0.1:35001"], ["api://clientvpn"], false, "fail", "identifier URIs are [api://clientvpn]"],
  ])("reply URLs %j, identifiers %j, portal %s -> %s", async (redirectUris, identifierUris, portal, status, detail) => {
    const result = await checkReplyUrls(tenant({ redirectUris, identifierUris }), context({ selfServicePortalReplyUrl: portal }));
    expect(result).toMatchObject({ status, detail: expect.stringContaining(detail) });
  });

  it("group assignments: passes when every rule's group is assigned, fails naming the removed one", async () => {
    expect(await checkGroupAssignments(tenant(), context())).toMatchObject({ status: "pass", detail: "2 group(s) assigned" });
    const result = await checkGroupAssignments(tenant({ assigned: [opsGroup] }), context());
    expect(result).toMatchObject({ status: "fail", detail: `not assigned: engineers (${engineersGroup}); their members get no access` });
  });

  it("looks the application up by its client ID", async () => {
    await checkReplyUrls(tenant(), context());
    expect(graphServer.calls.some((call) => /^GET \/applications\(appId='[0-9a-f-]{36}'\)$/.test(call))).toBe(true);
  });
});

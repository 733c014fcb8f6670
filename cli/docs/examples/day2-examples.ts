/**
 * The day-2 commands (doctor, connections, logs, saml-check) run in this process against the fakes the
 * tests use: AWS answered by aws-sdk-client-mock, Microsoft Graph by the fake Graph server on loopback.
 * The deployment is the example stack's: its rules, return routes and groups come from Pulumi.dev.yaml
 * through the same functions that make the stack outputs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { once, thumbprintPattern, transcript, type DocBlockSource } from "../doc-block-source";

const projectDir = join(__dirname, "..", "..", "..");
const now = Date.parse("2026-11-21T12:00:00Z");
const endpointId = "cvpn-endpoint-0123456789abcdef0";
const samlProviderArn = "arn:aws:iam::123456789012:saml-provider/vpn-saml";
const selfServiceSamlProviderArn = "arn:aws:iam::123456789012:saml-provider/vpn-saml-self-service";
const logGroup = "/aws/clientvpn/dev-connections";

/** The example stack as the day-2 commands see it once deployed: its config and outputs. */
const exampleDeployment = once(async () => {
  const [{ parseStackConfig }, { rawConfigFromEngine }, { engineConfigFromStackFile }, { parsePlanNetwork }, accessPlan] = await Promise.all([
    import("../../../components/config"),
    import("../../../components/stack-config-source"),
    import("../../plan/stack-file"),
    import("../../plan/plan-network"),
    import("../../../components/access-plan"),
  ]);
  const engineConfig = engineConfigFromStackFile(readFileSync(join(projectDir, "Pulumi.dev.yaml"), "utf8"), "Pulumi.dev.yaml", "clientvpn-federation").config;
  const parsed = parseStackConfig(rawConfigFromEngine(engineConfig), new Date(now));
  if (!parsed.ok) throw new Error("Pulumi.dev.yaml is not valid; fix it before generating the docs");
  const config = parsed.config;
  const network = parsePlanNetwork(engineConfig, config.vpn);
  if (!network.ok) throw new Error("Pulumi.dev.yaml has no valid planNetwork");
  const subnets = config.vpn.subnetIds.map((id) => network.facts.subnets.find((subnet) => subnet.id === id)!);
  return {
    config,
    engineConfig,
    subnets,
    outputs: {
      clientVpnEndpointId: endpointId,
      samlProviderArn,
      selfServiceSamlProviderArn,
      authorizationRules: accessPlan.describeAuthorizationRules(config.access),
      returnRoutes: accessPlan.planReturnRoutes(config.access, network.facts.vpcCidrs, subnets.map((subnet) => subnet.cidr)),
      groups: config.azure.groups,
      tenantId: config.tenantId,
      selfServicePortalReplyUrl: config.azure.selfServicePortal,
      signingCertificateExpiry: config.azure.signingCertificateEndDate,
    } as Record<string, unknown>,
  };
});

/** The endpoint as DescribeClientVpnEndpoints would return it for the example stack. */
async function exampleEndpoint(state: string) {
  const [{ endpoint }, { config }] = await Promise.all([import("../../../test/support/day2-aws-shapes"), exampleDeployment()]);
  return endpoint(state, {
    ClientCidrBlock: config.vpn.clientCidr,
    DnsServers: config.vpn.dnsServers,
    ConnectionLogOptions: { Enabled: true, CloudwatchLogGroup: logGroup, CloudwatchLogStream: "connections" },
  });
}

/**
 * doctor right after `pulumi up`: the second association still settling, a reply URL edited in the portal
 * (a trailing slash added) and the engineers group removed from the application.
 */
async function doctorRightAfterUp(): Promise<string> {
  const [{ mockClient }, ec2, iam, shapes, { Day2GraphServer }, { testEnvironment }, { createTestCertificate }, { buildIdpMetadata }, { desiredPolicyDefinition }, { thumbprintOf }, { runDoctorCommand }, { selfServiceReplyUrl }] =
    await Promise.all([
      import("aws-sdk-client-mock"),
      import("@aws-sdk/client-ec2"),
      import("@aws-sdk/client-iam"),
      import("../../../test/support/day2-aws-shapes"),
      import("../../../test/support/day2-graph-front"),
      import("../../../test/support/day2-environment"),
      import("../../../test/support/test-certificates"),
      import("../../../components/saml-metadata"),
      import("../../../components/graph/saml-signing-plan"),
      import("../../day2/signing-key"),
      import("../../day2/doctor-command"),
      import("../../../components/reply-urls"),
    ]);
  const { config, subnets, outputs } = await exampleDeployment();
  const [subnetA, subnetB] = subnets;
  const certificate = createTestCertificate();
  const thumbprint = thumbprintOf(certificate.certificateBody);
  const graph = await new Day2GraphServer().start();
  const ec2Mock = mockClient(ec2.EC2Client);
  const iamMock = mockClient(iam.IAMClient);
  try {
    const application = graph.fake.addApplication({ web: { redirectUris: ["http://127.0.0.1:35001/", selfServiceReplyUrl] } });
    const policy = graph.fake.addPolicy({ displayName: "clientvpn-federation SAML signing", definition: desiredPolicyDefinition() });
    application.tokenIssuancePolicyIds.push(policy.id);
    const assigned = Object.entries(config.azure.groups).filter(([alias]) => alias !== "engineers");
    const servicePrincipal = graph.fake.addServicePrincipal(application, {
      preferredTokenSigningKeyThumbprint: thumbprint,
      keyCredentials: [{ keyId: "k1", type: "AsymmetricX509Cert", usage: "Verify", endDateTime: config.azure.signingCertificateEndDate!, key: certificate.certificateBody }],
      appRoleAssignedTo: assigned.map(([, id], index) => ({
        id: `a${index}`,
        principalId: id,
        principalType: "Group",
        appRoleId: "00000000-0000-0000-0000-000000000000",
        resourceId: "r",
      })),
    });

    const rules = config.access.flatMap((entry) =>
      entry.groups === "all" ? [shapes.authorizationRule(entry.cidr, "all", "active")] : entry.groups.map((group) => shapes.authorizationRule(entry.cidr, group.objectId, "active")),
    );
    // The VPC's own route comes with the association; every network outside it has one route per subnet.
    const outside = outputs.returnRoutes as { network: string }[];
    const routes = [
      shapes.route("10.0.0.0/16", subnetA.id, "active", "associate"),
      ...subnets.flatMap((subnet) => outside.map((target) => shapes.route(target.network, subnet.id, "active"))),
    ];
    ec2Mock
      .on(ec2.DescribeClientVpnEndpointsCommand)
      .resolvesOnce({ ClientVpnEndpoints: [await exampleEndpoint("pending-associate")] })
      .resolves({ ClientVpnEndpoints: [await exampleEndpoint("available")] });
    ec2Mock
      .on(ec2.DescribeClientVpnTargetNetworksCommand)
      .resolvesOnce({ ClientVpnTargetNetworks: [shapes.targetNetwork(subnetA.id, "associated"), shapes.targetNetwork(subnetB.id, "associating")] })
      .resolves({ ClientVpnTargetNetworks: [shapes.targetNetwork(subnetA.id, "associated"), shapes.targetNetwork(subnetB.id, "associated")] });
    ec2Mock.on(ec2.DescribeClientVpnAuthorizationRulesCommand).resolves({ AuthorizationRules: rules });
    ec2Mock.on(ec2.DescribeClientVpnRoutesCommand).resolves({ Routes: routes });
    // The build VPC is peered in this account: its route table is visible and routes the VPN's VPC back.
    const buildSubnet = "subnet-0b1d00000000000a1";
    ec2Mock.on(ec2.DescribeSubnetsCommand).resolves({
      Subnets: [...subnets.map((subnet) => shapes.subnet(subnet.id, subnet.cidr, subnet.vpcId)), shapes.subnet(buildSubnet, "10.1.2.0/24", "vpc-0b1d0000000000001")],
    });
    ec2Mock.on(ec2.DescribeRouteTablesCommand).resolves({
      RouteTables: [shapes.routeTable("rtb-0b1d0000000000001", "vpc-0b1d0000000000001", [{ subnetId: buildSubnet }], [{ cidr: "10.0.0.0/16", target: "pcx-0123456789abcdef0" }])],
    });
    iamMock.on(iam.GetSAMLProviderCommand).resolves({ SAMLMetadataDocument: buildIdpMetadata({ tenantId: config.tenantId, signingCertificate: certificate.certificateBody }) });

    const env = testEnvironment({
      startMs: now,
      graphBaseUrl: graph.baseUrl,
      stacks: {
        dev: {
          outputs: {
            ...outputs,
            azureApplicationClientId: application.appId,
            azureServicePrincipalObjectId: servicePrincipal.id,
            signingCertificateThumbprint: thumbprint,
          },
          config: { "aws:region": config.awsRegion, "azuread:tenantId": config.tenantId },
        },
      },
    });
    const code = await runDoctorCommand(["--stack", "dev"], env);
    return transcript("npm run doctor -- --stack dev", `${env.stdout()}${env.err.join("")}$ echo $?\n${code}`);
  } finally {
    ec2Mock.restore();
    iamMock.restore();
    await graph.stop();
  }
}

/** Two users connected, one who left an hour ago. */
async function connectionsNow(): Promise<string> {
  const [{ mockClient }, ec2, shapes, { testEnvironment }, { runConnectionsCommand }] = await Promise.all([
    import("aws-sdk-client-mock"),
    import("@aws-sdk/client-ec2"),
    import("../../../test/support/day2-aws-shapes"),
    import("../../../test/support/day2-environment"),
    import("../../day2/connections-command"),
  ]);
  const ec2Mock = mockClient(ec2.EC2Client);
  try {
    ec2Mock.on(ec2.DescribeClientVpnConnectionsCommand).resolves({
      Connections: [
        shapes.connection(),
        shapes.connection({ ConnectionId: "cvpn-connection-0bbbbccccddddeeee", Username: "ben@example.com", CommonName: "ben@example.com", ClientIp: "172.20.0.70", ConnectionEstablishedTime: "2026-11-21 11:45:00", IngressBytes: "512", EgressBytes: "2048" }),
        shapes.connection({ ConnectionId: "cvpn-connection-0ccccddddeeeeffff", Username: "cy@example.com", CommonName: "cy@example.com", state: "terminated", ConnectionEndTime: "2026-11-21 11:00:00" }),
      ],
    });
    const env = testEnvironment({ startMs: now, stacks: { dev: { outputs: { clientVpnEndpointId: endpointId }, config: { "aws:region": "us-east-1" } } } });
    const code = await runConnectionsCommand(["--stack", "dev"], env);
    if (code !== 0) throw new Error(`connections exited ${code}: ${env.err.join("")}`);
    return transcript("npm run connections -- --stack dev", env.stdout());
  } finally {
    ec2Mock.restore();
  }
}

/**
 * One entry of the connection log, in the shape of the examples on
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/connection-logging.html
 */
function logEntry(overrides: Record<string, string>): string {
  return JSON.stringify({
    "connection-log-type": "connection-attempt",
    "connection-attempt-status": "successful",
    "connection-reset-status": "NA",
    "connection-attempt-failure-reason": "NA",
    "connection-id": "cvpn-connection-0aaaabbbbccccdddd",
    "client-vpn-endpoint-id": endpointId,
    "transport-protocol": "udp",
    "connection-start-time": "2026-11-21 11:20:15",
    "connection-last-update-time": "2026-11-21 11:20:15",
    "client-ip": "172.20.0.66",
    "common-name": "NA",
    "device-type": "mac",
    "device-ip": "198.51.100.7",
    port: "50096",
    "ingress-bytes": "0",
    "egress-bytes": "0",
    "ingress-packets": "0",
    "egress-packets": "0",
    "connection-end-time": "NA",
    username: "ana@example.com",
    ...overrides,
  });
}

/** The last hour: a sign-in, its connection, a refused attempt and a disconnection. */
async function logsOfTheLastHour(): Promise<string> {
  const [{ mockClient }, ec2, logs, { testEnvironment }, { runLogsCommand }] = await Promise.all([
    import("aws-sdk-client-mock"),
    import("@aws-sdk/client-ec2"),
    import("@aws-sdk/client-cloudwatch-logs"),
    import("../../../test/support/day2-environment"),
    import("../../day2/logs-command"),
  ]);
  const ec2Mock = mockClient(ec2.EC2Client);
  const logsMock = mockClient(logs.CloudWatchLogsClient);
  try {
    ec2Mock.on(ec2.DescribeClientVpnEndpointsCommand).resolves({ ClientVpnEndpoints: [await exampleEndpoint("available")] });
    const minutesAgo = (minutes: number) => now - minutes * 60_000;
    logsMock.on(logs.FilterLogEventsCommand).resolves({
      events: [
        { logStreamName: "connections", timestamp: minutesAgo(40), message: logEntry({ "connection-attempt-status": "waiting-for-assertion", "client-ip": "NA" }), eventId: "1" },
        { logStreamName: "connections", timestamp: minutesAgo(39), message: logEntry({}), eventId: "2" },
        {
          logStreamName: "connections",
          timestamp: minutesAgo(10),
          message: logEntry({ "connection-attempt-status": "failed", "connection-attempt-failure-reason": "authorization-policy-deny", "client-ip": "NA", username: "ben@example.com", "device-type": "win", "device-ip": "203.0.113.9" }),
          eventId: "3",
        },
        {
          logStreamName: "connections",
          timestamp: minutesAgo(5),
          message: logEntry({ "connection-log-type": "connection-reset", "connection-attempt-status": "NA", "connection-end-time": "2026-11-21 11:55:00", "connection-duration-seconds": "2085", "ingress-bytes": "21017", "egress-bytes": "16438" }),
          eventId: "4",
        },
      ],
    });
    const env = testEnvironment({ startMs: now, stacks: { dev: { outputs: { clientVpnEndpointId: endpointId }, config: { "aws:region": "us-east-1" } } } });
    const code = await runLogsCommand(["--stack", "dev", "--since", "1h"], env);
    if (code !== 0) throw new Error(`logs exited ${code}: ${env.err.join("")}`);
    return transcript("npm run logs -- --stack dev --since 1h", env.stdout());
  } finally {
    ec2Mock.restore();
    logsMock.restore();
  }
}

/** A response captured from a tenant whose signing option is still "Sign SAML assertion" (Entra's default). */
async function samlCheckOfAnAssertionOnlyResponse(): Promise<string> {
  const [{ mockClient }, ec2, iam, { SamlTestIdp }, { testEnvironment }, { buildIdpMetadata }, { runSamlCheckCommand }] = await Promise.all([
    import("aws-sdk-client-mock"),
    import("@aws-sdk/client-ec2"),
    import("@aws-sdk/client-iam"),
    import("../../../test/support/saml-test-idp"),
    import("../../../test/support/day2-environment"),
    import("../../../components/saml-metadata"),
    import("../../day2/saml-check-command"),
  ]);
  const { config, outputs } = await exampleDeployment();
  const idp = new SamlTestIdp();
  const ec2Mock = mockClient(ec2.EC2Client);
  const iamMock = mockClient(iam.IAMClient);
  try {
    iamMock.on(iam.GetSAMLProviderCommand).resolves({ SAMLMetadataDocument: buildIdpMetadata({ tenantId: config.tenantId, signingCertificate: idp.certificate.certificateBody }) });
    const capture = idp.buildResponse({
      issuer: `https://sts.windows.net/${config.tenantId}/`,
      audience: "urn:amazon:webservices:clientvpn",
      recipient: "http://127.0.0.1:35001",
      nameId: "ana@example.com",
      attributes: { FirstName: "Ana", LastName: "Silva", memberOf: [config.azure.groups.engineers] },
      signResponse: false,
    });
    const env = testEnvironment({
      startMs: now,
      files: { "capture.txt": Buffer.from(capture).toString("base64") },
      stacks: { dev: { outputs, config: { "aws:region": config.awsRegion, "azuread:tenantId": config.tenantId } } },
    });
    const code = await runSamlCheckCommand(["capture.txt", "--stack", "dev"], env);
    return transcript("npm run saml-check -- capture.txt --stack dev", `${env.stdout()}${env.err.join("")}$ echo $?\n${code}`);
  } finally {
    ec2Mock.restore();
    iamMock.restore();
  }
}

export const day2ExampleBlocks: readonly DocBlockSource[] = [
  { id: "example-doctor", volatile: [thumbprintPattern], generate: doctorRightAfterUp },
  { id: "example-connections", generate: connectionsNow },
  { id: "example-logs", generate: logsOfTheLastHour },
  // The response is signed with a key made for the run: its size may differ by a few bytes.
  { id: "example-saml-check", volatile: [thumbprintPattern, / \d+\.\d KB/g], generate: samlCheckOfAnAssertionOnlyResponse },
];

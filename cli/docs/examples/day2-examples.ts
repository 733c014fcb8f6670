/**
 * The day-2 commands (doctor, connections, logs, saml-check) run in this process against the fakes the day-2
 * tests use: AWS answered by aws-sdk-client-mock with the shapes of test/support/day2-aws-shapes.ts (each call
 * answered only for the IDs that exist, as AWS answers), CloudWatch Logs by the strict FilterLogEvents fake,
 * Microsoft Graph by the fake Graph server on loopback.
 *
 * The deployment is the example stack's, as `pulumi up` leaves it: its rules, return routes, groups and client
 * profile come from Pulumi.dev.yaml through the same functions that make the stack outputs, and AWS and Entra
 * hold what the stack declared. Each example then changes only what its text says changed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { IAMClient } from "@aws-sdk/client-iam";
import type { AwsClientStub } from "aws-sdk-client-mock";
import { once, thumbprintPattern, transcript, type DocBlockSource } from "../doc-block-source";

const projectDir = join(__dirname, "..", "..", "..");
const now = Date.parse("2026-11-21T12:00:00Z");
const minutesAgo = (minutes: number) => now - minutes * 60_000;

/**
 * Names AWS and Entra give what the stack creates. Pulumi auto-names the IAM SAML providers (a random suffix);
 * the log group comes from `namePrefix: "/aws/clientvpn/"`, which the provider completes with a timestamp and a
 * counter (hashicorp/terraform-plugin-sdk helper/id/id.go, PrefixedUniqueId).
 */
const names = {
  endpointId: "cvpn-endpoint-0123456789abcdef0",
  samlProviderArn: "arn:aws:iam::123456789012:saml-provider/vpn-saml-4c1e9a7",
  selfServiceSamlProviderArn: "arn:aws:iam::123456789012:saml-provider/vpn-saml-self-service-b82d0f3",
  logGroup: "/aws/clientvpn/20261120091141537200000001",
  logStream: "connections",
  applicationObjectId: "5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
  applicationClientId: "8d3e6f1a-2b4c-4d5e-9f60-7a8b9c0d1e2f",
  servicePrincipalObjectId: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
};

/** The tenant's signing key: Entra's certificate in the doctor examples, the key that signs the captured response. */
const entraSigningKey = once(async () => new (await import("../../../test/support/saml-test-idp")).SamlTestIdp());

/** Stand-ins for Amazon's hierarchy: Amazon's root, the ACM intermediate that issued the endpoint's certificate. */
const amazonPki = once(async () => {
  const { createIntermediateAuthority, createRootAuthority, createServerCertificate } = await import("../../../test/support/test-pki");
  const root = createRootAuthority("Amazon Root CA 1");
  const intermediate = createIntermediateAuthority("Amazon RSA 2048 M02", root);
  return { root, intermediate, serverCertificate: createServerCertificate("vpn.example.com", intermediate) };
});

/** The example stack as the day-2 commands see it once deployed: its config, network and outputs. */
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
  if (config.vpn.serverCertificate.kind !== "existing") throw new Error("the examples expect Pulumi.dev.yaml to name its server certificate by ARN");
  return {
    config,
    engineConfig,
    vpcCidrs: network.facts.vpcCidrs,
    subnets,
    serverCertificateArn: config.vpn.serverCertificate.arn,
    outputs: {
      clientVpnEndpointId: names.endpointId,
      samlProviderArn: names.samlProviderArn,
      selfServiceSamlProviderArn: names.selfServiceSamlProviderArn,
      authorizationRules: accessPlan.describeAuthorizationRules(config.access),
      returnRoutes: accessPlan.planReturnRoutes(config.access, network.facts.vpcCidrs, subnets.map((subnet) => subnet.cidr)),
      groups: config.azure.groups,
      tenantId: config.tenantId,
      selfServicePortalReplyUrl: config.azure.selfServicePortal,
      azureApplicationClientId: names.applicationClientId,
      azureServicePrincipalObjectId: names.servicePrincipalObjectId,
      signingCertificateExpiry: config.azure.signingCertificateEndDate,
    } as Record<string, unknown>,
  };
});

/** The endpoint as DescribeClientVpnEndpoints returns it for the example stack. */
async function exampleEndpoint(state: string) {
  const [{ endpoint }, deployment] = await Promise.all([import("../../../test/support/day2-aws-shapes"), exampleDeployment()]);
  const { vpn, awsRegion } = deployment.config;
  return endpoint(state, {
    DnsName: `*.${names.endpointId}.prod.clientvpn.${awsRegion}.amazonaws.com`,
    ClientCidrBlock: vpn.clientCidr,
    DnsServers: vpn.dnsServers,
    SplitTunnel: vpn.splitTunnel,
    TransportProtocol: vpn.transportProtocol,
    VpnPort: vpn.vpnPort,
    SessionTimeoutHours: vpn.sessionTimeoutHours,
    ServerCertificateArn: deployment.serverCertificateArn,
    AuthenticationOptions: [
      {
        Type: "federated-authentication",
        FederatedAuthentication: { SamlProviderArn: names.samlProviderArn, SelfServiceSamlProviderArn: names.selfServiceSamlProviderArn },
      },
    ],
    ConnectionLogOptions: { Enabled: true, CloudwatchLogGroup: names.logGroup, CloudwatchLogStream: names.logStream },
    VpcId: deployment.subnets[0].vpcId,
  });
}

/** What differs from the deployment `pulumi up` left; everything else is as the stack declared it. */
interface Changes {
  /** The second subnet is still associating on the first look. */
  secondSubnetAssociating?: boolean;
  /** The stack pins ACM's chain with vpn.serverCertificateCaChain (the fix the doctor gives for its warning). */
  acmChainPinned?: boolean;
  /** A CIDR block added to the endpoint's VPC after the subnets were associated (it gets no route). */
  vpcCidrAddedLater?: string;
  /** The build VPC's route back to the endpoint's VPC replaced by a default route through its NAT gateway. */
  buildReturnRouteViaNat?: boolean;
  /** Reply URLs as someone left them in the portal. */
  replyUrls?: string[];
  /** A group alias whose assignment to the application was removed in the portal. */
  unassignedGroup?: string;
}

/**
 * Both IAM SAML providers of the stack hold `metadata`, as `pulumi up` leaves them; any other ARN is NoSuchEntity
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetSAMLProvider.html, Errors).
 */
function iamProvidersHold(iam: typeof import("@aws-sdk/client-iam"), iamMock: AwsClientStub<IAMClient>, metadata: string): void {
  const unknown = new iam.NoSuchEntityException({ message: "The request was rejected because it referenced a resource entity that does not exist.", $metadata: {} });
  iamMock.on(iam.GetSAMLProviderCommand).rejects(unknown);
  for (const arn of [names.samlProviderArn, names.selfServiceSamlProviderArn]) {
    iamMock.on(iam.GetSAMLProviderCommand, { SAMLProviderArn: arn }).resolves({ SAMLMetadataDocument: metadata });
  }
}

/** The build VPC, peered in this account: its route table is visible, so the doctor checks its way back. */
const buildVpc = { id: "vpc-0b1d0000000000001", subnetId: "subnet-0b1d00000000000a1", subnetCidr: "10.1.2.0/24", routeTableId: "rtb-0b1d0000000000001" };

/**
 * Runs `npm run doctor -- --stack dev` against the example deployment with `changes` applied, and returns the
 * transcript: what it printed, then its exit code.
 */
async function doctor(changes: Changes): Promise<string> {
  const [
    { mockClient },
    ec2,
    iam,
    acm,
    shapes,
    { Day2GraphServer },
    { testEnvironment },
    { buildIdpMetadata },
    { desiredPolicyDefinition },
    { thumbprintOf },
    { runDoctorCommand },
    { clientReplyUrl, selfServiceReplyUrl },
    { clientCaChain },
    { renderAwsVpnClientProfile },
  ] = await Promise.all([
    import("aws-sdk-client-mock"),
    import("@aws-sdk/client-ec2"),
    import("@aws-sdk/client-iam"),
    import("@aws-sdk/client-acm"),
    import("../../../test/support/day2-aws-shapes"),
    import("../../../test/support/day2-graph-front"),
    import("../../../test/support/day2-environment"),
    import("../../../components/saml-metadata"),
    import("../../../components/graph/saml-signing-plan"),
    import("../../day2/signing-key"),
    import("../../day2/doctor-command"),
    import("../../../components/reply-urls"),
    import("../../../components/server-ca-chain"),
    import("../../../components/client-profile"),
  ]);
  const { X509Certificate } = await import("node:crypto");
  const deployment = await exampleDeployment();
  const { config, subnets, outputs, serverCertificateArn } = deployment;
  const pki = await amazonPki();
  const signingCertificate = (await entraSigningKey()).certificate;
  const thumbprint = thumbprintOf(signingCertificate.certificateBody);
  const graph = await new Day2GraphServer().start();
  const ec2Mock = mockClient(ec2.EC2Client);
  const iamMock = mockClient(iam.IAMClient);
  const acmMock = mockClient(acm.ACMClient);
  try {
    // Entra: the application, its service principal and the signing policy on both, as the stack leaves them.
    const application = graph.fake.addApplication({
      id: names.applicationObjectId,
      appId: names.applicationClientId,
      web: { redirectUris: changes.replyUrls ?? [clientReplyUrl, selfServiceReplyUrl] },
    });
    const policy = graph.fake.addPolicy({ displayName: `clientvpn-federation SAML signing ${application.id}`, definition: desiredPolicyDefinition() });
    const assigned = Object.entries(config.azure.groups).filter(([alias]) => alias !== changes.unassignedGroup);
    graph.fake.addServicePrincipal(application, {
      id: names.servicePrincipalObjectId,
      preferredTokenSigningKeyThumbprint: thumbprint,
      keyCredentials: [{ keyId: "k1", type: "AsymmetricX509Cert", usage: "Verify", endDateTime: config.azure.signingCertificateEndDate!, key: signingCertificate.certificateBody }],
      appRoleAssignedTo: assigned.map(([, groupId], index) => ({
        id: `assignment-${index}`,
        principalId: groupId,
        principalType: "Group",
        appRoleId: "00000000-0000-0000-0000-000000000000",
        resourceId: names.servicePrincipalObjectId,
      })),
      tokenIssuancePolicyIds: [policy.id],
    });
    application.tokenIssuancePolicyIds.push(policy.id);

    // AWS: the endpoint and what hangs off it. Unknown IDs are refused, as AWS refuses them.
    const [subnetA, subnetB] = subnets;
    const endpoint = await exampleEndpoint("available");
    const associated = subnets.map((subnet) => shapes.targetNetwork(subnet.id, "associated"));
    if (changes.secondSubnetAssociating) {
      ec2Mock
        .on(ec2.DescribeClientVpnEndpointsCommand, { ClientVpnEndpointIds: [names.endpointId] })
        .resolvesOnce({ ClientVpnEndpoints: [await exampleEndpoint("pending-associate")] })
        .resolves({ ClientVpnEndpoints: [endpoint] });
      ec2Mock
        .on(ec2.DescribeClientVpnTargetNetworksCommand, { ClientVpnEndpointId: names.endpointId })
        .resolvesOnce({ ClientVpnTargetNetworks: [shapes.targetNetwork(subnetA.id, "associated"), shapes.targetNetwork(subnetB.id, "associating")] })
        .resolves({ ClientVpnTargetNetworks: associated });
    } else {
      ec2Mock.on(ec2.DescribeClientVpnEndpointsCommand, { ClientVpnEndpointIds: [names.endpointId] }).resolves({ ClientVpnEndpoints: [endpoint] });
      ec2Mock.on(ec2.DescribeClientVpnTargetNetworksCommand, { ClientVpnEndpointId: names.endpointId }).resolves({ ClientVpnTargetNetworks: associated });
    }
    ec2Mock.on(ec2.DescribeClientVpnAuthorizationRulesCommand, { ClientVpnEndpointId: names.endpointId }).resolves({
      AuthorizationRules: config.access.flatMap((entry) =>
        entry.groups === "all" ? [shapes.authorizationRule(entry.cidr, "all", "active")] : entry.groups.map((group) => shapes.authorizationRule(entry.cidr, group.objectId, "active")),
      ),
    });
    // AWS adds a route for each VPC CIDR block through each subnet it associates; the stack routes every network
    // outside the VPC through each subnet.
    const outside = outputs.returnRoutes as { network: string }[];
    ec2Mock.on(ec2.DescribeClientVpnRoutesCommand, { ClientVpnEndpointId: names.endpointId }).resolves({
      Routes: [
        ...subnets.flatMap((subnet) => deployment.vpcCidrs.map((cidr) => shapes.route(cidr, subnet.id, "active", "associate"))),
        ...subnets.flatMap((subnet) => outside.map((target) => shapes.route(target.network, subnet.id, "active"))),
      ],
    });
    const vpcCidrs = [...deployment.vpcCidrs, ...(changes.vpcCidrAddedLater ? [changes.vpcCidrAddedLater] : [])];
    ec2Mock.on(ec2.DescribeVpcsCommand, { VpcIds: [subnetA.vpcId] }).resolves({
      Vpcs: [{ VpcId: subnetA.vpcId, CidrBlockAssociationSet: vpcCidrs.map((cidr) => ({ CidrBlock: cidr, CidrBlockState: { State: "associated" } })) }],
    });
    ec2Mock.on(ec2.DescribeSubnetsCommand).resolves({
      Subnets: [...subnets.map((subnet) => shapes.subnet(subnet.id, subnet.cidr, subnet.vpcId)), shapes.subnet(buildVpc.subnetId, buildVpc.subnetCidr, buildVpc.id)],
    });
    const buildRouteBack = changes.buildReturnRouteViaNat
      ? { cidr: "0.0.0.0/0", target: "nat-0b1d0000000000001" }
      : { cidr: deployment.vpcCidrs[0], target: "pcx-0123456789abcdef0" };
    ec2Mock.on(ec2.DescribeRouteTablesCommand).resolves({ RouteTables: [] });
    ec2Mock.on(ec2.DescribeRouteTablesCommand, { Filters: [{ Name: "association.subnet-id", Values: [buildVpc.subnetId] }] }).resolves({
      RouteTables: [shapes.routeTable(buildVpc.routeTableId, buildVpc.id, [{ subnetId: buildVpc.subnetId }], [{ cidr: "10.1.0.0/16" }, buildRouteBack])],
    });
    iamProvidersHold(iam, iamMock, buildIdpMetadata({ tenantId: config.tenantId, signingCertificate: signingCertificate.certificateBody }));
    const notFound = new acm.ResourceNotFoundException({ message: "Could not find certificate", $metadata: {} });
    acmMock.on(acm.DescribeCertificateCommand).rejects(notFound);
    acmMock.on(acm.GetCertificateCommand).rejects(notFound);
    acmMock
      .on(acm.DescribeCertificateCommand, { CertificateArn: serverCertificateArn })
      .resolves({ Certificate: { CertificateArn: serverCertificateArn, Type: "AMAZON_ISSUED", KeyAlgorithm: "RSA_2048", Status: "ISSUED" } });
    acmMock
      .on(acm.GetCertificateCommand, { CertificateArn: serverCertificateArn })
      .resolves({ Certificate: pki.serverCertificate, CertificateChain: pki.intermediate.certificatePem });

    // The profile the stack exports: Amazon's roots, and with the chain pinned ACM's intermediate too.
    const amazonRoots = () => [new X509Certificate(pki.root.certificatePem)];
    const source = changes.acmChainPinned ? { kind: "given" as const, caChainPem: pki.intermediate.certificatePem } : { kind: "amazon-issued" as const };
    const clientConfig = renderAwsVpnClientProfile({
      endpointDnsName: endpoint.DnsName!,
      vpnPort: config.vpn.vpnPort,
      transportProtocol: config.vpn.transportProtocol,
      caChainPem: clientCaChain(source, amazonRoots),
    });
    const stackConfig = { ...deployment.engineConfig };
    if (changes.acmChainPinned) {
      const vpn = JSON.parse(stackConfig["clientvpn-federation:vpn"]) as Record<string, unknown>;
      stackConfig["clientvpn-federation:vpn"] = JSON.stringify({ ...vpn, serverCertificateCaChain: pki.intermediate.certificatePem });
    }

    const env = testEnvironment({
      startMs: now,
      graphBaseUrl: graph.baseUrl,
      stacks: { dev: { outputs: { ...outputs, signingCertificateThumbprint: thumbprint, clientConfig }, config: stackConfig } },
    });
    const code = await runDoctorCommand(["--stack", "dev"], env);
    // A fake that no longer answers what the doctor asks shows as a check that could not run: fix the fake.
    const unanswered = env.stdout().split("\n").filter((line) => line.includes("could not check:"));
    if (unanswered.length > 0) throw new Error(`the fakes behind the doctor example do not answer every call:\n${unanswered.join("\n")}`);
    return transcript("npm run doctor -- --stack dev", `${env.stdout()}${env.err.join("")}$ echo $?\n${code}`);
  } finally {
    ec2Mock.restore();
    iamMock.restore();
    acmMock.restore();
    await graph.stop();
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
    "client-vpn-endpoint-id": names.endpointId,
    "transport-protocol": "udp",
    "connection-start-time": "2026-11-21 10:30:00",
    "connection-last-update-time": "2026-11-21 10:30:00",
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

/**
 * The morning's connection log: ana connected at 10:30; cy's session, begun at 10:05, ended at 11:05; ben signed in
 * at 11:44; dee's attempt was refused at 11:50.
 */
const connectionLog = [
  { minutesAgo: 116, message: logEntry({ "connection-id": "cvpn-connection-0ccccddddeeeeffff", "connection-start-time": "2026-11-21 10:04:00", "connection-last-update-time": "2026-11-21 10:04:00", "connection-attempt-status": "waiting-for-assertion", "client-ip": "NA", username: "cy@example.com", "device-type": "linux", "device-ip": "192.0.2.44" }) },
  { minutesAgo: 115, message: logEntry({ "connection-id": "cvpn-connection-0ccccddddeeeeffff", "connection-start-time": "2026-11-21 10:05:00", "connection-last-update-time": "2026-11-21 10:05:00", "client-ip": "172.20.0.9", username: "cy@example.com", "device-type": "linux", "device-ip": "192.0.2.44" }) },
  { minutesAgo: 91, message: logEntry({ "connection-start-time": "2026-11-21 10:29:00", "connection-last-update-time": "2026-11-21 10:29:00", "connection-attempt-status": "waiting-for-assertion", "client-ip": "NA" }) },
  { minutesAgo: 90, message: logEntry({}) },
  {
    minutesAgo: 55,
    message: logEntry({
      "connection-id": "cvpn-connection-0ccccddddeeeeffff",
      "connection-log-type": "connection-reset",
      "connection-attempt-status": "NA",
      "connection-start-time": "2026-11-21 10:05:00",
      "connection-last-update-time": "2026-11-21 11:05:00",
      "connection-end-time": "2026-11-21 11:05:00",
      "connection-duration-seconds": "3600",
      "client-ip": "172.20.0.9",
      username: "cy@example.com",
      "device-type": "linux",
      "device-ip": "192.0.2.44",
      "ingress-bytes": "21017",
      "egress-bytes": "16438",
    }),
  },
  { minutesAgo: 16, message: logEntry({ "connection-id": "cvpn-connection-0bbbbccccddddeeee", "connection-start-time": "2026-11-21 11:44:00", "connection-last-update-time": "2026-11-21 11:44:00", "connection-attempt-status": "waiting-for-assertion", "client-ip": "NA", username: "ben@example.com", "device-type": "win", "device-ip": "203.0.113.9" }) },
  { minutesAgo: 15, message: logEntry({ "connection-id": "cvpn-connection-0bbbbccccddddeeee", "connection-start-time": "2026-11-21 11:45:00", "connection-last-update-time": "2026-11-21 11:45:00", "client-ip": "172.20.0.70", username: "ben@example.com", "device-type": "win", "device-ip": "203.0.113.9" }) },
  {
    minutesAgo: 10,
    message: logEntry({
      "connection-id": "cvpn-connection-0ddddeeeeffff0000",
      "connection-start-time": "2026-11-21 11:50:00",
      "connection-last-update-time": "2026-11-21 11:50:00",
      "connection-attempt-status": "failed",
      "connection-attempt-failure-reason": "authorization-policy-deny",
      "client-ip": "NA",
      username: "dee@example.com",
      "device-type": "ios",
      "device-ip": "198.51.100.23",
    }),
  },
].map((event, index) => ({ logStreamName: names.logStream, timestamp: minutesAgo(event.minutesAgo), message: event.message, eventId: String(index + 1) }));

/** What the connections and logs examples read: the endpoint, its connections, and its connection log. */
async function endpointWithItsLog() {
  const [{ mockClient }, ec2, logs, shapes, { fakeFilterLogEvents }] = await Promise.all([
    import("aws-sdk-client-mock"),
    import("@aws-sdk/client-ec2"),
    import("@aws-sdk/client-cloudwatch-logs"),
    import("../../../test/support/day2-aws-shapes"),
    import("../../../test/support/fake-cloudwatch-logs"),
  ]);
  const ec2Mock = mockClient(ec2.EC2Client);
  const logsMock = mockClient(logs.CloudWatchLogsClient);
  ec2Mock.on(ec2.DescribeClientVpnEndpointsCommand, { ClientVpnEndpointIds: [names.endpointId] }).resolves({ ClientVpnEndpoints: [await exampleEndpoint("available")] });
  // AWS reports Username only for Active Directory users (API_ClientVpnConnection.html): SAML users have none here.
  const saml = { Username: undefined, CommonName: "NA" };
  ec2Mock.on(ec2.DescribeClientVpnConnectionsCommand, { ClientVpnEndpointId: names.endpointId }).resolves({
    Connections: [
      shapes.connection(saml),
      shapes.connection({ ...saml, ConnectionId: "cvpn-connection-0bbbbccccddddeeee", ClientIp: "172.20.0.70", ConnectionEstablishedTime: "2026-11-21 11:45:00", IngressBytes: "512", EgressBytes: "2048" }),
      shapes.connection({ ...saml, ConnectionId: "cvpn-connection-0ccccddddeeeeffff", ClientIp: "172.20.0.9", state: "terminated", ConnectionEstablishedTime: "2026-11-21 10:05:00", ConnectionEndTime: "2026-11-21 11:05:00" }),
    ],
  });
  fakeFilterLogEvents(logsMock, names.logGroup, connectionLog);
  const stacks = { dev: { outputs: (await exampleDeployment()).outputs, config: (await exampleDeployment()).engineConfig } };
  return {
    stacks,
    restore() {
      ec2Mock.restore();
      logsMock.restore();
    },
  };
}

/** Runs `npm run <command> -- <argv>` against the endpoint and its connection log; returns the transcript. */
async function againstTheLog(command: "connections" | "logs", argv: string[]): Promise<string> {
  const [{ testEnvironment }, { runConnectionsCommand }, { runLogsCommand }, cloud] = await Promise.all([
    import("../../../test/support/day2-environment"),
    import("../../day2/connections-command"),
    import("../../day2/logs-command"),
    endpointWithItsLog(),
  ]);
  try {
    const env = testEnvironment({ startMs: now, stacks: cloud.stacks });
    const code = await (command === "connections" ? runConnectionsCommand : runLogsCommand)(argv, env);
    if (code !== 0 || env.err.length > 0) throw new Error(`${command} exited ${code}: ${env.err.join("")}`);
    return transcript(`npm run ${command} -- ${argv.join(" ")}`, env.stdout());
  } finally {
    cloud.restore();
  }
}

/** A response captured from a tenant whose signing option is still "Sign SAML assertion" (Entra's default). */
async function samlCheckOfAnAssertionOnlyResponse(): Promise<string> {
  const [{ mockClient }, iam, { testEnvironment }, { buildIdpMetadata }, { runSamlCheckCommand }, { clientReplyUrl }] = await Promise.all([
    import("aws-sdk-client-mock"),
    import("@aws-sdk/client-iam"),
    import("../../../test/support/day2-environment"),
    import("../../../components/saml-metadata"),
    import("../../day2/saml-check-command"),
    import("../../../components/reply-urls"),
  ]);
  const { config, outputs, engineConfig } = await exampleDeployment();
  const idp = await entraSigningKey();
  const iamMock = mockClient(iam.IAMClient);
  try {
    iamProvidersHold(iam, iamMock, buildIdpMetadata({ tenantId: config.tenantId, signingCertificate: idp.certificate.certificateBody }));
    const capture = idp.buildResponse({
      issuer: `https://sts.windows.net/${config.tenantId}/`,
      audience: "urn:amazon:webservices:clientvpn",
      recipient: clientReplyUrl,
      nameId: "ana@example.com",
      attributes: { FirstName: "Ana", LastName: "Silva", memberOf: [config.azure.groups.engineers] },
      signResponse: false,
    });
    const env = testEnvironment({
      startMs: now,
      files: { "capture.txt": Buffer.from(capture).toString("base64") },
      stacks: { dev: { outputs, config: engineConfig } },
    });
    const code = await runSamlCheckCommand(["capture.txt", "--stack", "dev"], env);
    return transcript("npm run saml-check -- capture.txt --stack dev", `${env.stdout()}${env.err.join("")}$ echo $?\n${code}`);
  } finally {
    iamMock.restore();
  }
}

export const day2ExampleBlocks: readonly DocBlockSource[] = [
  {
    id: "example-doctor",
    volatile: [thumbprintPattern],
    // Right after `pulumi up`: the second association still settling, a reply URL edited in the portal (a trailing
    // slash added) and the engineers group's assignment removed.
    generate: () =>
      doctor({
        secondSubnetAssociating: true,
        replyUrls: ["http://127.0.0.1:35001/", "https://self-service.clientvpn.amazonaws.com/api/auth/sso/saml"],
        unassignedGroup: "engineers",
      }),
  },
  {
    id: "example-doctor-network",
    volatile: [thumbprintPattern],
    // Weeks later, with ACM's chain pinned: a CIDR block added to the VPC, and the build VPC's peering route replaced.
    generate: () => doctor({ acmChainPinned: true, vpcCidrAddedLater: "100.64.0.0/16", buildReturnRouteViaNat: true }),
  },
  // Two users connected now; cy's session ended an hour ago.
  { id: "example-connections", generate: () => againstTheLog("connections", ["--stack", "dev"]) },
  // The last hour of the same log: cy's disconnection, ben's sign-in, dee's refused attempt.
  { id: "example-logs", generate: () => againstTheLog("logs", ["--stack", "dev", "--since", "1h"]) },
  // A week asked for, three events wanted: the log is read from now backwards and reading stops once they are in hand.
  { id: "example-logs-limit", generate: () => againstTheLog("logs", ["--stack", "dev", "--since", "7d", "--limit", "3"]) },
  // The response is signed with a key made for the run: its size may differ by a few bytes.
  { id: "example-saml-check", volatile: [thumbprintPattern, / \d+\.\d KB/g], generate: samlCheckOfAnAssertionOnlyResponse },
];

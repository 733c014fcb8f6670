/**
 * Federations built by hand, recorded as the AWS APIs and Microsoft Graph v1.0 answer for them, for
 * `npm run adopt`'s tests. Shapes follow the API references (DescribeClientVpnEndpoints and friends,
 * GetSAMLProvider, DescribeLogGroups, DescribeCertificate; Graph's application, servicePrincipal,
 * appRoleAssignment and policy resources).
 *
 * - walkthrough(): the APN blog walkthrough (seeds/000): a non-gallery enterprise app "AWS Client VPN" with
 *   portal-made claims (group claim renamed memberOf, all groups), assertion-only signing (no token issuance
 *   policy), the reply URL fixed to http in the manifest, one group and one user assigned; an endpoint in a
 *   transit VPC with two subnets, allow-all rules for DNS and build, routes for both, the VPC's default
 *   security group, connection logging to a group of its own.
 * - portalAndThreeGroups(): the self-service portal with a provider of its own, three groups (one named by a
 *   rule but never assigned), assignment not required, the https reply URL left over, a TokenOnly signing
 *   policy the portal made, group claims for security groups, no connection logging, a custom security group,
 *   one network routed through one of the two subnets only, and the DNS resolver (a /32) for every user.
 * - secondEndpoint(): the walkthrough plus a second SAML endpoint in the same region.
 */
import type {
  AuthorizationRule,
  ClientVpnEndpoint,
  ClientVpnRoute,
  SecurityGroup,
  Subnet,
  TargetNetwork,
  Vpc,
} from "@aws-sdk/client-ec2";
import type { LogGroup } from "@aws-sdk/client-cloudwatch-logs";
import type { CertificateDetail } from "@aws-sdk/client-acm";
import { thumbprintOf } from "../../cli/day2/signing-key";
import type { FakeApplication, FakeApplicationTemplate, FakeGraphServer, FakeGroup, FakePolicy, FakeServicePrincipal } from "./fake-graph-server";
import { createTestCertificate } from "./test-certificates";

/** A tenant as the fake Graph (fake-graph-server.ts) serves it; assignments, owners and policy IDs sit on the objects. */
export interface RecordedTenant {
  applications: FakeApplication[];
  servicePrincipals: FakeServicePrincipal[];
  tokenIssuancePolicies: FakePolicy[];
  claimsMappingPolicies: FakePolicy[];
  groups: FakeGroup[];
  applicationTemplates: FakeApplicationTemplate[];
}

/** Serves `tenant` from `graph`, in place of whatever it held. */
export function serveTenant(graph: FakeGraphServer, tenant: RecordedTenant): void {
  graph.clear();
  for (const application of tenant.applications) graph.applications.set(application.id, application);
  for (const servicePrincipal of tenant.servicePrincipals) graph.servicePrincipals.set(servicePrincipal.id, servicePrincipal);
  for (const policy of tenant.tokenIssuancePolicies) graph.policies.set(policy.id, policy);
  for (const policy of tenant.claimsMappingPolicies) graph.addClaimsMappingPolicy(policy);
  for (const group of tenant.groups) graph.addGroup(group);
  for (const template of tenant.applicationTemplates) graph.addApplicationTemplate(template);
}

export interface RecordedSetup {
  region: string;
  accountId: string;
  endpoints: ClientVpnEndpoint[];
  byEndpoint: Record<string, { targetNetworks: TargetNetwork[]; rules: AuthorizationRule[]; routes: ClientVpnRoute[] }>;
  vpcs: Vpc[];
  subnets: Subnet[];
  samlProviders: Record<string, { SAMLMetadataDocument: string; ValidUntil: Date; CreateDate: Date; Tags: { Key: string; Value: string }[] }>;
  securityGroups: SecurityGroup[];
  logGroups: LogGroup[];
  certificates: Record<string, { detail: CertificateDetail; chain?: string }>;
  tenant: RecordedTenant;
  ids: {
    tenantId: string;
    endpointId: string;
    applicationObjectId: string;
    clientId: string;
    servicePrincipalObjectId: string;
    signingKeyId: string;
    signingThumbprint: string;
    signingCertificate: string;
  };
}

export const tenantId = "6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31";
export const accountId = "123456789012";
/** The "User" and "msiam_access" roles Entra gives a non-gallery application (its appRoles). */
export const userRoleId = "18d14569-c3bd-439b-9a66-3a2aee01d14f";
const msiamAccessRoleId = "b9632174-c057-4f7e-951b-be3adc52bfe6";
const nonGalleryTemplate = "8adf8e6e-67b2-4cf2-a259-e3dc5476c621";
const identifier = "urn:amazon:webservices:clientvpn";

/** IdP metadata as the portal's "Federation Metadata XML" download has it (signature and WS-Fed parts trimmed). */
export function portalMetadata(certificate: string): string {
  return [
    `<?xml version="1.0" encoding="utf-8"?><EntityDescriptor ID="_5c6b1c0e-1f7d-4b53-9e0a-2c4f1e8b7d31" entityID="https://sts.windows.net/${tenantId}/" xmlns="urn:oasis:names:tc:SAML:2.0:metadata">`,
    `<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></SignedInfo><SignatureValue>bm90IGNoZWNrZWQgaGVyZQ==</SignatureValue></Signature>`,
    `<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${certificate}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>`,
    `<SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://login.microsoftonline.com/${tenantId}/saml2"/>`,
    `<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://login.microsoftonline.com/${tenantId}/saml2"/>`,
    `<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://login.microsoftonline.com/${tenantId}/saml2"/>`,
    "</IDPSSODescriptor></EntityDescriptor>",
  ].join("");
}

function subnet(id: string, vpcId: string, cidr: string, zone: string): Subnet {
  return { SubnetId: id, VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: zone, AvailableIpAddressCount: 248, State: "available" };
}

function association(endpointId: string, subnetId: string, vpcId: string, associationId: string): TargetNetwork {
  return { AssociationId: associationId, ClientVpnEndpointId: endpointId, TargetNetworkId: subnetId, VpcId: vpcId, Status: { Code: "associated" }, SecurityGroups: [] };
}

function rule(endpointId: string, cidr: string, description: string, group?: string): AuthorizationRule {
  return {
    ClientVpnEndpointId: endpointId,
    DestinationCidr: cidr,
    Description: description,
    ...(group ? { GroupId: group, AccessAll: false } : { AccessAll: true }),
    Status: { Code: "active" },
  };
}

function route(endpointId: string, cidr: string, subnetId: string, origin: "associate" | "add-route", description?: string): ClientVpnRoute {
  return {
    ClientVpnEndpointId: endpointId,
    DestinationCidr: cidr,
    TargetSubnet: subnetId,
    Type: origin === "associate" ? "Nat" : "Nat",
    Origin: origin,
    Status: { Code: "active" },
    ...(description !== undefined ? { Description: description } : {}),
  };
}

/** One key per end date for the whole test file: making an RSA key is the slow part of a setup. */
const signingKeys = new Map<string, { certificate: string; thumbprint: string }>();
function signingKey(notAfter: string) {
  let key = signingKeys.get(notAfter);
  if (!key) {
    const certificate = createTestCertificate({ notBefore: new Date("2026-05-14T10:22:33Z"), notAfter: new Date(notAfter) });
    key = { certificate: certificate.certificateBody, thumbprint: thumbprintOf(certificate.certificateBody) };
    signingKeys.set(notAfter, key);
  }
  return key;
}

/** The walkthrough, recorded. */
export function walkthrough(): RecordedSetup {
  const endpointId = "cvpn-endpoint-0a1b2c3d4e5f60789";
  const vpcId = "vpc-0d1e2f3a4b5c6d7e8";
  const subnetA = "subnet-0aa11bb22cc33dd44";
  const subnetB = "subnet-0ee55ff66aa77bb88";
  const providerArn = `arn:aws:iam::${accountId}:saml-provider/AzureAD-ClientVPN`;
  const certificateArn = `arn:aws:acm:us-east-1:${accountId}:certificate/9f8e7d6c-5b4a-4321-8fed-cba987654321`;
  const applicationObjectId = "2b7c9a1e-4d3f-4e8a-9b2c-1d0e3f4a5b6c";
  const clientId = "c1c1c1c1-2d2d-4e3e-8f4f-5a5a5a5a5a5a";
  const servicePrincipalObjectId = "7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
  const vpnUsers = "0b7e4d2a-5c1f-4a3e-9d8b-7f6a2c1e0d93";
  const endDate = "2029-05-14T10:22:33Z";
  const key = signingKey(endDate);
  const signingKeyId = "0f0f0f0f-1e1e-4d2d-8c3c-4b4b4b4b4b4b";
  const endpoint: ClientVpnEndpoint = {
    ClientVpnEndpointId: endpointId,
    Description: "Client VPN for call centre agents",
    Status: { Code: "available" },
    CreationTime: "2020-06-02T09:12:44",
    DnsName: `*.${endpointId}.prod.clientvpn.us-east-1.amazonaws.com`,
    ClientCidrBlock: "172.16.0.0/22",
    DnsServers: ["10.2.0.2"],
    SplitTunnel: true,
    VpnProtocol: "openvpn",
    TransportProtocol: "udp",
    VpnPort: 443,
    ServerCertificateArn: certificateArn,
    AuthenticationOptions: [{ Type: "federated-authentication", FederatedAuthentication: { SamlProviderArn: providerArn } }],
    ConnectionLogOptions: { Enabled: true, CloudwatchLogGroup: "ClientVPN-Logs", CloudwatchLogStream: "connections" },
    VpcId: vpcId,
    SecurityGroupIds: ["sg-0default0000000001"],
    SessionTimeoutHours: 24,
    Tags: [{ Key: "Name", Value: "callcentre-vpn" }],
  };
  return {
    region: "us-east-1",
    accountId,
    endpoints: [endpoint],
    byEndpoint: {
      [endpointId]: {
        targetNetworks: [association(endpointId, subnetA, vpcId, "cvpn-assoc-0a0a0a0a0a0a0a0a1"), association(endpointId, subnetB, vpcId, "cvpn-assoc-0b0b0b0b0b0b0b0b2")],
        rules: [rule(endpointId, "10.2.0.0/16", "transit-dns"), rule(endpointId, "10.1.0.0/16", "build")],
        routes: [
          route(endpointId, "10.100.0.0/16", subnetA, "associate", "Default Route"),
          route(endpointId, "10.100.0.0/16", subnetB, "associate", "Default Route"),
          route(endpointId, "10.2.0.0/16", subnetA, "add-route", "transit DNS"),
          route(endpointId, "10.2.0.0/16", subnetB, "add-route", "transit DNS"),
          route(endpointId, "10.1.0.0/16", subnetA, "add-route"),
          route(endpointId, "10.1.0.0/16", subnetB, "add-route"),
        ],
      },
    },
    vpcs: [{ VpcId: vpcId, CidrBlock: "10.100.0.0/16", CidrBlockAssociationSet: [{ CidrBlock: "10.100.0.0/16", AssociationId: "vpc-cidr-assoc-01", CidrBlockState: { State: "associated" } }] }],
    subnets: [subnet(subnetA, vpcId, "10.100.1.0/24", "us-east-1a"), subnet(subnetB, vpcId, "10.100.2.0/24", "us-east-1b")],
    samlProviders: {
      [providerArn]: { SAMLMetadataDocument: portalMetadata(key.certificate), ValidUntil: new Date("2120-06-02T09:00:00Z"), CreateDate: new Date("2020-06-02T09:00:00Z"), Tags: [] },
    },
    securityGroups: [{ GroupId: "sg-0default0000000001", GroupName: "default", Description: "default VPC security group", VpcId: vpcId }],
    logGroups: [{ logGroupName: "ClientVPN-Logs", retentionInDays: 90, arn: `arn:aws:logs:us-east-1:${accountId}:log-group:ClientVPN-Logs:*` }],
    certificates: {
      [certificateArn]: {
        detail: { CertificateArn: certificateArn, DomainName: "vpn.example.com", Type: "AMAZON_ISSUED", KeyAlgorithm: "RSA_2048", Status: "ISSUED", NotAfter: new Date("2027-06-30T23:59:59Z") },
      },
    },
    tenant: {
      applications: [
        {
          id: applicationObjectId,
          appId: clientId,
          displayName: "AWS Client VPN",
          identifierUris: [identifier],
          // Step 5: the https reply URL the portal insists on, replaced in the manifest by the http one.
          web: { redirectUris: ["http://127.0.0.1:35001"], homePageUrl: null, logoutUrl: null, implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
          // Step 3: "Add a group claim ... AllGroups (groupId)".
          groupMembershipClaims: "All",
          notes: null,
          signInAudience: "AzureADMyOrg",
          api: { requestedAccessTokenVersion: null, acceptMappedClaims: null },
          optionalClaims: { saml2Token: [{ name: "groups", source: null, essential: false, additionalProperties: [] }], idToken: [], accessToken: [] },
          description: null,
          info: { marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
          serviceManagementReference: null,
          applicationTemplateId: nonGalleryTemplate,
          // Step 4 left as the portal made it: no token issuance policy, so Entra signs the assertion only.
          tokenIssuancePolicyIds: [],
        },
      ],
      servicePrincipals: [
        {
          id: servicePrincipalObjectId,
          appId: clientId,
          displayName: "AWS Client VPN",
          appRoleAssignmentRequired: true,
          preferredSingleSignOnMode: "saml",
          tags: ["WindowsAzureActiveDirectoryIntegratedApp", "WindowsAzureActiveDirectoryCustomSingleSignOnApplication"],
          notificationEmailAddresses: ["it-admin@example.com"],
          preferredTokenSigningKeyThumbprint: key.thumbprint,
          keyCredentials: [
            { keyId: "1e1e1e1e-2f2f-4a3a-8b4b-5c5c5c5c5c5c", type: "AsymmetricX509Cert", usage: "Sign", key: null, displayName: "CN=Microsoft Azure Federated SSO Certificate", startDateTime: "2026-05-14T10:22:33Z", endDateTime: endDate, customKeyIdentifier: Buffer.from(key.thumbprint, "hex").toString("base64") },
            { keyId: signingKeyId, type: "AsymmetricX509Cert", usage: "Verify", key: key.certificate, displayName: "CN=Microsoft Azure Federated SSO Certificate", startDateTime: "2026-05-14T10:22:33Z", endDateTime: endDate, customKeyIdentifier: Buffer.from(key.thumbprint, "hex").toString("base64") },
          ],
          applicationTemplateId: nonGalleryTemplate,
          appRoles: [
            { id: userRoleId, value: null, displayName: "User", isEnabled: true, allowedMemberTypes: ["User"], description: "User", origin: "Application" },
            { id: msiamAccessRoleId, value: null, displayName: "msiam_access", isEnabled: true, allowedMemberTypes: ["User"], description: "msiam_access", origin: "Application" },
          ],
          description: null,
          notes: null,
          loginUrl: null,
          alternativeNames: [],
          owners: ["a0a0a0a0-1b1b-4c2c-8d3d-4e4e4e4e4e4e"],
          appRoleAssignedTo: [
            { id: "KnR7C1wfSj6di39qLB4NkwRV4Pdn1aJIqJbDm4SqAZk", appRoleId: userRoleId, principalId: vpnUsers, principalType: "Group", principalDisplayName: "VPN Users", resourceId: servicePrincipalObjectId, resourceDisplayName: "AWS Client VPN" },
            { id: "p9mJg5dQH0uI8fT2l6bVcA3xK1yN7wE4rZ0sU5hO2jM", appRoleId: userRoleId, principalId: "5d5d5d5d-6e6e-4f7f-8a8a-9b9b9b9b9b9b", principalType: "User", principalDisplayName: "Steven Harper", resourceId: servicePrincipalObjectId, resourceDisplayName: "AWS Client VPN" },
          ],
          tokenIssuancePolicyIds: [],
          // Step 3's claims were made in the portal's claims blade: no claims-mapping policy in v1.0.
          claimsMappingPolicyIds: [],
        },
      ],
      tokenIssuancePolicies: [],
      claimsMappingPolicies: [],
      groups: [{ id: vpnUsers, displayName: "VPN Users" }],
      applicationTemplates: [],
    },
    ids: { tenantId, endpointId, applicationObjectId, clientId, servicePrincipalObjectId, signingKeyId, signingThumbprint: key.thumbprint, signingCertificate: key.certificate },
  };
}

/** The self-service portal and three groups, recorded. */
export function portalAndThreeGroups(): RecordedSetup {
  const setup = walkthrough();
  const { endpointId, servicePrincipalObjectId } = setup.ids;
  const portalArn = `arn:aws:iam::${accountId}:saml-provider/AzureAD-ClientVPN-Portal`;
  const engineers = "3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74";
  const operations = "4a3b2c1d-0e9f-4a8b-9c7d-6e5f4a3b2c1d";
  const finance = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";
  const endpoint = setup.endpoints[0];
  endpoint.AuthenticationOptions = [
    { Type: "federated-authentication", FederatedAuthentication: { SamlProviderArn: endpoint.AuthenticationOptions![0].FederatedAuthentication!.SamlProviderArn, SelfServiceSamlProviderArn: portalArn } },
  ];
  endpoint.SelfServicePortalUrl = `https://self-service.clientvpn.amazonaws.com/endpoints/${endpointId}`;
  endpoint.ConnectionLogOptions = { Enabled: false };
  endpoint.DnsServers = ["10.2.0.2"];
  endpoint.SecurityGroupIds = ["sg-0c1a2b3c4d5e6f708"];
  endpoint.SessionTimeoutHours = 12;
  setup.securityGroups = [{ GroupId: "sg-0c1a2b3c4d5e6f708", GroupName: "clientvpn-sg", Description: "Client VPN", VpcId: endpoint.VpcId }];
  setup.logGroups = [];
  setup.samlProviders[portalArn] = { ...setup.samlProviders[Object.keys(setup.samlProviders)[0]] };
  const [subnetA, subnetB] = setup.subnets.map((subnet) => subnet.SubnetId!);
  setup.byEndpoint[endpointId].rules = [
    // Every user may reach the resolver itself (a /32 of the endpoint's DNS server), nothing else of its VPC.
    rule(endpointId, "10.2.0.2/32", "dns resolver"),
    rule(endpointId, "10.3.0.0/16", "payments", engineers),
    rule(endpointId, "10.4.0.0/16", "ops tools", operations),
    rule(endpointId, "10.4.0.0/16", "ops tools", engineers),
    rule(endpointId, "10.5.0.0/16", "finance", finance),
  ];
  setup.byEndpoint[endpointId].routes = [
    route(endpointId, "10.100.0.0/16", subnetA, "associate", "Default Route"),
    route(endpointId, "10.100.0.0/16", subnetB, "associate", "Default Route"),
    ...["10.2.0.2/32", "10.3.0.0/16", "10.4.0.0/16"].flatMap((cidr) => [route(endpointId, cidr, subnetA, "add-route", ""), route(endpointId, cidr, subnetB, "add-route", "")]),
    // The finance network was routed through one subnet only.
    route(endpointId, "10.5.0.0/16", subnetA, "add-route", ""),
  ];
  const app = setup.tenant.applications[0];
  app.web = { ...app.web, redirectUris: ["https://127.0.0.1:35001", "http://127.0.0.1:35001", "https://self-service.clientvpn.amazonaws.com/api/auth/sso/saml"] };
  app.groupMembershipClaims = "SecurityGroup";
  app.optionalClaims = null;
  const sp = setup.tenant.servicePrincipals[0];
  sp.appRoleAssignmentRequired = false;
  sp.appRoleAssignedTo = [
    { id: "eng-assignment-0000000000000000000000000", appRoleId: userRoleId, principalId: engineers, principalType: "Group", principalDisplayName: "Engineers", resourceId: servicePrincipalObjectId, resourceDisplayName: "AWS Client VPN" },
    { id: "ops-assignment-0000000000000000000000000", appRoleId: userRoleId, principalId: operations, principalType: "Group", principalDisplayName: "Operations", resourceId: servicePrincipalObjectId, resourceDisplayName: "AWS Client VPN" },
  ];
  setup.tenant.groups = [
    { id: engineers, displayName: "Engineers" },
    { id: operations, displayName: "Operations" },
    { id: finance, displayName: "Finance" },
  ];
  // The portal's "Sign SAML assertion" option, stored as a token issuance policy on the application.
  const portalSigning: FakePolicy = {
    id: "c3c3c3c3-d4d4-4e5e-8f6f-a7a7a7a7a7a7",
    displayName: "TokenIssuancePolicy",
    definition: [JSON.stringify({ TokenIssuancePolicy: { Version: 1, SigningAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", TokenResponseSigningPolicy: "TokenOnly", SamlTokenVersion: "2.0" } })],
    description: null,
    isOrganizationDefault: false,
  };
  setup.tenant.tokenIssuancePolicies = [portalSigning];
  app.tokenIssuancePolicyIds = [portalSigning.id];
  return setup;
}

/** The walkthrough with a second SAML endpoint beside it in the region. */
export function secondEndpoint(): RecordedSetup {
  const setup = walkthrough();
  const other = "cvpn-endpoint-0f9e8d7c6b5a43210";
  setup.endpoints.push({
    ...setup.endpoints[0],
    ClientVpnEndpointId: other,
    Description: "Contractors",
    ClientCidrBlock: "172.18.0.0/22",
    DnsName: `*.${other}.prod.clientvpn.us-east-1.amazonaws.com`,
  });
  // A certificate-authenticated endpoint is no federation and never counts.
  setup.endpoints.push({
    ...setup.endpoints[0],
    ClientVpnEndpointId: "cvpn-endpoint-0c0c0c0c0c0c0c0c0",
    Description: "Break-glass (certificates)",
    AuthenticationOptions: [{ Type: "certificate-authentication", MutualAuthentication: { ClientRootCertificateChain: `arn:aws:acm:us-east-1:${accountId}:certificate/0c0c0c0c-0c0c-4c0c-8c0c-0c0c0c0c0c0c` } }],
  });
  return setup;
}

/** The ID this recorded gallery gives Microsoft's "AWS ClientVPN" application template. */
export const galleryTemplateId = "e5c1a4f2-3b7d-4c9e-8a6f-1d2b3c4d5e6f";

/**
 * The walkthrough built with Microsoft's gallery application "AWS ClientVPN" instead of a non-gallery one
 * (the Entra tutorial aws-clientvpn-tutorial.md): its template preset the identifier and the claims, so there
 * is no group claim setting and no optional claim; the template's msiam_access role is the one groups are
 * assigned with. The self-service portal is on and signs in through the endpoint's own IAM SAML provider (its
 * SelfServiceSAMLProviderArn is the main one). The rules name groups, and one names a group by its name
 * ("VPN-Admins"), as rules written for Active Directory sign-in do.
 */
export function galleryApp(): RecordedSetup {
  const setup = walkthrough();
  const { endpointId, servicePrincipalObjectId } = setup.ids;
  const vpnUsers = setup.tenant.groups[0].id;
  const app = setup.tenant.applications[0];
  Object.assign(app, { displayName: "AWS ClientVPN", applicationTemplateId: galleryTemplateId, groupMembershipClaims: null, optionalClaims: null });
  app.web = { ...app.web, redirectUris: ["http://127.0.0.1:35001", "https://self-service.clientvpn.amazonaws.com/api/auth/sso/saml"] };
  const endpoint = setup.endpoints[0];
  const mainProvider = endpoint.AuthenticationOptions![0].FederatedAuthentication!.SamlProviderArn!;
  endpoint.AuthenticationOptions = [{ Type: "federated-authentication", FederatedAuthentication: { SamlProviderArn: mainProvider, SelfServiceSamlProviderArn: mainProvider } }];
  endpoint.SelfServicePortalUrl = `https://self-service.clientvpn.amazonaws.com/endpoints/${endpointId}`;
  const sp = setup.tenant.servicePrincipals[0];
  Object.assign(sp, {
    displayName: "AWS ClientVPN",
    applicationTemplateId: galleryTemplateId,
    tags: ["WindowsAzureActiveDirectoryIntegratedApp", "WindowsAzureActiveDirectoryGalleryApplicationNonPrimaryV1"],
    appRoles: [{ id: msiamAccessRoleId, value: null, displayName: "msiam_access", isEnabled: true, allowedMemberTypes: ["User"], description: "msiam_access", origin: "Application" }],
  });
  sp.appRoleAssignedTo = [
    { id: "gallery-assignment-000000000000000000000", appRoleId: msiamAccessRoleId, principalId: vpnUsers, principalType: "Group", principalDisplayName: "VPN Users", resourceId: servicePrincipalObjectId, resourceDisplayName: "AWS ClientVPN" },
  ];
  setup.tenant.applicationTemplates = [{ id: galleryTemplateId, displayName: "AWS ClientVPN" }];
  const [subnetA, subnetB] = setup.subnets.map((subnet) => subnet.SubnetId!);
  const recorded = setup.byEndpoint[endpointId];
  recorded.rules = [rule(endpointId, "10.2.0.0/16", "transit-dns", vpnUsers), rule(endpointId, "10.1.0.0/16", "build", vpnUsers), rule(endpointId, "10.9.0.0/16", "admins", "VPN-Admins")];
  recorded.routes.push(route(endpointId, "10.9.0.0/16", subnetA, "add-route", "admins"), route(endpointId, "10.9.0.0/16", subnetB, "add-route", "admins"));
  return setup;
}

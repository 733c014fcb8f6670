import { expect } from "vitest";
import type { PolicyPackConfig, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { type PackResource, type Violation, runPolicy } from "../evaluate";
import { ResourceType } from "../lib/resource-types";

/**
 * Test fixtures for the policy pack, after pulumi/pulumi-policy-aws src/tests/util.ts: build the
 * resources a stack would show the engine, run one policy over them, and assert on what it reports.
 */

/** What the engine sends for any value not known during preview. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const urnOf = (type: string, name: string): string => `urn:pulumi:dev::clientvpn-federation::${type}::${name}`;

export function resource(type: string, name: string, props: Record<string, unknown>, dependsOn: string[] = []): PackResource {
  return { type, name, urn: urnOf(type, name), props, dependsOn };
}

export const GROUP_ENGINEERS = "3f1c2a9e-5b7d-4e60-9a1f-0c2d3e4f5a6b";
export const GROUP_ADMINS = "8a7b6c5d-4e3f-4a2b-9c1d-0e1f2a3b4c5d";
const SAML_ARN = "arn:aws:iam::123456789012:saml-provider/clientvpn";
const SELF_SERVICE_SAML_ARN = "arn:aws:iam::123456789012:saml-provider/clientvpn-self-service";

export const logGroup = (props: Record<string, unknown> = {}): PackResource =>
  resource(ResourceType.logGroup, "connection-logs", { name: "/clientvpn/dev/connections", retentionInDays: 90, ...props });

export const endpoint = (props: Record<string, unknown> = {}, dependsOn: string[] = []): PackResource =>
  resource(
    ResourceType.clientVpnEndpoint,
    "vpn",
    {
      authenticationOptions: [{ type: "federated-authentication", samlProviderArn: SAML_ARN, selfServiceSamlProviderArn: SELF_SERVICE_SAML_ARN }],
      connectionLogOptions: { enabled: true, cloudwatchLogGroup: "/clientvpn/dev/connections", cloudwatchLogStream: "connections" },
      splitTunnel: true,
      sessionTimeoutHours: 12,
      selfServicePortal: "enabled",
      clientCidrBlock: "10.250.0.0/22",
      securityGroupIds: ["sg-0123456789abcdef0"],
      vpcId: "vpc-0123456789abcdef0",
      dnsServers: ["10.0.0.2"],
      transportProtocol: "udp",
      vpnPort: 443,
      ...props,
    },
    dependsOn,
  );

export const rule = (name: string, props: Record<string, unknown>, dependsOn: string[] = []): PackResource =>
  resource(ResourceType.authorizationRule, name, { clientVpnEndpointId: "cvpn-endpoint-0123456789abcdef0", ...props }, dependsOn);

export const samlProvider = (name: string, props: Record<string, unknown> = {}): PackResource =>
  resource(ResourceType.samlProvider, name, { name, samlMetadataDocument: "<EntityDescriptor/>", ...props });

export const application = (props: Record<string, unknown> = {}): PackResource =>
  resource(ResourceType.applicationRegistration, "clientvpn-app", {
    displayName: "AWS Client VPN (dev)",
    groupMembershipClaims: ["ApplicationGroup"],
    requestedAccessTokenVersion: 2,
    ...props,
  });

export const identifierUri = (props: Record<string, unknown> = {}): PackResource =>
  resource(ResourceType.applicationIdentifierUri, "clientvpn-identifier", {
    applicationId: "/applications/00000000-0000-0000-0000-000000000001",
    identifierUri: "urn:amazon:webservices:clientvpn",
    ...props,
  });

export const redirectUris = (props: Record<string, unknown> = {}): PackResource =>
  resource(ResourceType.applicationRedirectUris, "clientvpn-reply-urls", {
    applicationId: "/applications/00000000-0000-0000-0000-000000000001",
    type: "Web",
    redirectUris: ["http://127.0.0.1:35001", "https://self-service.clientvpn.amazonaws.com/api/auth/sso/saml"],
    ...props,
  });

export const servicePrincipal = (props: Record<string, unknown> = {}): PackResource =>
  resource(ResourceType.servicePrincipal, "clientvpn-sp", {
    clientId: "00000000-0000-0000-0000-000000000002",
    appRoleAssignmentRequired: true,
    preferredSingleSignOnMode: "saml",
    ...props,
  });

export const signingCertificate = (props: Record<string, unknown> = {}): PackResource =>
  resource(ResourceType.tokenSigningCertificate, "clientvpn-signing", {
    servicePrincipalId: "/servicePrincipals/00000000-0000-0000-0000-000000000003",
    endDate: "2029-11-21T00:00:00Z",
    ...props,
  });

export const assignment = (name: string, group: string): PackResource =>
  resource(ResourceType.appRoleAssignment, name, {
    principalObjectId: group,
    resourceObjectId: "00000000-0000-0000-0000-000000000003",
    appRoleId: "00000000-0000-0000-0000-000000000000",
  });

export const signingSettings = (props: Record<string, unknown> = {}): PackResource =>
  resource(ResourceType.samlSigningSettings, "clientvpn-signing-settings", {
    tenantId: "11111111-2222-3333-4444-555555555555",
    environment: "global",
    applicationObjectId: "00000000-0000-0000-0000-000000000001",
    servicePrincipalObjectId: "00000000-0000-0000-0000-000000000003",
    signingCertificateThumbprint: "0123456789ABCDEF0123456789ABCDEF01234567",
    // Outputs of the dynamic provider once the resource exists.
    tokenResponseSigningPolicy: "ResponseAndToken",
    preferredTokenSigningKeyThumbprint: "0123456789ABCDEF0123456789ABCDEF01234567",
    ...props,
  });

export const egressRule = (props: Record<string, unknown> = {}): PackResource =>
  resource(ResourceType.securityGroupEgressRule, "vpn-egress-vpc", {
    securityGroupId: "sg-0123456789abcdef0",
    ipProtocol: "-1",
    cidrIpv4: "10.0.0.0/16",
    ...props,
  });

const NAME_ID_CLAIM_TYPE = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier";

/** The claims AWS reads, as a claims-mapping ClaimsSchema (the program's shape, see components/saml-claims.ts). */
export const AWS_CLAIMS: { ID: string; SamlClaimType?: string; Source?: string }[] = [
  { ID: "userprincipalname", SamlClaimType: NAME_ID_CLAIM_TYPE },
  { ID: "givenname", SamlClaimType: "FirstName" },
  { ID: "surname", SamlClaimType: "LastName" },
  { ID: "groups" },
  { Source: "transformation", ID: "memberOf", SamlClaimType: "memberOf" },
];

export function claimsDefinition(claims: { ID: string; SamlClaimType?: string; Source?: string }[]): string {
  return JSON.stringify({
    ClaimsMappingPolicy: { Version: 1, IncludeBasicClaimSet: "true", ClaimsSchema: claims.map((claim) => ({ Source: "user", ...claim })) },
  });
}

export const claimsPolicy = (definitions: unknown = [claimsDefinition(AWS_CLAIMS)]): PackResource =>
  resource(ResourceType.claimsMappingPolicy, "clientvpn-claims", { displayName: "AWS Client VPN claims", definitions });

/** The policy's assignment to the service principal, after the signing settings, as the program declares it. */
export const claimsAssignment = (dependsOn: string[] = [servicePrincipal().urn, claimsPolicy().urn, signingSettings().urn]): PackResource =>
  resource(
    ResourceType.claimsMappingPolicyAssignment,
    "clientvpn-claims-assignment",
    { servicePrincipalId: "/servicePrincipals/00000000-0000-0000-0000-000000000003", claimsMappingPolicyId: "00000000-0000-0000-0000-000000000004" },
    dependsOn,
  );

/** azure.groupClaim: gallery-app: the AWS ClientVPN gallery app, instantiated from its template. */
export const galleryApplication = (props: Record<string, unknown> = {}): PackResource =>
  resource(ResourceType.applicationFromTemplate, "clientvpn-gallery-app", {
    displayName: "AWS Client VPN (dev)",
    templateId: "00000000-0000-0000-0000-0000000000a1",
    ...props,
  });

/** What GalleryAppSettings shows once it ran (its outputs), overridable. */
export const gallerySettings = (props: Record<string, unknown> = {}): PackResource =>
  resource(ResourceType.galleryAppSettings, "clientvpn-gallery-settings", {
    tenantId: "11111111-2222-3333-4444-555555555555",
    applicationObjectId: "00000000-0000-0000-0000-000000000001",
    servicePrincipalObjectId: "00000000-0000-0000-0000-000000000003",
    groupMembershipClaims: "ApplicationGroup",
    requestedAccessTokenVersion: 2,
    appRoleAssignmentRequired: true,
    preferredSingleSignOnMode: "saml",
    ...props,
  });

/** A stack every policy accepts: the shape the program is meant to deploy. */
export function compliantStack(): PackResource[] {
  const logs = logGroup();
  const vpn = endpoint({}, [logs.urn]);
  return [
    logs,
    samlProvider("clientvpn"),
    samlProvider("clientvpn-self-service"),
    vpn,
    rule("dns", { targetNetworkCidr: "10.0.0.2/32", authorizeAllGroups: true }, [vpn.urn]),
    rule("engineers-vpc", { targetNetworkCidr: "10.0.0.0/16", accessGroupId: GROUP_ENGINEERS }, [vpn.urn]),
    rule("admins-peered", { targetNetworkCidr: "10.20.0.0/16", accessGroupId: GROUP_ADMINS }, [vpn.urn]),
    resource(ResourceType.securityGroup, "vpn-sg", { vpcId: "vpc-0123456789abcdef0", description: "Client VPN" }),
    egressRule(),
    application(),
    identifierUri(),
    redirectUris(),
    servicePrincipal(),
    claimsPolicy(),
    claimsAssignment(),
    signingCertificate(),
    signingSettings(),
    assignment("engineers", GROUP_ENGINEERS),
    assignment("admins", GROUP_ADMINS),
  ];
}

/** The same stack on the gallery route: the gallery app and its settings instead of our app, service principal and claims policy. */
export function compliantGalleryStack(): PackResource[] {
  const ownAppOnly = new Set<string>([ResourceType.applicationRegistration, ResourceType.servicePrincipal, ResourceType.claimsMappingPolicy, ResourceType.claimsMappingPolicyAssignment]);
  return [...compliantStack().filter((r) => !ownAppOnly.has(r.type)), galleryApplication(), gallerySettings()];
}


export function violationsOf(
  policy: ResourceValidationPolicy | StackValidationPolicy,
  resources: PackResource[],
  config: PolicyPackConfig = {},
): Violation[] {
  return runPolicy(policy, resources, config);
}

/**
 * Asserts exactly one violation, reported against the resource, whose message names it (by name
 * and URN) and says how to fix it with the given words.
 */
export function expectOneViolation(violations: Violation[], offender: PackResource, ...fixWords: string[]): Violation {
  expect(violations, JSON.stringify(violations, null, 2)).toHaveLength(1);
  const [found] = violations;
  expect(found.urn).toBe(offender.urn);
  expect(found.message).toContain(`"${offender.name}"`);
  expect(found.message).toContain(offender.urn);
  expect(found.message).toMatch(/Fix: /);
  for (const words of fixWords) expect(found.message.split("Fix: ")[1]).toContain(words);
  return found;
}

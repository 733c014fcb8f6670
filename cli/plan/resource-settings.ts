import { RecordedResource } from "./recording-mocks";
import { PlanLabels } from "./plan-labels";

/**
 * The settings worth reading per resource type, as short phrases. Types without an entry show
 * none: their name and place in the tree say enough.
 */
type Describe = (state: Record<string, unknown>, labels: PlanLabels) => (string | undefined)[];

const onOff = (value: unknown) => (value ? "on" : "off");

/** The SAML claim types a ClaimsMappingPolicy definition emits, NameID first. */
export function emittedClaims(definitions: unknown): string[] {
  const [definition] = Array.isArray(definitions) ? definitions : [];
  if (typeof definition !== "string") return [];
  try {
    const schema = (JSON.parse(definition) as { ClaimsMappingPolicy?: { ClaimsSchema?: { SamlClaimType?: string }[] } }).ClaimsMappingPolicy?.ClaimsSchema ?? [];
    return schema
      .map((claim) => claim.SamlClaimType)
      .filter((type): type is string => typeof type === "string")
      .map((type) => (type.endsWith("/nameidentifier") ? "NameID" : type));
  } catch {
    return [];
  }
}

export function groupLabel(objectId: string | undefined, labels: PlanLabels): string {
  if (!objectId) return "all assigned users";
  const alias = labels.groupAlias(objectId);
  return alias ? `${alias} (${objectId})` : objectId;
}

export function networkLabel(cidr: string, labels: PlanLabels): string {
  const name = labels.networkName(cidr);
  return name ? `${name} ${cidr}` : cidr;
}

export function subnetLabel(subnetId: string, labels: PlanLabels): string {
  const subnet = labels.subnet(subnetId);
  return subnet ? `${labels.show(subnetId)} (${subnet.availabilityZone}, ${subnet.cidr})` : labels.show(subnetId);
}

const describers: Record<string, Describe> = {
  "aws:ec2clientvpn/endpoint:Endpoint": (s, l) => [
    `id ${l.show(s.id)}`,
    `client CIDR ${String(s.clientCidrBlock)}`,
    `${String(s.transportProtocol)}/${String(s.vpnPort)}`,
    `split tunnel ${onOff(s.splitTunnel)}`,
    `session timeout ${String(s.sessionTimeoutHours)} h`,
    `self-service portal ${String(s.selfServicePortal)}`,
    Array.isArray(s.dnsServers) && s.dnsServers.length ? `DNS ${s.dnsServers.join(", ")}` : "DNS from the client's network",
    `server certificate ${l.show(s.serverCertificateArn)}`,
    `DNS name ${l.show(s.dnsName)}`,
  ],
  "aws:ec2clientvpn/networkAssociation:NetworkAssociation": (s, l) => [`subnet ${subnetLabel(String(s.subnetId), l)}`],
  "aws:ec2clientvpn/authorizationRule:AuthorizationRule": (s, l) => [
    `${networkLabel(String(s.targetNetworkCidr), l)} for ${groupLabel(s.accessGroupId as string | undefined, l)}`,
  ],
  "aws:ec2clientvpn/route:Route": (s, l) => [`${networkLabel(String(s.destinationCidrBlock), l)} via ${subnetLabel(String(s.targetVpcSubnetId), l)}`],
  "aws:iam/samlProvider:SamlProvider": (s, l) => [`arn ${l.show(s.arn)}`, `metadata ${String(s.samlMetadataDocument ?? "").length} bytes`],
  "aws:cloudwatch/logGroup:LogGroup": (s, l) => [`name ${l.show(s.name)}`, `retention ${String(s.retentionInDays)} days`],
  "aws:cloudwatch/logStream:LogStream": (s) => [`name ${String(s.name)}`],
  "aws:ec2/securityGroup:SecurityGroup": (s, l) => [`id ${l.show(s.id)}`, `VPC ${String(s.vpcId)}`, "no egress but the rules below"],
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (s, l) => [`egress to ${networkLabel(String(s.cidrIpv4), l)}`],
  "aws:acm/certificate:Certificate": (s, l) => [`${String(s.domainName)}, validated by ${String(s.validationMethod)}`, `arn ${l.show(s.arn)}`],
  "aws:route53/record:Record": (s, l) => [`${l.show(s.name)} ${String(s.type)} in zone ${String(s.zoneId)}`],
  "azuread:index/applicationRegistration:ApplicationRegistration": (s, l) => [
    `"${String(s.displayName)}"`,
    `client ID ${l.show(s.clientId)}`,
    `token version ${String(s.requestedAccessTokenVersion)}`,
    `group claims ${Array.isArray(s.groupMembershipClaims) ? s.groupMembershipClaims.join(", ") : "-"}`,
  ],
  "azuread:index/applicationFromTemplate:ApplicationFromTemplate": (s, l) => [
    `gallery app AWS ClientVPN as "${String(s.displayName)}"`,
    `template ${l.show(s.templateId)}`,
    `service principal ${l.show(s.servicePrincipalObjectId)}`,
  ],
  "pulumi-nodejs:dynamic/entra:GalleryAppSettings": (s, l) => [
    `client ID ${l.show(s.applicationClientId)}`,
    `token version ${String(s.requestedAccessTokenVersion)}`,
    `group claims ${String(s.groupMembershipClaims)}`,
    `SSO mode ${String(s.preferredSingleSignOnMode)}`,
    s.appRoleAssignmentRequired ? "assignment required" : "open to every user",
    `assignments use app role ${l.show(s.assignmentAppRoleId)}`,
  ],
  "azuread:index/applicationIdentifierUri:ApplicationIdentifierUri": (s) => [`identifier ${String(s.identifierUri)}`],
  "azuread:index/applicationRedirectUris:ApplicationRedirectUris": (s) => [
    `reply URLs ${Array.isArray(s.redirectUris) ? s.redirectUris.join(", ") : "-"}`,
  ],
  "azuread:index/servicePrincipal:ServicePrincipal": (s, l) => [
    `object ID ${l.show(s.objectId)}`,
    `SSO mode ${String(s.preferredSingleSignOnMode)}`,
    s.appRoleAssignmentRequired ? "assignment required" : "open to every user",
  ],
  "azuread:index/claimsMappingPolicy:ClaimsMappingPolicy": (s) => [`claims ${emittedClaims(s.definitions).join(", ")}`],
  "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate": (s, l) => [
    `signing certificate until ${l.show(s.endDate)}`,
    `thumbprint ${l.show(s.thumbprint)}`,
  ],
  "pulumi-nodejs:dynamic/entra:SamlSigningSettings": (s) => [
    `sign ${s.tokenResponseSigningPolicy === "ResponseAndToken" ? "response and assertion" : String(s.tokenResponseSigningPolicy)}`,
    "make the certificate the active signing key",
  ],
  "azuread:index/appRoleAssignment:AppRoleAssignment": (s, l) => [`assign ${groupLabel(String(s.principalObjectId), l)}`],
};

export function describeResource(resource: RecordedResource, labels: PlanLabels): string[] {
  const describe = describers[resource.type];
  return describe ? describe(resource.state, labels).filter((phrase): phrase is string => phrase !== undefined) : [];
}

/**
 * `aws:ec2clientvpn/endpoint:Endpoint` -> `aws.ec2clientvpn.Endpoint`, the name a Pulumi user writes;
 * components keep their full type.
 */
export function displayType(type: string): string {
  const match = /^([^:]+):([^/:]+)(?:\/[^:]*)?:([^:]+)$/.exec(type);
  if (!match || !type.includes("/")) return type;
  const [, pkg, module, name] = match;
  if (pkg === "pulumi-nodejs") return `dynamic ${name}`;
  return module === "index" ? `${pkg}.${name}` : `${pkg}.${module}.${name}`;
}

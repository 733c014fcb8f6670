/**
 * The stack configuration that reproduces a live federation, and what adopt found but cannot express in it.
 * Pure. Everything whose change would replace a resource users depend on is mirrored exactly: the client CIDR,
 * transport protocol, authentication options and SAML providers (by name), rule and route descriptions, the
 * assignment app role and the signing certificate's end date. Networks and groups get readable aliases from
 * rule descriptions and group names.
 */
import { configNamespace, logRetentionDaysAllowed, sessionTimeoutHoursAllowed, vpnPortsAllowed } from "../../components/config";
import { assignmentAppRoleId, defaultAccessAppRoleId } from "../../components/app-roles";
import { groupClaimSetting, type GroupClaimRoute } from "../../components/group-claim-route";
import { contains, ipv4Network, parseIpv4Cidr } from "../../components/cidr";
import { groupClaimRouteOf } from "./live-group-claim-route";
import { activeVerifyCredential } from "./signing-credential";
import type { LiveFederation } from "./live-federation";

/**
 * Where a finding goes in the report: found and left alone; could not be mapped; or kept as it is although the
 * program's policy pack refuses it, so the user decides before `pulumi up`.
 */
export type FindingKind = "unmanaged" | "unmapped" | "decide";

export interface Finding {
  kind: FindingKind;
  /** What was found, e.g. "security group sg-0123 (default)". */
  subject: string;
  /** What happens to it and, when the user must act, what to do. */
  detail: string;
}

export interface AccessEntrySetting {
  name: string;
  cidr: string;
  groups: "all" | string[];
  description: string;
}

/** The stack file's `config:` section, key by key, as Pulumi stores it. */
export type StackSettings = Record<string, unknown>;

export interface AdoptedStack {
  settings: StackSettings;
  findings: Finding[];
  /** Group object ID -> alias written to azure.groups. */
  aliases: Record<string, string>;
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The program's rules for aliases and access entry names (components/config.ts). */
const aliasMaxLength = 63;
const accessNameMaxLength = 63;

export function adoptedStackSettings(live: LiveFederation, now: Date): AdoptedStack {
  const findings: Finding[] = [];
  const { aws, entra } = live;
  const endpoint = aws.endpoint;

  // Groups: every group assigned to the application, then every group a rule names that is not assigned yet
  // (the program assigns each, so the memberOf claim limited to assigned groups still carries it).
  const aliases = groupAliases(live, findings);
  const groups = Object.fromEntries(Object.entries(aliases).map(([id, alias]) => [alias, id]));

  // Access: one entry per (network, description, all-or-groups); each rule's description is ForceNew.
  const access = accessEntries(live, aliases, findings);

  const federated = (endpoint.AuthenticationOptions ?? []).find((option) => option.FederatedAuthentication)?.FederatedAuthentication;
  const mainProvider = aws.samlProviders.find((provider) => provider.arn === federated?.SamlProviderArn);
  const selfServicePortal = Boolean(endpoint.SelfServicePortalUrl);
  const portalArn = federated?.SelfServiceSamlProviderArn;
  const portalProvider = aws.samlProviders.find((provider) => provider.arn === portalArn);

  const otherAuthentication = (endpoint.AuthenticationOptions ?? []).filter((option) => option.Type !== "federated-authentication");
  for (const option of otherAuthentication) {
    findings.push({
      kind: "unmapped",
      subject: `the endpoint's ${option.Type} authentication`,
      detail: "the program declares SAML federation only, and authentication options force a new endpoint; adopt cannot take this endpoint over",
    });
  }

  const vpn: Record<string, unknown> = {
    vpcId: aws.vpc.id,
    subnetIds: aws.targetNetworks.map((network) => network.TargetNetworkId).filter(Boolean),
    clientCidr: endpoint.ClientCidrBlock,
    serverCertificateArn: endpoint.ServerCertificateArn,
    ...(aws.certificate.readable && aws.certificate.type === "IMPORTED" && aws.certificate.chainPem ? { serverCertificateCaChain: aws.certificate.chainPem } : {}),
    ...(endpoint.DnsServers?.length ? { dnsServers: endpoint.DnsServers } : {}),
    splitTunnel: endpoint.SplitTunnel ?? false,
    transportProtocol: endpoint.TransportProtocol ?? "udp",
    vpnPort: endpoint.VpnPort ?? 443,
    sessionTimeoutHours: endpoint.SessionTimeoutHours ?? 24,
    selfServicePortal,
    ...(endpoint.ClientLoginBannerOptions?.Enabled && endpoint.ClientLoginBannerOptions.BannerText ? { loginBanner: endpoint.ClientLoginBannerOptions.BannerText } : {}),
    logRetentionDays: logRetention(live, findings),
  };
  checkAllowed(findings, "vpn.vpnPort", endpoint.VpnPort, vpnPortsAllowed);
  checkAllowed(findings, "vpn.sessionTimeoutHours", endpoint.SessionTimeoutHours, sessionTimeoutHoursAllowed);
  if (aws.certificate.readable && aws.certificate.type === "IMPORTED" && !aws.certificate.chainPem) {
    findings.push({
      kind: "unmapped",
      subject: `server certificate ${aws.certificate.arn} (imported into ACM, no chain)`,
      detail: "the client profile needs the CA that signed it; set vpn.serverCertificateCaChain to that CA's PEM before pulumi up",
    });
  }

  const adopted: Record<string, unknown> = {
    applicationClientId: entra.application.appId,
    ...(mainProvider ? { samlProviderName: mainProvider.name } : {}),
  };
  if (selfServicePortal) {
    adopted.selfServiceSamlProvider = !portalArn ? "none" : portalArn === mainProvider?.arn ? "shared" : { name: portalProvider?.name ?? portalArn.replace(/^.*saml-provider\//, "") };
  }
  const route = groupClaimRouteOf(entra.applicationTemplate);
  const appRoleId = adoptedAssignmentRole(live, route, findings);
  if (appRoleId) adopted.assignmentAppRoleId = appRoleId;
  const routeDescriptions = adoptedRouteDescriptions(live, access, findings);
  if (Object.keys(routeDescriptions).length) adopted.routeDescriptions = routeDescriptions;

  const azure: Record<string, unknown> = {
    displayName: entra.application.displayName,
    groups,
  };
  const signingKey = activeVerifyCredential(entra.servicePrincipal);
  if (signingKey?.endDateTime && Date.parse(signingKey.endDateTime) > now.getTime()) {
    azure.signingCertificateEndDate = signingKey.endDateTime;
  } else {
    findings.push({
      kind: "unmapped",
      subject: signingKey ? `signing certificate ${signingKey.thumbprint} (expired ${signingKey.endDateTime})` : "the active signing certificate",
      detail: signingKey
        ? "an expired certificate cannot be kept; pulumi up makes a new one active and IAM follows"
        : "Graph shows no active signing key with its certificate; pulumi up makes a new one active and IAM follows",
    });
  }
  if (entra.servicePrincipal.notificationEmailAddresses.length) azure.notificationEmails = entra.servicePrincipal.notificationEmailAddresses;
  if (route) {
    azure.groupClaim = route;
  } else {
    findings.push({
      kind: "unmapped",
      subject: `the enterprise application's gallery template ${entra.applicationTemplate?.displayName ?? entra.applicationTemplate?.id}`,
      detail: `${groupClaimSetting} is "claims-mapping-policy" (an application of its own) or "gallery-app" (Microsoft's "AWS ClientVPN" gallery app); this application is neither, and the program would manage it as one of its own`,
    });
  }

  findings.push(...foundAsItIs(live, route), ...allowAllRules(access, endpoint.DnsServers ?? []));

  const planNetwork = {
    vpcCidrs: aws.vpc.cidrs,
    subnets: Object.fromEntries(
      aws.subnets.map((subnet) => [
        subnet.id,
        { availabilityZone: subnet.availabilityZone, cidr: subnet.cidr, ...(subnet.availableIpAddresses !== undefined ? { availableIpAddresses: subnet.availableIpAddresses } : {}) },
      ]),
    ),
  };

  return {
    settings: {
      "aws:region": aws.region,
      "azuread:tenantId": entra.tenantId,
      ...(entra.environment !== "global" ? { "azuread:environment": entra.environment } : {}),
      [`${configNamespace}:azure`]: azure,
      [`${configNamespace}:vpn`]: vpn,
      [`${configNamespace}:access`]: access,
      [`${configNamespace}:adopted`]: adopted,
      [`${configNamespace}:planNetwork`]: planNetwork,
    },
    findings,
    aliases,
  };
}

/**
 * Rules for every signed-in user are kept (changing one replaces it), but the policy pack's mandatory
 * client-vpn-rules-name-groups check allows them only for one of the endpoint's DNS servers (/32) or an
 * allowlisted network (policies/checks/authorization-rule-groups.ts).
 */
function allowAllRules(access: AccessEntrySetting[], dnsServers: string[]): Finding[] {
  return access
    .filter((entry) => entry.groups === "all" && !dnsServers.some((server) => `${server}/32` === entry.cidr))
    .map((entry) => ({
      kind: "decide" as const,
      subject: `access ${entry.name} (${entry.cidr}) for every signed-in user`,
      detail:
        `kept as it is; the policy pack's client-vpn-rules-name-groups refuses it. Either list the groups that need it in access entry ${entry.name} ` +
        `(pulumi up then replaces the rule, and users outside those groups lose ${entry.cidr}), or add ${entry.cidr} to allowAllGroupsCidrs in the pack's config`,
    }));
}

/** What adopt read and the program leaves alone, said once each. */
function foundAsItIs(live: LiveFederation, route: GroupClaimRoute | undefined): Finding[] {
  const findings: Finding[] = [];
  const { aws, entra } = live;
  if (route === "claims-mapping-policy" && entra.claimsMappingPolicies.length === 0) {
    findings.push({
      kind: "unmanaged",
      subject: "the claims made in the portal's Attributes & Claims blade",
      detail:
        "Graph v1.0 cannot read them (only the beta servicePrincipal claimsPolicy shows them); the program's claims-mapping policy supersedes them at pulumi up, and removing that policy would bring them back",
    });
  }
  for (const policy of entra.claimsMappingPolicies) {
    const others = policy.appliesTo.filter((id) => id.toLowerCase() !== entra.servicePrincipal.id.toLowerCase());
    if (route === "gallery-app") {
      // https://learn.microsoft.com/en-us/entra/identity-platform/reference-claims-customization: an assigned
      // claims-mapping policy supersedes the claims configured on the application.
      findings.push({
        kind: "unmanaged",
        subject: `claims-mapping policy "${policy.displayName}" (${policy.id}) on the gallery application`,
        detail:
          "the program assigns none on the gallery-app route, so it stays, and its claims replace the memberOf, FirstName and LastName the gallery app brings; unassign it unless it makes memberOf as AWS needs",
      });
      continue;
    }
    if (entra.claimsMappingPolicies.length === 1 && others.length === 0) continue;
    findings.push({
      kind: "unmapped",
      subject: `claims-mapping policy "${policy.displayName}" (${policy.id})${others.length ? `, which also applies to ${others.length} other object${others.length === 1 ? "" : "s"}` : ""}`,
      detail: "adopt does not take over a policy it would change for others; the program assigns its own, so unassign this one from the enterprise application just before pulumi up",
    });
  }
  for (const id of entra.incompleteAssignments) {
    findings.push({
      kind: "unmapped",
      subject: `app role assignment ${id}`,
      detail: "Graph returned it without its principal or app role, so the program cannot declare it; it stays as it is",
    });
  }
  const samlOptionalClaims = entra.application.optionalClaims?.saml2Token ?? [];
  if (samlOptionalClaims.length) {
    findings.push({
      kind: "unmanaged",
      subject: `the application's SAML optional claims (${samlOptionalClaims.map((claim) => claim.name).join(", ")})`,
      detail: "the program does not manage optional claims; they stay as they are",
    });
  }
  const certificate = aws.certificate;
  findings.push(
    certificate.readable
      ? {
          kind: "unmanaged",
          subject: `server certificate ${certificate.arn} (${[certificate.type, certificate.domainName, certificate.keyAlgorithm].filter(Boolean).join(", ")}${certificate.notAfter ? `, until ${certificate.notAfter.slice(0, 10)}` : ""})`,
          detail: "kept as vpn.serverCertificateArn; the program neither renews nor replaces it",
        }
      : {
          kind: "unmapped",
          subject: `server certificate ${certificate.arn}`,
          detail: `could not be read (${certificate.reason}); it is kept as vpn.serverCertificateArn, and the client profile assumes ACM issued it: if it was imported into ACM, set vpn.serverCertificateCaChain`,
        },
  );
  for (const id of aws.otherFederatedEndpoints) {
    findings.push({
      kind: "unmanaged",
      subject: `endpoint ${id}, which also signs in through SAML`,
      detail: "adopt takes one endpoint per stack; this one stays as it is and keeps working",
    });
  }
  return findings;
}

function groupAliases(live: LiveFederation, findings: Finding[]): Record<string, string> {
  const byId = new Map<string, string | undefined>();
  for (const assignment of live.entra.assignments) {
    if (assignment.principalType === "Group") {
      byId.set(assignment.principalId.toLowerCase(), assignment.principalDisplayName ?? undefined);
    } else {
      findings.push({
        kind: "unmanaged",
        subject: `${assignment.principalType.toLowerCase()} ${assignment.principalDisplayName ?? assignment.principalId} assigned to the application`,
        detail: "the program assigns groups only; this assignment stays as it is and keeps working",
      });
    }
  }
  for (const [id, displayName] of Object.entries(live.entra.unassignedRuleGroups)) {
    if (!guidPattern.test(id)) continue;
    if (displayName === undefined) {
      findings.push({
        kind: "unmapped",
        subject: `group ${id}, named by an authorization rule`,
        detail: "Entra has no group with this object ID, so the rule matches nobody; its alias is the ID's first part",
      });
    }
    byId.set(id, displayName);
  }
  const used = new Set<string>();
  const aliases: Record<string, string> = {};
  for (const [id, displayName] of byId) {
    aliases[id] = unique(slug(displayName ?? "", aliasMaxLength) || `group-${id.slice(0, 8)}`, used, aliasMaxLength);
  }
  return aliases;
}

function accessEntries(live: LiveFederation, aliases: Record<string, string>, findings: Finding[]): AccessEntrySetting[] {
  const entries: (AccessEntrySetting & { key: string })[] = [];
  for (const rule of live.aws.authorizationRules) {
    const cidr = rule.DestinationCidr ?? "";
    const description = rule.Description ?? "";
    const groupId = rule.GroupId?.toLowerCase();
    if (!rule.AccessAll && groupId && !guidPattern.test(groupId)) {
      findings.push({
        kind: "unmapped",
        subject: `authorization rule ${cidr} for group "${rule.GroupId}"`,
        detail: "Entra puts group object IDs into memberOf, never names, so this rule matches nobody; the program cannot declare it, it stays as it is",
      });
      continue;
    }
    const all = Boolean(rule.AccessAll) || !groupId;
    const key = `${cidr}|${description}|${all ? "all" : "groups"}`;
    const existing = entries.find((entry) => entry.key === key);
    if (existing) {
      if (!all && Array.isArray(existing.groups)) existing.groups.push(aliases[groupId!] ?? groupId!);
      continue;
    }
    entries.push({ key, name: "", cidr, description, groups: all ? "all" : [aliases[groupId!] ?? groupId!] });
  }
  const used = new Set<string>();
  return entries.map(({ cidr, description, groups }) => ({
    name: unique(slug(description, accessNameMaxLength).toLowerCase() || `net-${cidr.replace(/[./]/g, "-")}`, used, accessNameMaxLength),
    cidr,
    groups,
    description,
  }));
}

/**
 * The program declares one route per access network outside the VPC per associated subnet, described
 * "<name> via <subnet>" unless adopted.routeDescriptions says otherwise. A route's description is ForceNew
 * and AWS cannot change it, so an adopted network keeps the description its routes have.
 */
function adoptedRouteDescriptions(live: LiveFederation, access: AccessEntrySetting[], findings: Finding[]): Record<string, string> {
  const vpcNetworks = live.aws.vpc.cidrs.map(ipv4Network);
  const declared = new Map<string, string>();
  for (const entry of access) {
    const parsed = parseIpv4Cidr(entry.cidr);
    if (!parsed.ok || vpcNetworks.some((vpc) => contains(vpc, parsed.network))) continue;
    if (!declared.has(parsed.network.cidr)) declared.set(parsed.network.cidr, entry.name);
  }
  const descriptions: Record<string, string> = {};
  const ownRoutes = live.aws.routes.filter((route) => route.Origin === "add-route");
  for (const [cidr, name] of declared) {
    const routes = ownRoutes.filter((route) => route.DestinationCidr === cidr);
    const texts = [...new Set(routes.map((route) => route.Description ?? ""))];
    const programText = (subnet: string) => `${name} via ${subnet}`;
    if (routes.length === 0 || routes.every((route) => route.Description === programText(route.TargetSubnet ?? ""))) continue;
    descriptions[cidr] = texts[0];
    for (const route of routes.filter((candidate) => (candidate.Description ?? "") !== texts[0])) {
      findings.push({
        kind: "unmapped",
        subject: `route ${cidr} via ${route.TargetSubnet} ("${route.Description ?? ""}")`,
        detail: `its description differs from the route via the other subnet ("${texts[0]}"), and AWS cannot change a route's description: pulumi up would replace it and fail on the duplicate. Delete this route by hand (aws ec2 delete-client-vpn-route) just before pulumi up, which recreates it`,
      });
    }
  }
  for (const route of ownRoutes.filter((candidate) => !declared.has(candidate.DestinationCidr ?? ""))) {
    findings.push({
      kind: "unmanaged",
      subject: `route ${route.DestinationCidr} via ${route.TargetSubnet}`,
      detail: "no access entry the program declares covers this network, so it declares no route for it either; it stays as it is",
    });
  }
  return descriptions;
}

/**
 * The app role the program must assign groups with to keep the assignments as they are, when it is not the
 * route's own: Default Access for an application of its own, the role GalleryAppSettings picks for the gallery
 * app (components/app-roles.ts). One role for all groups; an assignment with another is reported.
 */
function adoptedAssignmentRole(live: LiveFederation, route: GroupClaimRoute | undefined, findings: Finding[]): string | undefined {
  const groupAssignments = live.entra.assignments.filter((assignment) => assignment.principalType === "Group");
  const roles = [...new Set(groupAssignments.map((assignment) => assignment.appRoleId.toLowerCase()))];
  for (const assignment of groupAssignments.filter((candidate) => candidate.appRoleId.toLowerCase() !== roles[0])) {
    findings.push({
      kind: "unmapped",
      subject: `assignment of ${assignment.principalDisplayName ?? assignment.principalId} with app role ${assignment.appRoleId}`,
      detail: `the program assigns every group with one app role (${roles[0]}); pulumi up replaces this assignment, and its members cannot sign in for the moment between`,
    });
  }
  const own = routeAssignmentRole(live, route, findings);
  return roles[0] !== undefined && roles[0] !== own ? roles[0] : undefined;
}

function routeAssignmentRole(live: LiveFederation, route: GroupClaimRoute | undefined, findings: Finding[]): string | undefined {
  if (route !== "gallery-app") return defaultAccessAppRoleId;
  try {
    return assignmentAppRoleId(live.entra.servicePrincipal.appRoles);
  } catch (error) {
    findings.push({
      kind: "unmapped",
      subject: "the gallery application's app roles",
      detail: `pulumi up cannot set this application up: ${(error as Error).message.replace(/; use azure\.groupClaim: claims-mapping-policy$/, "")}`,
    });
    return undefined;
  }
}

function logRetention(live: LiveFederation, findings: Finding[]): number {
  const log = live.aws.connectionLog;
  const retention = log.enabled ? log.retentionInDays : undefined;
  if (retention !== undefined && (logRetentionDaysAllowed as readonly number[]).includes(retention)) return retention;
  if (log.enabled && retention === undefined && log.logGroupExists) {
    findings.push({
      kind: "unmapped",
      subject: `log group ${log.logGroup} (kept forever)`,
      detail: "the program's log group always expires its logs; it keeps them 365 days unless you set vpn.logRetentionDays",
    });
  }
  return 365;
}

function checkAllowed(findings: Finding[], setting: string, value: number | undefined, allowed: readonly number[]): void {
  if (value !== undefined && !allowed.includes(value)) {
    findings.push({ kind: "unmapped", subject: `${setting} ${value}`, detail: `the program accepts ${allowed.join(", ")}` });
  }
}

/** Letters, digits and '-' (and '.', '_' where allowed), collapsed, trimmed to `max`. */
function slug(text: string, max: number): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, max)
    .replace(/-+$/, "");
}

function unique(base: string, used: Set<string>, max: number): string {
  let candidate = base;
  for (let counter = 2; used.has(candidate); counter++) {
    const suffix = `-${counter}`;
    candidate = `${base.slice(0, max - suffix.length).replace(/-+$/, "")}${suffix}`;
  }
  used.add(candidate);
  return candidate;
}

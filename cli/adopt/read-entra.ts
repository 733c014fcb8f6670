/**
 * The Microsoft Graph reads of `npm run adopt`: GET only, v1.0 only. Every `$select` is checked against
 * Microsoft's v1.0 typings at compile time (`satisfies Selection<...>`, @microsoft/microsoft-graph-types,
 * generated from the v1.0 metadata), and the fake Graph in the tests refuses any property outside
 * microsoftgraph/msgraph-metadata clean_v10_metadata/cleanMetadata.xml.
 *
 * What v1.0 cannot show: the claims the portal's "Attributes & Claims" blade makes. They live in a policy
 * only the beta `GET /servicePrincipals/{id}/claimsPolicy` (customClaimsPolicy) returns, so adopt reports
 * them as unreadable rather than calling beta. What v1.0 does show of the group claim: the application's
 * groupMembershipClaims and optionalClaims.saml2Token.
 *
 * Graph's typings leave most properties optional or nullable; each read turns the answer into the plain
 * shapes of live-federation.ts here, once, so nothing later guesses at a missing value.
 */
import type * as MicrosoftGraph from "@microsoft/microsoft-graph-types";
import type { GraphClient } from "../../components/graph/graph-client";
import {
  type AppRoleAssignment,
  listAppRoleAssignedTo,
  listTokenIssuancePolicies,
  type Selected,
  type Selection,
  type TokenIssuancePolicy,
} from "../../components/graph/graph-api";
import type { AppRoleView } from "../../components/app-roles";
import { clientVpnIdentifierUri } from "../../components/config";
import { nonGalleryTemplateIds } from "./live-group-claim-route";
import type { LiveApplication, LiveAssignment, LiveEntra, LivePolicy, LiveServicePrincipal } from "./live-federation";

/** The v1.0 properties each read selects. */
export const entraSelects = {
  application: [
    "id",
    "appId",
    "displayName",
    "identifierUris",
    "web",
    "groupMembershipClaims",
    "notes",
    "signInAudience",
    "api",
    "optionalClaims",
    "description",
    "info",
    "serviceManagementReference",
  ] as const satisfies Selection<MicrosoftGraph.Application>,
  servicePrincipal: [
    "id",
    "appId",
    "appRoleAssignmentRequired",
    "preferredSingleSignOnMode",
    "tags",
    "notificationEmailAddresses",
    "preferredTokenSigningKeyThumbprint",
    "keyCredentials",
    "applicationTemplateId",
    "appRoles",
    "description",
    "notes",
    "loginUrl",
    "alternativeNames",
  ] as const satisfies Selection<MicrosoftGraph.ServicePrincipal>,
  owner: ["id"] as const satisfies Selection<MicrosoftGraph.DirectoryObject>,
  claimsMappingPolicy: ["id", "displayName", "definition"] as const satisfies Selection<MicrosoftGraph.ClaimsMappingPolicy>,
  appliesTo: ["id"] as const satisfies Selection<MicrosoftGraph.DirectoryObject>,
  group: ["id", "displayName"] as const satisfies Selection<MicrosoftGraph.Group>,
  applicationTemplate: ["id", "displayName"] as const satisfies Selection<MicrosoftGraph.ApplicationTemplate>,
};

type ApplicationView = Selected<MicrosoftGraph.Application, typeof entraSelects.application>;
type ServicePrincipalView = Selected<MicrosoftGraph.ServicePrincipal, typeof entraSelects.servicePrincipal>;
type PolicyView = Selected<MicrosoftGraph.ClaimsMappingPolicy, typeof entraSelects.claimsMappingPolicy>;

const select = (properties: readonly string[]) => ({ $select: properties.join(",") });
const segment = (id: string) => encodeURIComponent(id);
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The tenant's application with the Client VPN identifier: `identifierUris/any(uri:uri eq '...')`, the filter
 * the azuread provider's application data source uses (terraform-provider-azuread
 * internal/services/applications/application_data_source.go). Entra allows one per tenant, so this returns
 * zero or one. https://learn.microsoft.com/en-us/graph/api/application-list?view=graph-rest-1.0
 */
export async function findClientVpnApplications(graph: GraphClient): Promise<LiveApplication[]> {
  const found = await graph.list<ApplicationView>("/applications", {
    query: { $filter: `identifierUris/any(uri:uri eq ${literal(clientVpnIdentifierUri)})`, ...select(entraSelects.application) },
  });
  return found.map(liveApplication);
}

function liveApplication(app: ApplicationView): LiveApplication {
  return {
    id: app.id,
    appId: app.appId ?? "",
    displayName: app.displayName ?? "",
    identifierUris: app.identifierUris ?? [],
    web: {
      redirectUris: app.web?.redirectUris ?? [],
      homePageUrl: app.web?.homePageUrl,
      logoutUrl: app.web?.logoutUrl,
      implicitGrantSettings: app.web?.implicitGrantSettings,
    },
    groupMembershipClaims: app.groupMembershipClaims,
    notes: app.notes,
    signInAudience: app.signInAudience ?? undefined,
    api: { requestedAccessTokenVersion: app.api?.requestedAccessTokenVersion },
    optionalClaims: app.optionalClaims
      ? { saml2Token: (app.optionalClaims.saml2Token ?? []).map((claim) => ({ name: claim.name ?? "", source: claim.source, additionalProperties: claim.additionalProperties ?? [] })) }
      : null,
    description: app.description,
    info: app.info,
    serviceManagementReference: app.serviceManagementReference,
  };
}

/**
 * GET /servicePrincipals(appId='{appId}'): a single object, so keyCredentials carry `key` ("returned only on
 * $select for a single object"). https://learn.microsoft.com/en-us/graph/api/serviceprincipal-get?view=graph-rest-1.0
 */
export async function getServicePrincipalOf(graph: GraphClient, appId: string): Promise<LiveServicePrincipal | undefined> {
  let found: ServicePrincipalView;
  try {
    found = await graph.get<ServicePrincipalView>(`/servicePrincipals(appId=${segment(literal(appId))})`, { query: select(entraSelects.servicePrincipal) });
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
  // https://learn.microsoft.com/en-us/graph/api/serviceprincipal-list-owners?view=graph-rest-1.0
  const owners = await graph.list<{ id: string }>(`/servicePrincipals/${segment(found.id)}/owners`, { query: select(entraSelects.owner) });
  return {
    id: found.id,
    appId: found.appId ?? appId,
    appRoleAssignmentRequired: found.appRoleAssignmentRequired ?? false,
    preferredSingleSignOnMode: found.preferredSingleSignOnMode ?? null,
    tags: found.tags ?? [],
    notificationEmailAddresses: found.notificationEmailAddresses ?? [],
    preferredTokenSigningKeyThumbprint: found.preferredTokenSigningKeyThumbprint ?? null,
    keyCredentials: found.keyCredentials ?? [],
    applicationTemplateId: found.applicationTemplateId ?? null,
    appRoles: (found.appRoles ?? []).flatMap((role): AppRoleView[] =>
      role.id ? [{ id: role.id, displayName: role.displayName, value: role.value, isEnabled: role.isEnabled, allowedMemberTypes: role.allowedMemberTypes }] : [],
    ),
    description: found.description ?? null,
    notes: found.notes ?? null,
    loginUrl: found.loginUrl ?? null,
    alternativeNames: found.alternativeNames ?? [],
    owners: owners.map((owner) => owner.id),
  };
}

/** Reads the Entra side of a federation whose application has been found. */
export async function readEntra(
  graph: GraphClient,
  target: { tenantId: string; environment: string; application: LiveApplication; servicePrincipal: LiveServicePrincipal; ruleGroupIds: string[] },
): Promise<LiveEntra> {
  const { application, servicePrincipal } = target;
  const [assignments, onApplication, onServicePrincipal, claimsPolicies] = await Promise.all([
    listAppRoleAssignedTo(graph, servicePrincipal.id),
    // The program assigns its signing policy to both objects (components/graph/saml-signing-plan.ts,
    // policyHolders), so both are read.
    listTokenIssuancePolicies(graph, "application", application.id),
    listTokenIssuancePolicies(graph, "servicePrincipal", servicePrincipal.id),
    // https://learn.microsoft.com/en-us/graph/api/serviceprincipal-list-claimsmappingpolicies?view=graph-rest-1.0
    graph.list<PolicyView>(`/servicePrincipals/${segment(servicePrincipal.id)}/claimsMappingPolicies`, { query: select(entraSelects.claimsMappingPolicy) }),
  ]);
  const claimsMappingPolicies = await Promise.all(
    claimsPolicies.map(async (policy) => ({
      ...livePolicy(policy),
      // stsPolicy.appliesTo (v1.0): who else the policy serves; one shared with other apps is not ours to change.
      // https://learn.microsoft.com/en-us/graph/api/stspolicy-list-appliesto?view=graph-rest-1.0
      appliesTo: (
        await graph.list<{ id: string }>(`/policies/claimsMappingPolicies/${segment(policy.id)}/appliesTo`, { query: select(entraSelects.appliesTo) })
      ).map((object) => object.id),
    })),
  );
  const complete = assignments.flatMap(liveAssignment);
  const assigned = new Set(complete.map((assignment) => assignment.principalId.toLowerCase()));
  const unassignedRuleGroups: Record<string, string | undefined> = {};
  // A rule's group that is no GUID (an AD group name) is no Entra object: nothing to look up.
  for (const groupId of target.ruleGroupIds.filter((id) => guidPattern.test(id) && !assigned.has(id.toLowerCase()))) {
    unassignedRuleGroups[groupId.toLowerCase()] = await groupDisplayName(graph, groupId);
  }
  const templateId = servicePrincipal.applicationTemplateId;
  const applicationTemplate =
    templateId && !nonGalleryTemplateIds.includes(templateId.toLowerCase()) ? await getApplicationTemplate(graph, templateId) : undefined;
  return {
    tenantId: target.tenantId,
    environment: target.environment,
    application,
    servicePrincipal,
    assignments: complete,
    incompleteAssignments: assignments.filter((assignment) => liveAssignment(assignment).length === 0).map((assignment) => assignment.id),
    tokenIssuancePolicies: { onApplication: onApplication.map(livePolicy), onServicePrincipal: onServicePrincipal.map(livePolicy) },
    claimsMappingPolicies,
    unassignedRuleGroups,
    applicationTemplate,
  };
}

function liveAssignment(assignment: AppRoleAssignment): LiveAssignment[] {
  const { id, appRoleId, principalId, principalType, resourceId } = assignment;
  if (!appRoleId || !principalId || !principalType || !resourceId) return [];
  return [{ id, appRoleId, principalId, principalType, principalDisplayName: assignment.principalDisplayName ?? undefined, resourceId }];
}

function livePolicy(policy: TokenIssuancePolicy | PolicyView): LivePolicy {
  return { id: policy.id, displayName: policy.displayName ?? "", definition: policy.definition ?? [] };
}

/** https://learn.microsoft.com/en-us/graph/api/group-get?view=graph-rest-1.0; undefined when there is no such group. */
async function groupDisplayName(graph: GraphClient, groupId: string): Promise<string | undefined> {
  try {
    return (await graph.get<{ displayName?: string | null }>(`/groups/${segment(groupId)}`, { query: select(entraSelects.group) })).displayName ?? undefined;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

/** https://learn.microsoft.com/en-us/graph/api/applicationtemplate-get?view=graph-rest-1.0 */
async function getApplicationTemplate(graph: GraphClient, id: string): Promise<{ id: string; displayName?: string }> {
  try {
    const template = await graph.get<{ id: string; displayName?: string | null }>(`/applicationTemplates/${segment(id)}`, {
      query: select(entraSelects.applicationTemplate),
    });
    return { id: template.id, displayName: template.displayName ?? undefined };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return { id };
    throw error;
  }
}

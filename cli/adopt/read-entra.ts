/**
 * The Microsoft Graph reads of `npm run adopt`: GET only, v1.0 only, and every $select names properties
 * that exist in the v1.0 schema (microsoftgraph/msgraph-metadata, clean_v10_metadata/cleanMetadata.xml:
 * application, servicePrincipal, appRoleAssignment, stsPolicy, group, applicationTemplate).
 *
 * What v1.0 cannot show: the claims the portal's "Attributes & Claims" blade makes. They live in a policy
 * only the beta `GET /servicePrincipals/{id}/claimsPolicy` (customClaimsPolicy) returns, so adopt reports
 * them as unreadable rather than calling beta. What v1.0 does show of the group claim: the application's
 * groupMembershipClaims and optionalClaims.saml2Token.
 */
import type { GraphClient } from "../../components/graph/graph-client";
import type { AppRoleAssignment } from "../../components/graph/graph-api";
import { clientVpnIdentifierUri } from "../../components/config";
import { nonGalleryTemplateIds } from "./group-claim-route";
import type { LiveApplication, LiveEntra, LivePolicy, LiveServicePrincipal } from "./live-federation";

/** The v1.0 properties each read selects; the fake Graph in the tests checks them against the schema. */
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
  ],
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
  ],
  owner: ["id"],
  policy: ["id", "displayName", "definition"],
  appliesTo: ["id"],
  group: ["id", "displayName"],
  applicationTemplate: ["id", "displayName"],
} as const;

const select = (properties: readonly string[]) => ({ $select: properties.join(",") });
const segment = (id: string) => encodeURIComponent(id);
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * The tenant's application with the Client VPN identifier: `identifierUris/any(uri:uri eq '...')`, the filter
 * the azuread provider's application data source uses (terraform-provider-azuread
 * internal/services/applications/application_data_source.go). Entra allows one per tenant, so this returns
 * zero or one. https://learn.microsoft.com/en-us/graph/api/application-list?view=graph-rest-1.0
 */
export function findClientVpnApplications(graph: GraphClient): Promise<LiveApplication[]> {
  return graph.list<LiveApplication>("/applications", {
    query: { $filter: `identifierUris/any(uri:uri eq ${literal(clientVpnIdentifierUri)})`, ...select(entraSelects.application) },
  });
}

/**
 * GET /servicePrincipals(appId='{appId}'): a single object, so keyCredentials carry `key` ("returned only on
 * $select for a single object"). https://learn.microsoft.com/en-us/graph/api/serviceprincipal-get?view=graph-rest-1.0
 */
export async function getServicePrincipalOf(graph: GraphClient, appId: string): Promise<LiveServicePrincipal | undefined> {
  try {
    const found = await graph.get<Partial<LiveServicePrincipal> & { id: string; appId: string }>(`/servicePrincipals(appId='${segment(appId.replace(/'/g, "''"))}')`, {
      query: select(entraSelects.servicePrincipal),
    });
    return {
      id: found.id,
      appId: found.appId,
      appRoleAssignmentRequired: found.appRoleAssignmentRequired ?? false,
      preferredSingleSignOnMode: found.preferredSingleSignOnMode ?? null,
      tags: found.tags ?? [],
      notificationEmailAddresses: found.notificationEmailAddresses ?? [],
      preferredTokenSigningKeyThumbprint: found.preferredTokenSigningKeyThumbprint ?? null,
      keyCredentials: found.keyCredentials ?? [],
      applicationTemplateId: found.applicationTemplateId ?? null,
      appRoles: found.appRoles ?? [],
      description: found.description ?? null,
      notes: found.notes ?? null,
      loginUrl: found.loginUrl ?? null,
      alternativeNames: found.alternativeNames ?? [],
      // https://learn.microsoft.com/en-us/graph/api/serviceprincipal-list-owners?view=graph-rest-1.0
      owners: (await graph.list<{ id: string }>(`/servicePrincipals/${segment(found.id)}/owners`, { query: select(entraSelects.owner) })).map((owner) => owner.id),
    };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

/** Reads the Entra side of a federation whose application has been found. */
export async function readEntra(
  graph: GraphClient,
  target: { tenantId: string; environment: string; application: LiveApplication; servicePrincipal: LiveServicePrincipal; ruleGroupIds: string[] },
): Promise<LiveEntra> {
  const { application, servicePrincipal } = target;
  const sp = segment(servicePrincipal.id);
  const [assignments, onApplication, onServicePrincipal, claimsPolicies] = await Promise.all([
    // https://learn.microsoft.com/en-us/graph/api/serviceprincipal-list-approleassignedto?view=graph-rest-1.0
    graph.list<AppRoleAssignment>(`/servicePrincipals/${sp}/appRoleAssignedTo`),
    // https://learn.microsoft.com/en-us/graph/api/application-list-tokenissuancepolicies?view=graph-rest-1.0
    graph.list<LivePolicy>(`/applications/${segment(application.id)}/tokenIssuancePolicies`, { query: select(entraSelects.policy) }),
    // In the v1.0 CSDL as servicePrincipal.tokenIssuancePolicies; the tokenIssuancePolicy page says the policy
    // "can only be applied to service principals", so both objects are read.
    graph.list<LivePolicy>(`/servicePrincipals/${sp}/tokenIssuancePolicies`, { query: select(entraSelects.policy) }),
    // https://learn.microsoft.com/en-us/graph/api/serviceprincipal-list-claimsmappingpolicies?view=graph-rest-1.0
    graph.list<LivePolicy>(`/servicePrincipals/${sp}/claimsMappingPolicies`, { query: select(entraSelects.policy) }),
  ]);
  const claimsMappingPolicies = await Promise.all(
    claimsPolicies.map(async (policy) => ({
      ...policy,
      // stsPolicy.appliesTo (v1.0): who else the policy serves; one shared with other apps is not ours to change.
      appliesTo: (
        await graph.list<{ id: string }>(`/policies/claimsMappingPolicies/${segment(policy.id)}/appliesTo`, { query: select(entraSelects.appliesTo) })
      ).map((object) => object.id),
    })),
  );
  const assigned = new Set(assignments.map((assignment) => assignment.principalId.toLowerCase()));
  const unassignedRuleGroups: Record<string, string | undefined> = {};
  for (const groupId of target.ruleGroupIds.filter((id) => !assigned.has(id.toLowerCase()))) {
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
    assignments,
    tokenIssuancePolicies: { onApplication, onServicePrincipal },
    claimsMappingPolicies,
    unassignedRuleGroups,
    applicationTemplate,
  };
}

/** https://learn.microsoft.com/en-us/graph/api/group-get?view=graph-rest-1.0; undefined when it is no group. */
async function groupDisplayName(graph: GraphClient, groupId: string): Promise<string | undefined> {
  try {
    return (await graph.get<{ displayName?: string }>(`/groups/${segment(groupId)}`, { query: select(entraSelects.group) })).displayName;
  } catch (error) {
    const status = (error as { status?: number }).status;
    // 404: no such group; 400: the ID is not a GUID (a rule may name an AD group by name).
    if (status === 404 || status === 400) return undefined;
    throw error;
  }
}

/** https://learn.microsoft.com/en-us/graph/api/applicationtemplate-get?view=graph-rest-1.0 */
async function getApplicationTemplate(graph: GraphClient, id: string): Promise<{ id: string; displayName?: string }> {
  try {
    return await graph.get<{ id: string; displayName?: string }>(`/applicationTemplates/${segment(id)}`, { query: select(entraSelects.applicationTemplate) });
  } catch (error) {
    if ((error as { status?: number }).status === 404) return { id };
    throw error;
  }
}

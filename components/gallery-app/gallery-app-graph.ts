/**
 * The Microsoft Graph v1.0 calls the gallery-app settings make. Every property named here is in the
 * v1.0 schema (microsoftgraph/msgraph-metadata clean_v10_metadata/cleanMetadata.xml: application has
 * appId, identifierUris, groupMembershipClaims, notes, api (apiApplication.requestedAccessTokenVersion);
 * servicePrincipal has appRoleAssignmentRequired, preferredSingleSignOnMode, notificationEmailAddresses,
 * appRoles).
 */
import type { GraphClient } from "../graph/graph-client";
import type { AppRoleView } from "../app-roles";
import type { LiveGalleryApp } from "./gallery-app-plan";

/** https://learn.microsoft.com/en-us/graph/api/resources/application?view=graph-rest-1.0 */
interface ApplicationView {
  id: string;
  appId: string;
  identifierUris?: string[] | null;
  groupMembershipClaims?: string | null;
  api?: { requestedAccessTokenVersion?: number | null } | null;
  notes?: string | null;
}

/** https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal?view=graph-rest-1.0 */
interface ServicePrincipalView {
  id: string;
  appRoleAssignmentRequired?: boolean | null;
  preferredSingleSignOnMode?: string | null;
  notificationEmailAddresses?: string[] | null;
  appRoles?: AppRoleView[] | null;
}

export const applicationSelect = "id,appId,identifierUris,groupMembershipClaims,api,notes";
export const servicePrincipalSelect = "id,appRoleAssignmentRequired,preferredSingleSignOnMode,notificationEmailAddresses,appRoles";

const segment = encodeURIComponent;

/**
 * GET /applications/{id} and /servicePrincipals/{id} with $select; "gone" when either does not exist.
 * `waitForNewObjects`: objects made moments ago by instantiate may 404 until the directory replicates
 * (Microsoft's walkthrough: "Allow some time for the app to be provisioned ... do a GET query on the
 * application or service principal object every 5-10 seconds until the query is successful").
 * https://learn.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0
 * https://learn.microsoft.com/en-us/graph/api/serviceprincipal-get?view=graph-rest-1.0
 */
export async function readGalleryApp(
  graph: GraphClient,
  ids: { applicationObjectId: string; servicePrincipalObjectId: string },
  waitForNewObjects: boolean,
): Promise<LiveGalleryApp | "gone"> {
  const application = await notFoundAsUndefined(
    graph.get<ApplicationView>(`/applications/${segment(ids.applicationObjectId)}`, { query: { $select: applicationSelect }, retryNotFound: waitForNewObjects }),
  );
  if (!application) return "gone";
  const servicePrincipal = await notFoundAsUndefined(
    graph.get<ServicePrincipalView>(`/servicePrincipals/${segment(ids.servicePrincipalObjectId)}`, {
      query: { $select: servicePrincipalSelect },
      retryNotFound: waitForNewObjects,
    }),
  );
  if (!servicePrincipal) return "gone";
  return {
    application: {
      appId: application.appId,
      identifierUris: application.identifierUris ?? [],
      groupMembershipClaims: application.groupMembershipClaims ?? null,
      requestedAccessTokenVersion: application.api?.requestedAccessTokenVersion ?? null,
      notes: application.notes ?? null,
    },
    servicePrincipal: {
      appRoleAssignmentRequired: servicePrincipal.appRoleAssignmentRequired === true,
      preferredSingleSignOnMode: servicePrincipal.preferredSingleSignOnMode ?? null,
      notificationEmailAddresses: servicePrincipal.notificationEmailAddresses ?? [],
      appRoles: servicePrincipal.appRoles ?? [],
    },
  };
}

/** PATCH /applications/{id}; 204. https://learn.microsoft.com/en-us/graph/api/application-update?view=graph-rest-1.0 */
export function patchApplication(graph: GraphClient, applicationObjectId: string, body: Record<string, unknown>): Promise<void> {
  return graph.patch(`/applications/${segment(applicationObjectId)}`, body, { retryNotFound: true });
}

/** PATCH /servicePrincipals/{id}; 204. https://learn.microsoft.com/en-us/graph/api/serviceprincipal-update?view=graph-rest-1.0 */
export function patchServicePrincipal(graph: GraphClient, servicePrincipalObjectId: string, body: Record<string, unknown>): Promise<void> {
  return graph.patch(`/servicePrincipals/${segment(servicePrincipalObjectId)}`, body, { retryNotFound: true });
}

async function notFoundAsUndefined<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return undefined;
    throw error;
  }
}

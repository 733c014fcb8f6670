/**
 * The Graph reads the doctor makes, on top of the shared client and calls in components/graph. Each
 * read happens once per run (Entra settings do not settle while the doctor waits), so checks that look
 * at the same object share one request.
 */
import type { GraphClient } from "../../components/graph/graph-client";
import {
  type ApplicationSamlView,
  type AppRoleAssignment,
  type KeyCredential,
  type ServicePrincipalSigningView,
  type TokenIssuancePolicy,
  getServicePrincipalSigning,
  listAppRoleAssignedTo,
  listApplicationTokenIssuancePolicies,
} from "../../components/graph/graph-api";

/**
 * keyCredential with its certificate: `key` is "returned only on $select for a single object",
 * which getServicePrincipalSigning does.
 * https://learn.microsoft.com/en-us/graph/api/resources/keycredential?view=graph-rest-1.0#properties
 */
export type KeyCredentialWithKey = KeyCredential & { key?: string | null };

export type ServicePrincipalView = Omit<ServicePrincipalSigningView, "keyCredentials"> & { keyCredentials?: KeyCredentialWithKey[] };

/**
 * GET /applications(appId='{appId}'): an application by its client ID (the stack exports the client
 * ID, not the object ID). https://learn.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0
 */
export async function getApplicationByClientId(graph: GraphClient, clientId: string): Promise<ApplicationSamlView | undefined> {
  try {
    return await graph.get<ApplicationSamlView>(`/applications(appId='${encodeURIComponent(clientId.replace(/'/g, "''"))}')`, {
      query: { $select: "id,appId,identifierUris,web" },
    });
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

export interface EntraReads {
  servicePrincipal(): Promise<ServicePrincipalView | undefined>;
  application(): Promise<ApplicationSamlView | undefined>;
  tokenIssuancePolicies(): Promise<TokenIssuancePolicy[] | undefined>;
  appRoleAssignedTo(): Promise<AppRoleAssignment[]>;
}

export function entraReads(graph: GraphClient, ids: { servicePrincipalObjectId: string; applicationClientId: string }): EntraReads {
  const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
    let value: Promise<T> | undefined;
    return () => (value ??= load());
  };
  const application = once(() => getApplicationByClientId(graph, ids.applicationClientId));
  return {
    servicePrincipal: once(() => getServicePrincipalSigning(graph, ids.servicePrincipalObjectId) as Promise<ServicePrincipalView | undefined>),
    application,
    tokenIssuancePolicies: once(async () => {
      const app = await application();
      return app ? listApplicationTokenIssuancePolicies(graph, app.id) : undefined;
    }),
    appRoleAssignedTo: once(() => listAppRoleAssignedTo(graph, ids.servicePrincipalObjectId)),
  };
}

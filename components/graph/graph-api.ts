/**
 * Typed Microsoft Graph v1.0 calls used by the Entra settings resource and by Day-2 checks.
 * Each function names the documentation page of the request it sends, request body included.
 * Everything here exists in v1.0; nothing uses the beta endpoint.
 */
import type { GraphClient } from "./graph-client";

/** https://learn.microsoft.com/en-us/graph/api/resources/tokenissuancepolicy?view=graph-rest-1.0 */
export interface TokenIssuancePolicy {
  id: string;
  displayName: string;
  definition: string[];
  description?: string | null;
  isOrganizationDefault?: boolean;
}

/** https://learn.microsoft.com/en-us/graph/api/resources/keycredential?view=graph-rest-1.0 */
export interface KeyCredential {
  keyId: string;
  type: string;
  usage: string;
  displayName?: string | null;
  startDateTime?: string | null;
  endDateTime?: string | null;
  /** Base64 of the certificate's SHA-1 hash. */
  customKeyIdentifier?: string | null;
}

/** The service principal properties we read: https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal?view=graph-rest-1.0 */
export interface ServicePrincipalSigningView {
  id: string;
  appId?: string;
  preferredTokenSigningKeyThumbprint: string | null;
  preferredTokenSigningKeyEndDateTime?: string | null;
  keyCredentials?: KeyCredential[];
}

/** The application properties Day-2 checks compare: https://learn.microsoft.com/en-us/graph/api/resources/application?view=graph-rest-1.0 */
export interface ApplicationSamlView {
  id: string;
  appId?: string;
  identifierUris?: string[];
  web?: { redirectUris?: string[] };
}

/** https://learn.microsoft.com/en-us/graph/api/resources/approleassignment?view=graph-rest-1.0 */
export interface AppRoleAssignment {
  id: string;
  principalId: string;
  principalType: string;
  principalDisplayName?: string | null;
  appRoleId: string;
  resourceId: string;
}

/** Escapes a string literal for an OData $filter: a single quote is doubled. */
function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function segment(id: string): string {
  return encodeURIComponent(id);
}

/** GET /policies/tokenIssuancePolicies?$filter=displayName eq '...'
 * https://learn.microsoft.com/en-us/graph/api/tokenissuancepolicy-list?view=graph-rest-1.0 ($filter supported) */
export function findTokenIssuancePoliciesByDisplayName(graph: GraphClient, displayName: string): Promise<TokenIssuancePolicy[]> {
  return graph.list<TokenIssuancePolicy>("/policies/tokenIssuancePolicies", {
    query: { $filter: `displayName eq ${odataString(displayName)}` },
  });
}

/** GET /policies/tokenIssuancePolicies/{id}; undefined when it no longer exists.
 * https://learn.microsoft.com/en-us/graph/api/tokenissuancepolicy-get?view=graph-rest-1.0 */
export async function getTokenIssuancePolicy(graph: GraphClient, id: string): Promise<TokenIssuancePolicy | undefined> {
  return undefinedWhenNotFound(graph.get<TokenIssuancePolicy>(`/policies/tokenIssuancePolicies/${segment(id)}`));
}

/**
 * POST /policies/tokenIssuancePolicies; Graph answers 201 with the new policy.
 * https://learn.microsoft.com/en-us/graph/api/tokenissuancepolicy-post-tokenissuancepolicy?view=graph-rest-1.0
 * Body per that page: {"definition": ["<policy JSON as a string>"], "displayName": "...", "isOrganizationDefault": false}.
 * isOrganizationDefault is sent as false: the resource page says to ignore it because a token issuance
 * policy cannot be set for the whole organization.
 */
export function createTokenIssuancePolicy(
  graph: GraphClient,
  policy: { displayName: string; definition: string[]; description: string },
): Promise<TokenIssuancePolicy> {
  return graph.post<TokenIssuancePolicy>("/policies/tokenIssuancePolicies", {
    definition: policy.definition,
    displayName: policy.displayName,
    description: policy.description,
    isOrganizationDefault: false,
  });
}

/**
 * PATCH /policies/tokenIssuancePolicies/{id}; 204 No Content.
 * https://learn.microsoft.com/en-us/graph/api/tokenissuancepolicy-update?view=graph-rest-1.0
 * Body per that page: only the changed properties, here {"definition": ["<policy JSON as a string>"]}.
 */
export function updateTokenIssuancePolicyDefinition(graph: GraphClient, id: string, definition: string[]): Promise<void> {
  return graph.patch(`/policies/tokenIssuancePolicies/${segment(id)}`, { definition });
}

/** DELETE /policies/tokenIssuancePolicies/{id}; 204, and a policy already gone counts as deleted.
 * https://learn.microsoft.com/en-us/graph/api/tokenissuancepolicy-delete?view=graph-rest-1.0 */
export function deleteTokenIssuancePolicy(graph: GraphClient, id: string): Promise<void> {
  return ignoreNotFound(graph.delete(`/policies/tokenIssuancePolicies/${segment(id)}`));
}

/** GET /applications/{id}/tokenIssuancePolicies: the policies assigned to an application.
 * https://learn.microsoft.com/en-us/graph/api/application-list-tokenissuancepolicies?view=graph-rest-1.0 */
export function listApplicationTokenIssuancePolicies(
  graph: GraphClient,
  applicationObjectId: string,
  options: { retryNotFound?: boolean } = {},
): Promise<TokenIssuancePolicy[]> {
  return graph.list<TokenIssuancePolicy>(`/applications/${segment(applicationObjectId)}/tokenIssuancePolicies`, options);
}

/**
 * POST /applications/{id}/tokenIssuancePolicies/$ref; 204 No Content.
 * https://learn.microsoft.com/en-us/graph/api/application-post-tokenissuancepolicies?view=graph-rest-1.0
 * Body per that page: {"@odata.id": "https://graph.microsoft.com/v1.0/policies/tokenIssuancePolicies/{policy id}"},
 * with the service root of the cloud we talk to. A just-created application may 404 for a while.
 */
export async function assignTokenIssuancePolicy(graph: GraphClient, applicationObjectId: string, policyId: string): Promise<void> {
  try {
    await graph.post<void>(
      `/applications/${segment(applicationObjectId)}/tokenIssuancePolicies/$ref`,
      { "@odata.id": graph.odataId(`/policies/tokenIssuancePolicies/${segment(policyId)}`) },
      { retryNotFound: true },
    );
  } catch (error) {
    // A retry after a lost answer finds the reference made: Graph then says "One or more added object
    // references already exist for the following modified properties: 'tokenIssuancePolicies'." That is success.
    if (isAlreadyAssigned(error)) return;
    throw error;
  }
}

function isAlreadyAssigned(error: unknown): boolean {
  const { status, graphMessage } = (error ?? {}) as { status?: number; graphMessage?: string };
  return status === 400 && /references already exist/i.test(graphMessage ?? "");
}

/** DELETE /applications/{id}/tokenIssuancePolicies/{policy id}/$ref; 204, no body. Already removed counts as removed.
 * https://learn.microsoft.com/en-us/graph/api/application-delete-tokenissuancepolicies?view=graph-rest-1.0 */
export function removeTokenIssuancePolicy(graph: GraphClient, applicationObjectId: string, policyId: string): Promise<void> {
  return ignoreNotFound(
    graph.delete(`/applications/${segment(applicationObjectId)}/tokenIssuancePolicies/${segment(policyId)}/$ref`),
  );
}

/** GET /servicePrincipals/{id}?$select=...; undefined when it does not exist (after the replication retries).
 * https://learn.microsoft.com/en-us/graph/api/serviceprincipal-get?view=graph-rest-1.0 */
export function getServicePrincipalSigning(
  graph: GraphClient,
  servicePrincipalObjectId: string,
  options: { retryNotFound?: boolean } = {},
): Promise<ServicePrincipalSigningView | undefined> {
  return undefinedWhenNotFound(
    graph.get<ServicePrincipalSigningView>(`/servicePrincipals/${segment(servicePrincipalObjectId)}`, {
      query: { $select: "id,appId,preferredTokenSigningKeyThumbprint,preferredTokenSigningKeyEndDateTime,keyCredentials" },
      retryNotFound: options.retryNotFound,
    }),
  );
}

/**
 * PATCH /servicePrincipals/{id}; 204 No Content.
 * https://learn.microsoft.com/en-us/graph/api/serviceprincipal-update?view=graph-rest-1.0
 * Body: {"preferredTokenSigningKeyThumbprint": "<SHA-1 thumbprint>"}. The property "can be used on SAML
 * applications ... to control which certificate is used to sign the SAML responses":
 * https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal?view=graph-rest-1.0#properties
 * The update page's property table does not list it; Microsoft's own MSIdentityTools module sets it with
 * exactly this PATCH (Update-MsIdApplicationSigningKeyThumbprint):
 * https://azuread.github.io/MSIdentityTools/commands/Update-MsIdApplicationSigningKeyThumbprint
 * A just-created service principal may 404 for a while.
 */
export function setPreferredTokenSigningKeyThumbprint(
  graph: GraphClient,
  servicePrincipalObjectId: string,
  thumbprint: string,
): Promise<void> {
  return graph.patch(
    `/servicePrincipals/${segment(servicePrincipalObjectId)}`,
    { preferredTokenSigningKeyThumbprint: thumbprint },
    { retryNotFound: true },
  );
}

/** GET /applications/{id}?$select=id,appId,identifierUris,web; for Day-2 checks of reply URLs and identifier.
 * https://learn.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0 */
export function getApplicationSaml(graph: GraphClient, applicationObjectId: string): Promise<ApplicationSamlView | undefined> {
  return undefinedWhenNotFound(
    graph.get<ApplicationSamlView>(`/applications/${segment(applicationObjectId)}`, {
      query: { $select: "id,appId,identifierUris,web" },
    }),
  );
}

/** GET /servicePrincipals/{id}/appRoleAssignedTo: users and groups assigned to the app, for Day-2 checks.
 * https://learn.microsoft.com/en-us/graph/api/serviceprincipal-list-approleassignedto?view=graph-rest-1.0 */
export function listAppRoleAssignedTo(graph: GraphClient, servicePrincipalObjectId: string): Promise<AppRoleAssignment[]> {
  return graph.list<AppRoleAssignment>(`/servicePrincipals/${segment(servicePrincipalObjectId)}/appRoleAssignedTo`);
}

async function undefinedWhenNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function ignoreNotFound(call: Promise<void>): Promise<void> {
  await undefinedWhenNotFound(call);
}

function isNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { status?: unknown }).status === 404;
}

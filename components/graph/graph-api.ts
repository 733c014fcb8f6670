/**
 * Typed Microsoft Graph v1.0 calls used by the Entra settings resource and by Day-2 checks.
 * Each function names the documentation page of the request it sends, request body included.
 *
 * Every request body, `$select` list and response is typed with Microsoft's v1.0 typings
 * (@microsoft/microsoft-graph-types, generated from the v1.0 metadata), so a property that exists only
 * in beta fails the type-check here instead of failing the call in a tenant.
 */
import type * as MicrosoftGraph from "@microsoft/microsoft-graph-types";
import type { GraphClient } from "./graph-client";

/** An object as Graph returns it: the v1.0 type, with the id every directory object carries. */
type Read<T> = T & { id: string };

/** Properties for `$select`, each checked against the v1.0 type. */
export type Selection<T> = readonly (keyof T & string)[];

/** Graph answers a `$select` with those properties only (and `id`). */
export type Selected<T, S extends Selection<T>> = Read<Pick<T, S[number]>>;

/** https://learn.microsoft.com/en-us/graph/api/resources/tokenissuancepolicy?view=graph-rest-1.0 */
export type TokenIssuancePolicy = Read<MicrosoftGraph.TokenIssuancePolicy>;

/** https://learn.microsoft.com/en-us/graph/api/resources/keycredential?view=graph-rest-1.0 */
export type KeyCredential = MicrosoftGraph.KeyCredential;

/**
 * The service principal properties we read. `preferredTokenSigningKeyEndDateTime` is not among them: it
 * exists only in beta (it is in no v1.0 schema of microsoftgraph/msgraph-metadata, e.g.
 * clean_v10_metadata/cleanMetadata.xml at f54f11b60956ea7b185ca0447b2b80805836ec7b). The active key's end
 * date comes from its keyCredential's endDateTime instead (cli/day2/signing-key.ts).
 * https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal?view=graph-rest-1.0
 */
export const servicePrincipalSigningSelect = [
  "id",
  "appId",
  "preferredTokenSigningKeyThumbprint",
  "keyCredentials",
] as const satisfies Selection<MicrosoftGraph.ServicePrincipal>;
export type ServicePrincipalSigningView = Selected<MicrosoftGraph.ServicePrincipal, typeof servicePrincipalSigningSelect>;

/** The application properties Day-2 checks compare: https://learn.microsoft.com/en-us/graph/api/resources/application?view=graph-rest-1.0 */
export const applicationSamlSelect = ["id", "appId", "identifierUris", "web"] as const satisfies Selection<MicrosoftGraph.Application>;
export type ApplicationSamlView = Selected<MicrosoftGraph.Application, typeof applicationSamlSelect>;

/** https://learn.microsoft.com/en-us/graph/api/resources/approleassignment?view=graph-rest-1.0 */
export type AppRoleAssignment = Read<MicrosoftGraph.AppRoleAssignment>;

/**
 * The body of a `$ref` write: `{"@odata.id": "<service root>/<entity set>/<id>"}`. The typings have no
 * type for it. https://learn.microsoft.com/en-us/graph/api/application-post-tokenissuancepolicies?view=graph-rest-1.0#request-body
 */
interface ODataReference {
  "@odata.id": string;
}

/** The two objects a token issuance policy can be assigned to; see assignTokenIssuancePolicy. */
export type PolicyHolder = "application" | "servicePrincipal";

const holderCollection: Record<PolicyHolder, string> = { application: "applications", servicePrincipal: "servicePrincipals" };

/** Escapes a string literal for an OData $filter: a single quote is doubled. */
function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function segment(id: string): string {
  return encodeURIComponent(id);
}

function selectOf(properties: readonly string[]): string {
  return properties.join(",");
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
 * This POST is not idempotent: the client does not repeat it after a 5xx or a lost answer, and the
 * caller looks for the policy by display name before it creates again.
 */
export function createTokenIssuancePolicy(
  graph: GraphClient,
  policy: { displayName: string; definition: string[]; description: string },
): Promise<TokenIssuancePolicy> {
  const body = {
    definition: policy.definition,
    displayName: policy.displayName,
    description: policy.description,
    isOrganizationDefault: false,
  } satisfies MicrosoftGraph.TokenIssuancePolicy;
  return graph.post<TokenIssuancePolicy>("/policies/tokenIssuancePolicies", body);
}

/**
 * PATCH /policies/tokenIssuancePolicies/{id}; 204 No Content.
 * https://learn.microsoft.com/en-us/graph/api/tokenissuancepolicy-update?view=graph-rest-1.0
 * Body per that page: only the changed properties, here {"definition": ["<policy JSON as a string>"]}.
 */
export function updateTokenIssuancePolicyDefinition(graph: GraphClient, id: string, definition: string[]): Promise<void> {
  const body = { definition } satisfies MicrosoftGraph.TokenIssuancePolicy;
  return graph.patch(`/policies/tokenIssuancePolicies/${segment(id)}`, body);
}

/** DELETE /policies/tokenIssuancePolicies/{id}; 204, and a policy already gone counts as deleted.
 * https://learn.microsoft.com/en-us/graph/api/tokenissuancepolicy-delete?view=graph-rest-1.0 */
export function deleteTokenIssuancePolicy(graph: GraphClient, id: string): Promise<void> {
  return ignoreNotFound(graph.delete(`/policies/tokenIssuancePolicies/${segment(id)}`));
}

/**
 * GET /{applications|servicePrincipals}/{id}/tokenIssuancePolicies: the policies assigned to the object.
 * Application: https://learn.microsoft.com/en-us/graph/api/application-list-tokenissuancepolicies?view=graph-rest-1.0
 * Service principal: no v1.0 page documents it, but the v1.0 metadata declares the navigation property
 * (servicePrincipal/tokenIssuancePolicies, "Referenceable") in microsoftgraph/msgraph-metadata
 * clean_v10_metadata/cleanMetadata.xml (f54f11b60956ea7b185ca0447b2b80805836ec7b), and Microsoft's
 * v1.0 PowerShell module wraps it (Get-MgServicePrincipalTokenIssuancePolicy,
 * https://learn.microsoft.com/en-us/powershell/module/microsoft.graph.applications/get-mgserviceprincipaltokenissuancepolicy).
 */
export function listTokenIssuancePolicies(
  graph: GraphClient,
  holder: PolicyHolder,
  objectId: string,
  options: { retryNotFound?: boolean } = {},
): Promise<TokenIssuancePolicy[]> {
  return graph.list<TokenIssuancePolicy>(`/${holderCollection[holder]}/${segment(objectId)}/tokenIssuancePolicies`, options);
}

/**
 * POST /{applications|servicePrincipals}/{id}/tokenIssuancePolicies/$ref; 204 No Content.
 * https://learn.microsoft.com/en-us/graph/api/application-post-tokenissuancepolicies?view=graph-rest-1.0 (the
 * only assignment v1.0 documents). The same write on the service principal is in the v1.0 metadata (see
 * listTokenIssuancePolicies) and is what the hamilton SDK behind the azuread provider moved to
 * (manicminer/hamilton msgraph/serviceprincipals.go AssignTokenIssuancePolicy, commit e00db1b).
 * Body: {"@odata.id": "https://graph.microsoft.com/v1.0/policies/tokenIssuancePolicies/{policy id}"},
 * with the service root of the cloud we talk to. A just-created object may 404 for a while.
 */
export async function assignTokenIssuancePolicy(graph: GraphClient, holder: PolicyHolder, objectId: string, policyId: string): Promise<void> {
  const body = { "@odata.id": graph.odataId(`/policies/tokenIssuancePolicies/${segment(policyId)}`) } satisfies ODataReference;
  try {
    // Repeating it is safe: a repeat that finds the reference made is answered as below.
    await graph.post<void>(`/${holderCollection[holder]}/${segment(objectId)}/tokenIssuancePolicies/$ref`, body, {
      retryNotFound: true,
      idempotent: true,
    });
  } catch (error) {
    if (isAlreadyAssigned(error)) return;
    throw error;
  }
}

/**
 * A repeat after a lost answer finds the reference made: "One or more added object references already
 * exist for the following modified properties: 'tokenIssuancePolicies'." That is success, as in
 * hashicorp/go-azure-sdk sdk/odata/errors.go ErrorAddedObjectReferencesAlreadyExist (used by hamilton's
 * AssignTokenIssuancePolicy above).
 */
function isAlreadyAssigned(error: unknown): boolean {
  const { status, graphMessage } = (error ?? {}) as { status?: number; graphMessage?: string };
  return status === 400 && /One or more added object references already exist/i.test(graphMessage ?? "");
}

/**
 * DELETE /{applications|servicePrincipals}/{id}/tokenIssuancePolicies/{policy id}/$ref; 204, no body.
 * https://learn.microsoft.com/en-us/graph/api/application-delete-tokenissuancepolicies?view=graph-rest-1.0
 * A reference already removed counts as removed, whichever way Graph says it: 404, or 400
 * Request_BadRequest "One or more removed object references do not exist for the following modified
 * properties". The Go SDK behind the azuread provider treats that 400 as success
 * (manicminer/hamilton msgraph/applications.go and serviceprincipals.go RemoveOwners, checkOwnerGone;
 * the message is hashicorp/go-azure-sdk sdk/odata/errors.go ErrorRemovedObjectReferencesDoNotExist,
 * vendored in hashicorp/terraform-provider-azuread).
 */
export async function removeTokenIssuancePolicy(graph: GraphClient, holder: PolicyHolder, objectId: string, policyId: string): Promise<void> {
  try {
    await graph.delete(`/${holderCollection[holder]}/${segment(objectId)}/tokenIssuancePolicies/${segment(policyId)}/$ref`);
  } catch (error) {
    if (isNotFound(error) || isAlreadyRemoved(error)) return;
    throw error;
  }
}

function isAlreadyRemoved(error: unknown): boolean {
  const { status, graphMessage } = (error ?? {}) as { status?: number; graphMessage?: string };
  return status === 400 && /One or more removed object references do not exist/i.test(graphMessage ?? "");
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
      query: { $select: selectOf(servicePrincipalSigningSelect) },
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
  const body = { preferredTokenSigningKeyThumbprint: thumbprint } satisfies MicrosoftGraph.ServicePrincipal;
  return graph.patch(`/servicePrincipals/${segment(servicePrincipalObjectId)}`, body, { retryNotFound: true });
}

/** GET /applications/{id}?$select=id,appId,identifierUris,web; for Day-2 checks of reply URLs and identifier.
 * https://learn.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0 */
export function getApplicationSaml(graph: GraphClient, applicationObjectId: string): Promise<ApplicationSamlView | undefined> {
  return undefinedWhenNotFound(
    graph.get<ApplicationSamlView>(`/applications/${segment(applicationObjectId)}`, { query: { $select: selectOf(applicationSamlSelect) } }),
  );
}

/**
 * GET /applications(appId='{appId}')?$select=...: an application by its client ID (the stack exports the
 * client ID, not the object ID). https://learn.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0
 */
export function getApplicationSamlByClientId(graph: GraphClient, clientId: string): Promise<ApplicationSamlView | undefined> {
  return undefinedWhenNotFound(
    graph.get<ApplicationSamlView>(`/applications(appId='${encodeURIComponent(clientId.replace(/'/g, "''"))}')`, {
      query: { $select: selectOf(applicationSamlSelect) },
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

/**
 * A Microsoft Graph v1.0 stand-in on 127.0.0.1 for the gallery-app settings: applications and service
 * principals as `POST /applicationTemplates/{id}/instantiate` leaves them, read with `$select` and
 * changed with PATCH. As strict as the service on what it is sent:
 * - `$select` and PATCH bodies may name only properties of the v1.0 schema (property lists from
 *   microsoftgraph/msgraph-metadata clean_v10_metadata/cleanMetadata.xml, entity types application and
 *   servicePrincipal, complex type apiApplication); anything else is a 400, as OData answers it
 *   ("Could not find a property named '…' on type 'microsoft.graph.application'.");
 * - read-only properties (id, appId, applicationTemplateId, createdDateTime, publisherDomain) cannot be PATCHed;
 * - enumerated strings are checked: groupMembershipClaims ("None", "SecurityGroup", "DirectoryRole",
 *   "ApplicationGroup", "All", https://learn.microsoft.com/en-us/graph/api/resources/application?view=graph-rest-1.0)
 *   and preferredSingleSignOnMode ("password", "saml", "notSupported", "oidc",
 *   https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal?view=graph-rest-1.0);
 * - a PATCH of the complex property `api` changes only the fields it names, as the azuread provider's
 *   ApplicationRegistration relies on (it sends `api` with requestedAccessTokenVersion alone);
 * - objects made moments ago can answer 404 until "replicated" (`hideFor`).
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const fakeGalleryToken = "fake-gallery-graph-token";

const applicationProperties = new Set([
  "id", "addIns", "api", "appId", "applicationTemplateId", "appRoles", "authenticationBehaviors", "certification", "createdByAppId",
  "createdDateTime", "defaultRedirectUri", "description", "disabledByMicrosoftStatus", "displayName", "groupMembershipClaims",
  "identifierUris", "info", "isDeviceOnlyAuthSupported", "isDisabled", "isFallbackPublicClient", "keyCredentials", "logo",
  "managerApplications", "nativeAuthenticationApisEnabled", "notes", "oauth2RequirePostResponse", "optionalClaims",
  "parentalControlSettings", "passwordCredentials", "publicClient", "publisherDomain", "requestSignatureVerification",
  "requiredResourceAccess", "samlMetadataUrl", "serviceManagementReference", "servicePrincipalLockConfiguration", "signInAudience",
  "spa", "tags", "tokenEncryptionKeyId", "uniqueName", "verifiedPublisher", "web",
]);
const servicePrincipalProperties = new Set([
  "id", "accountEnabled", "addIns", "alternativeNames", "appDescription", "appDisplayName", "appId", "applicationTemplateId",
  "appOwnerOrganizationId", "appRoleAssignmentRequired", "appRoles", "createdByAppId", "customSecurityAttributes", "description",
  "disabledByMicrosoftStatus", "displayName", "homepage", "info", "isDisabled", "keyCredentials", "loginUrl", "logoutUrl", "notes",
  "notificationEmailAddresses", "oauth2PermissionScopes", "passwordCredentials", "preferredSingleSignOnMode",
  "preferredTokenSigningKeyThumbprint", "replyUrls", "resourceSpecificApplicationPermissions", "samlSingleSignOnSettings",
  "servicePrincipalNames", "servicePrincipalType", "signInAudience", "tags", "tokenEncryptionKeyId", "verifiedPublisher",
]);
const apiApplicationProperties = new Set(["acceptMappedClaims", "knownClientApplications", "oauth2PermissionScopes", "preAuthorizedApplications", "requestedAccessTokenVersion"]);
const readOnly = new Set(["id", "appId", "applicationTemplateId", "createdDateTime", "publisherDomain", "appOwnerOrganizationId"]);
const groupMembershipClaimsValues = new Set(["None", "SecurityGroup", "DirectoryRole", "ApplicationGroup", "All"]);
const singleSignOnModes = new Set(["password", "saml", "notSupported", "oidc"]);

export interface GalleryRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export type FakeObject = Record<string, unknown> & { id: string };

export class FakeGalleryGraph {
  readonly requests: GalleryRequest[] = [];
  readonly applications = new Map<string, FakeObject>();
  readonly servicePrincipals = new Map<string, FakeObject>();
  private readonly hidden = new Map<string, number>();
  private server?: Server;
  private port = 0;

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1.0`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server!.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** `METHOD path` of every request, in order. */
  calls(): string[] {
    return this.requests.map((request) => `${request.method} ${request.path}`);
  }

  /**
   * The objects instantiate makes, shaped like Microsoft's examples (applicationtemplate-instantiate.md,
   * application-saml-sso-configure-api.md): token version and group claims unset, SAML mode unset,
   * assignment required, an msiam_access role and a user_impersonation scope.
   */
  instantiate(overrides: { application?: Partial<FakeObject>; servicePrincipal?: Partial<FakeObject> } = {}): { application: FakeObject; servicePrincipal: FakeObject } {
    const appId = randomUUID();
    const templateId = randomUUID();
    const msiamAccess = { allowedMemberTypes: ["User"], displayName: "msiam_access", id: randomUUID(), isEnabled: true, description: "msiam_access", value: null, origin: "Application" };
    const application: FakeObject = {
      id: randomUUID(),
      appId,
      applicationTemplateId: templateId,
      displayName: "AWS Client VPN",
      groupMembershipClaims: null,
      identifierUris: [],
      notes: null,
      api: {
        acceptMappedClaims: null,
        knownClientApplications: [],
        requestedAccessTokenVersion: null,
        oauth2PermissionScopes: [{ id: randomUUID(), isEnabled: true, type: "User", value: "user_impersonation" }],
        preAuthorizedApplications: [],
      },
      appRoles: [msiamAccess],
      web: { homePageUrl: null, redirectUris: [] },
      ...overrides.application,
    };
    const servicePrincipal: FakeObject = {
      id: randomUUID(),
      appId,
      applicationTemplateId: templateId,
      appRoleAssignmentRequired: true,
      preferredSingleSignOnMode: null,
      notificationEmailAddresses: [],
      tags: ["WindowsAzureActiveDirectoryIntegratedApp"],
      appRoles: [msiamAccess],
      ...overrides.servicePrincipal,
    };
    this.applications.set(application.id, application);
    this.servicePrincipals.set(servicePrincipal.id, servicePrincipal);
    return { application, servicePrincipal };
  }

  /** The next `times` requests for the object answer 404, as before directory replication. */
  hideFor(id: string, times: number): void {
    this.hidden.set(id, times);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const path = url.pathname.replace(/^\/v1\.0/, "");
    const raw = await new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    });
    const body = raw ? (JSON.parse(raw) as unknown) : undefined;
    const query = Object.fromEntries(url.searchParams.entries());
    const method = req.method ?? "GET";
    this.requests.push({ method, path, query, body });
    if (req.headers.authorization !== `Bearer ${fakeGalleryToken}`) return this.error(res, 401, "InvalidAuthenticationToken", "Access token is empty.");
    if (!url.pathname.startsWith("/v1.0/")) return this.error(res, 400, "BadRequest", "Invalid version.");

    const match = /^\/(applications|servicePrincipals)\/([^/]+)$/.exec(path);
    if (!match) return this.error(res, 400, "BadRequest", `Resource not found for the segment '${path.split("/").pop()}'.`);
    const [, collection, rawId] = match;
    const id = decodeURIComponent(rawId);
    const isApplication = collection === "applications";
    const store = isApplication ? this.applications : this.servicePrincipals;
    const typeName = isApplication ? "microsoft.graph.application" : "microsoft.graph.servicePrincipal";
    const properties = isApplication ? applicationProperties : servicePrincipalProperties;
    const remaining = this.hidden.get(id) ?? 0;
    const object = store.get(id);
    if (!object || remaining > 0) {
      if (remaining > 0) this.hidden.set(id, remaining - 1);
      return this.error(res, 404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
    }

    if (method === "GET") {
      const selected = query.$select?.split(",").map((name) => name.trim());
      const unknown = selected?.find((name) => !properties.has(name));
      if (unknown) return this.error(res, 400, "BadRequest", `Could not find a property named '${unknown}' on type '${typeName}'.`);
      const visible = selected ? Object.fromEntries(Object.entries(object).filter(([key]) => key === "id" || selected.includes(key))) : object;
      return this.json(res, 200, { "@odata.context": `${this.baseUrl}/$metadata#${collection}(${selected?.join(",") ?? ""})/$entity`, ...visible });
    }
    if (method === "PATCH") {
      const changes = { ...((body ?? {}) as Record<string, unknown>) };
      for (const key of Object.keys(changes)) {
        if (!properties.has(key)) return this.error(res, 400, "BadRequest", `Could not find a property named '${key}' on type '${typeName}'.`);
        if (readOnly.has(key)) return this.error(res, 400, "Request_BadRequest", `Property '${key}' is read-only and cannot be set.`);
      }
      if (isApplication && "groupMembershipClaims" in changes && (typeof changes.groupMembershipClaims !== "string" || !groupMembershipClaimsValues.has(changes.groupMembershipClaims))) {
        return this.error(res, 400, "Request_BadRequest", "Invalid value specified for property 'groupMembershipClaims' of resource 'Application'.");
      }
      if (!isApplication && "preferredSingleSignOnMode" in changes && (typeof changes.preferredSingleSignOnMode !== "string" || !singleSignOnModes.has(changes.preferredSingleSignOnMode))) {
        return this.error(res, 400, "Request_BadRequest", "Invalid value specified for property 'preferredSingleSignOnMode' of resource 'ServicePrincipal'.");
      }
      if (isApplication && changes.api !== undefined) {
        const api = changes.api as Record<string, unknown>;
        const unknown = Object.keys(api).find((key) => !apiApplicationProperties.has(key));
        if (unknown) return this.error(res, 400, "BadRequest", `Could not find a property named '${unknown}' on type 'microsoft.graph.apiApplication'.`);
        changes.api = { ...(object.api as Record<string, unknown>), ...api };
      }
      Object.assign(object, changes);
      res.writeHead(204);
      res.end();
      return;
    }
    return this.error(res, 405, "Request_BadRequest", `The HTTP method '${method}' is not allowed here.`);
  }

  private error(res: ServerResponse, status: number, code: string, message: string): void {
    const requestId = randomUUID();
    this.json(res, status, { error: { code, message, innerError: { "request-id": requestId, "client-request-id": requestId } } });
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "content-type": "application/json;odata.metadata=minimal;charset=utf-8" });
    res.end(JSON.stringify(body));
  }
}

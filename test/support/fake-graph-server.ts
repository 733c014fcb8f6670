/**
 * A Microsoft Graph v1.0 stand-in on 127.0.0.1 for tests: a real HTTP server that keeps applications,
 * service principals, token issuance and claims-mapping policies, groups and application templates in
 * memory, answers in Graph's shapes, records every request, and injects the faults a real tenant produces.
 *
 * It is as strict as the real service where the code could go wrong:
 * - a `$select` naming a property the v1.0 type does not have is refused with 400, not ignored: "Asking
 *   v1.0 for it in $select fails the entire request" (Graph answers "Parsing OData Select and Expand
 *   failed: Could not find a property named ..."; for directory objects "Invalid $select properties.",
 *   microsoftgraph/microsoft-graph-docs-contrib#3474);
 * - a body property the type does not have is refused: 400 Request_BadRequest "Invalid property 'x'."
 *   (pnp/PnP-Sites-Core#1807, a directory object);
 * - an application or service principal holds one token issuance policy: a second `$ref` is refused with
 *   Request_MultipleObjectsWithSameKeyValue (MicrosoftDocs/OfficeDocs-Enterprise#58, and for the
 *   sibling tokenLifetimePolicies microsoftgraph/microsoft-graph-docs#21746);
 * - removing a `$ref` that is not there answers 400 "One or more removed object references do not
 *   exist ..." (the message hashicorp/go-azure-sdk sdk/odata/errors.go names).
 * The properties of each type are in graph-v1-schema.ts, taken from the v1.0 metadata.
 *
 * Shapes follow the Graph docs: errors https://learn.microsoft.com/en-us/graph/errors#json-representation
 * (`{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`), collections
 * with `@odata.context` and `value` (and `@odata.nextLink` when paged), 201 with the created object, 204
 * without a body for PATCH, DELETE and `$ref` writes.
 *
 * Routes are a table (`routes`); a test or another fake adds its own with `addRoute`, and gets the same
 * recording, faults, authentication and strictness.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type * as MicrosoftGraph from "@microsoft/microsoft-graph-types";
import { graphV1Properties, type GraphV1Type } from "./graph-v1-schema";

export interface RecordedRequest {
  method: string;
  /** Path below the version segment, e.g. `/policies/tokenIssuancePolicies`. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
}

export interface FakePolicy {
  id: string;
  displayName: string;
  definition: string[];
  description?: string | null;
  isOrganizationDefault: boolean;
}

/** A holder of token issuance policies (the navigation property, kept beside the object). */
interface PolicyHolderState {
  tokenIssuancePolicyIds: string[];
}

/**
 * An application: what the fake needs, and any other v1.0 property a test gives it, typed as Microsoft's v1.0
 * typings type it (navigation properties are kept beside the object under names of their own).
 */
export interface FakeApplication extends PolicyHolderState, Omit<MicrosoftGraph.Application, "id" | "appId" | "identifierUris" | "web" | "tokenIssuancePolicies"> {
  id: string;
  appId: string;
  identifierUris: string[];
  web: MicrosoftGraph.WebApplication & { redirectUris: string[] };
}

export interface FakeServicePrincipal
  extends PolicyHolderState,
    Omit<
      MicrosoftGraph.ServicePrincipal,
      "id" | "appId" | "preferredTokenSigningKeyThumbprint" | "keyCredentials" | "appRoleAssignedTo" | "owners" | "claimsMappingPolicies" | "tokenIssuancePolicies"
    > {
  id: string;
  appId: string;
  preferredTokenSigningKeyThumbprint: string | null;
  keyCredentials: Array<Record<string, unknown>>;
  appRoleAssignedTo: Array<Record<string, unknown>>;
  /** Object IDs of its owners (the `owners` navigation property). */
  owners: string[];
  /** IDs of the claims-mapping policies assigned to it (the `claimsMappingPolicies` navigation property). */
  claimsMappingPolicyIds: string[];
}

export interface FakeGroup {
  id: string;
  displayName: string;
}

export interface FakeApplicationTemplate {
  id: string;
  displayName: string;
}

export interface Fault {
  method?: string;
  /** Matches `path` exactly or by RegExp. */
  path?: string | RegExp;
  status: number;
  code: string;
  message?: string;
  retryAfterSeconds?: number;
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Carry the request out, then answer with the fault: a write whose answer is lost. */
  afterHandling?: boolean;
}

/** What a route handler gets. */
export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** The route pattern's capture groups, URL-decoded. */
  params: string[];
}

/** What a route handler answers. */
export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeRoute {
  method: string;
  /** Matched against the path below the version segment. */
  pattern: RegExp;
  /** The v1.0 type the route reads or writes: its `$select` and body are checked against that type. */
  entityType?: GraphV1Type;
  handle(request: FakeRequest): FakeReply;
}

export const fakeToken = "fake-graph-token";

export class FakeGraphServer {
  readonly requests: RecordedRequest[] = [];
  readonly applications = new Map<string, FakeApplication>();
  readonly servicePrincipals = new Map<string, FakeServicePrincipal>();
  readonly policies = new Map<string, FakePolicy>();
  readonly claimsMappingPolicies = new Map<string, FakePolicy>();
  readonly groups = new Map<string, FakeGroup>();
  readonly applicationTemplates = new Map<string, FakeApplicationTemplate>();
  /** Collections are served in pages of this size, to exercise @odata.nextLink. */
  pageSize = 100;
  readonly routes: FakeRoute[] = [];
  private readonly faults: Array<Fault & { remaining: number }> = [];
  private server?: Server;
  private port = 0;

  constructor() {
    this.addTokenIssuancePolicyRoutes();
    this.addApplicationRoutes();
    this.addServicePrincipalRoutes();
    this.addDirectoryReadRoutes();
  }

  /** `http://127.0.0.1:<port>/v1.0` */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1.0`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server!.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server!.close((error) => (error ? reject(error) : resolve())));
  }

  /** Every request received, in order, as `METHOD path`. */
  calls(): string[] {
    return this.requests.map((request) => `${request.method} ${request.path}`);
  }

  /** Forgets every object, request and pending fault: a fresh tenant on the same port. */
  clear(): void {
    this.requests.length = 0;
    this.faults.length = 0;
    for (const store of [this.applications, this.servicePrincipals, this.policies, this.claimsMappingPolicies, this.groups, this.applicationTemplates]) {
      store.clear();
    }
  }

  injectFault(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  /** Adds a route; it is tried before the built-in ones. */
  addRoute(route: FakeRoute): void {
    this.routes.unshift(route);
  }

  addApplication(overrides: Partial<FakeApplication> = {}): FakeApplication {
    const application: FakeApplication = {
      id: randomUUID(),
      appId: randomUUID(),
      identifierUris: ["urn:amazon:webservices:clientvpn"],
      web: { redirectUris: ["http://127.0.0.1:35001"] },
      tokenIssuancePolicyIds: [],
      ...overrides,
    };
    this.applications.set(application.id, application);
    return application;
  }

  addServicePrincipal(application: FakeApplication, overrides: Partial<FakeServicePrincipal> = {}): FakeServicePrincipal {
    const servicePrincipal: FakeServicePrincipal = {
      id: randomUUID(),
      appId: application.appId,
      preferredTokenSigningKeyThumbprint: null,
      keyCredentials: [],
      appRoleAssignedTo: [],
      tokenIssuancePolicyIds: [],
      owners: [],
      claimsMappingPolicyIds: [],
      ...overrides,
    };
    this.servicePrincipals.set(servicePrincipal.id, servicePrincipal);
    return servicePrincipal;
  }

  /** A claims-mapping policy; assign it by putting its ID into a service principal's claimsMappingPolicyIds. */
  addClaimsMappingPolicy(overrides: Partial<FakePolicy> = {}): FakePolicy {
    const policy: FakePolicy = { id: randomUUID(), displayName: "claims", definition: [], description: null, isOrganizationDefault: false, ...overrides };
    this.claimsMappingPolicies.set(policy.id, policy);
    return policy;
  }

  addGroup(group: FakeGroup): FakeGroup {
    this.groups.set(group.id, group);
    return group;
  }

  addApplicationTemplate(template: FakeApplicationTemplate): FakeApplicationTemplate {
    this.applicationTemplates.set(template.id, template);
    return template;
  }

  addPolicy(overrides: Partial<FakePolicy> = {}): FakePolicy {
    const policy: FakePolicy = {
      id: randomUUID(),
      displayName: "policy",
      definition: [],
      description: null,
      isOrganizationDefault: false,
      ...overrides,
    };
    this.policies.set(policy.id, policy);
    return policy;
  }

  /** A Graph error reply: https://learn.microsoft.com/en-us/graph/errors#json-representation */
  graphError(status: number, code: string, message: string, headers: Record<string, string> = {}): FakeReply {
    const requestId = randomUUID();
    return {
      status,
      body: { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), "request-id": requestId, "client-request-id": requestId } } },
      headers: { "request-id": requestId, ...headers },
    };
  }

  notFound(id: string): FakeReply {
    return this.graphError(404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  }

  /** One entity, with the properties of its v1.0 type only (the fake's navigation lists stay inside). */
  entity(type: GraphV1Type, entitySet: string, object: object, query: Record<string, string>): FakeReply {
    return { status: 200, body: { "@odata.context": `${this.baseUrl}/$metadata#${entitySet}/$entity`, ...project(type, object, query.$select) } };
  }

  /** A page of a collection, with @odata.nextLink while items remain. */
  collection(type: GraphV1Type | undefined, context: string, items: object[], query: Record<string, string>): FakeReply {
    const skip = Number(query.$skiptoken ?? 0);
    const page = items.slice(skip, skip + this.pageSize).map((item) => (type ? project(type, item, query.$select) : item));
    const body: Record<string, unknown> = { "@odata.context": `${this.baseUrl}/$metadata#${context}`, value: page };
    if (skip + this.pageSize < items.length) {
      const next = new URL(`${this.baseUrl}${contextPath(context)}`);
      for (const [key, value] of Object.entries(query)) if (key !== "$skiptoken") next.searchParams.set(key, value);
      next.searchParams.set("$skiptoken", String(skip + this.pageSize));
      body["@odata.nextLink"] = next.toString();
    }
    return { status: 200, body };
  }

  /** PATCH of one object: its v1.0 properties only (checked before), 204 without a body. */
  patchRoute(pattern: RegExp, entityType: GraphV1Type, objects: Map<string, object>): FakeRoute {
    return {
      method: "PATCH",
      pattern,
      entityType,
      handle: ({ params: [id], body }) => {
        const object = objects.get(id);
        if (!object) return this.notFound(id);
        Object.assign(object, body);
        return { status: 204 };
      },
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const path = url.pathname.replace(/^\/v1\.0/, "");
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return send(res, this.graphError(400, "BadRequest", "Unable to read JSON request payload."));
    }
    const query = Object.fromEntries(url.searchParams.entries());
    const method = req.method ?? "GET";
    this.requests.push({ method, path, query, body, authorization: req.headers.authorization });

    const fault = this.faults.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (!candidate.method || candidate.method === method) &&
        (!candidate.path || (typeof candidate.path === "string" ? candidate.path === path : candidate.path.test(path))),
    );
    if (fault) {
      fault.remaining--;
      if (fault.afterHandling) this.route(method, path, query, body);
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds);
      return send(res, this.graphError(fault.status, fault.code, fault.message ?? `Injected ${fault.status}`, headers));
    }
    if (req.headers.authorization !== `Bearer ${fakeToken}`) {
      return send(res, this.graphError(401, "InvalidAuthenticationToken", "Access token is empty."));
    }
    if (!url.pathname.startsWith("/v1.0/")) {
      return send(res, this.graphError(400, "BadRequest", `Invalid version: ${url.pathname.split("/")[1]}`));
    }
    send(res, this.route(method, path, query, body));
  }

  private route(method: string, path: string, query: Record<string, string>, body: unknown): FakeReply {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(path);
      if (!match) continue;
      if (route.entityType) {
        const refused = this.refuseUnknownSelect(route.entityType, query.$select) ?? this.refuseUnknownBody(route.entityType, method, body);
        if (refused) return refused;
      }
      return route.handle({ method, path, query, body, params: match.slice(1).map((part) => decodeURIComponent(part ?? "")) });
    }
    return this.graphError(400, "BadRequest", `Resource not found for the segment '${path.split("/").pop()}'.`);
  }

  private refuseUnknownSelect(type: GraphV1Type, selectList: string | undefined): FakeReply | undefined {
    if (selectList === undefined) return undefined;
    const known: readonly string[] = graphV1Properties[type];
    const unknown = selectList.split(",").map((name) => name.trim()).find((name) => !known.includes(name));
    if (unknown === undefined) return undefined;
    return this.graphError(400, "BadRequest", `Parsing OData Select and Expand failed: Could not find a property named '${unknown}' on type 'microsoft.graph.${type}'.`);
  }

  private refuseUnknownBody(type: GraphV1Type, method: string, body: unknown): FakeReply | undefined {
    if (method !== "POST" && method !== "PATCH") return undefined;
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      return this.graphError(400, "BadRequest", "Empty Payload. JSON content expected.");
    }
    const known: readonly string[] = graphV1Properties[type];
    const unknown = Object.keys(body).find((name) => !known.includes(name) && name !== "@odata.type");
    return unknown === undefined ? undefined : this.graphError(400, "Request_BadRequest", `Invalid property '${unknown}'.`);
  }

  private addTokenIssuancePolicyRoutes(): void {
    this.routes.push(
      {
        method: "GET",
        pattern: /^\/policies\/tokenIssuancePolicies$/,
        entityType: "tokenIssuancePolicy",
        handle: ({ query }) => {
          const wanted = parseDisplayNameFilter(query.$filter);
          if (query.$filter !== undefined && wanted === undefined) {
            return this.graphError(400, "Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified.");
          }
          const items = [...this.policies.values()].filter((policy) => wanted === undefined || policy.displayName === wanted);
          return this.collection("tokenIssuancePolicy", "policies/tokenIssuancePolicies", items, query);
        },
      },
      {
        method: "POST",
        pattern: /^\/policies\/tokenIssuancePolicies$/,
        entityType: "tokenIssuancePolicy",
        handle: ({ body }) => {
          const input = body as Partial<FakePolicy>;
          if (!input.displayName || !Array.isArray(input.definition)) {
            return this.graphError(400, "Request_BadRequest", "A value is required for property 'definition' / 'displayName'.");
          }
          const policy = this.addPolicy({
            displayName: input.displayName,
            definition: input.definition,
            description: input.description ?? null,
            isOrganizationDefault: Boolean(input.isOrganizationDefault),
          });
          return { status: 201, body: { "@odata.context": `${this.baseUrl}/$metadata#policies/tokenIssuancePolicies/$entity`, ...policy } };
        },
      },
      {
        method: "GET",
        pattern: /^\/policies\/tokenIssuancePolicies\/([^/]+)$/,
        entityType: "tokenIssuancePolicy",
        handle: ({ params: [id], query }) => {
          const policy = this.policies.get(id);
          return policy ? this.entity("tokenIssuancePolicy", "policies/tokenIssuancePolicies", policy, query) : this.notFound(id);
        },
      },
      this.patchRoute(/^\/policies\/tokenIssuancePolicies\/([^/]+)$/, "tokenIssuancePolicy", this.policies),
      {
        method: "DELETE",
        pattern: /^\/policies\/tokenIssuancePolicies\/([^/]+)$/,
        handle: ({ params: [id] }) => {
          if (!this.policies.delete(id)) return this.notFound(id);
          for (const holder of [...this.applications.values(), ...this.servicePrincipals.values()]) {
            holder.tokenIssuancePolicyIds = holder.tokenIssuancePolicyIds.filter((policyId) => policyId !== id);
          }
          return { status: 204 };
        },
      },
    );
  }

  /** GET, POST $ref and DELETE $ref of a holder's tokenIssuancePolicies. */
  private addPolicyHolderRoutes(entitySet: string, holders: Map<string, PolicyHolderState>): void {
    const holderPath = `^\\/${entitySet}\\/([^/]+)\\/tokenIssuancePolicies`;
    this.routes.push(
      {
        method: "GET",
        pattern: new RegExp(`${holderPath}$`),
        entityType: "tokenIssuancePolicy",
        handle: ({ params: [id], query }) => {
          const holder = holders.get(id);
          if (!holder) return this.notFound(id);
          const items = holder.tokenIssuancePolicyIds.map((policyId) => this.policies.get(policyId)).filter((policy): policy is FakePolicy => !!policy);
          return this.collection("tokenIssuancePolicy", `${entitySet}('${id}')/tokenIssuancePolicies`, items, query);
        },
      },
      {
        method: "POST",
        pattern: new RegExp(`${holderPath}\\/\\$ref$`),
        handle: ({ params: [id], body }) => {
          const holder = holders.get(id);
          if (!holder) return this.notFound(id);
          const keys = typeof body === "object" && body !== null ? Object.keys(body) : [];
          const extra = keys.find((key) => key !== "@odata.id");
          if (extra !== undefined) return this.graphError(400, "Request_BadRequest", `Invalid property '${extra}'.`);
          const reference = (body as Record<string, unknown> | undefined)?.["@odata.id"];
          const prefix = `${this.baseUrl}/policies/tokenIssuancePolicies/`;
          if (typeof reference !== "string" || !reference.startsWith(prefix)) {
            return this.graphError(400, "Request_BadRequest", "Invalid object identifier '@odata.id'.");
          }
          const policyId = decodeURIComponent(reference.slice(prefix.length));
          if (!this.policies.has(policyId)) return this.notFound(policyId);
          if (holder.tokenIssuancePolicyIds.includes(policyId)) {
            return this.graphError(
              400,
              "Request_BadRequest",
              "One or more added object references already exist for the following modified properties: 'tokenIssuancePolicies'.",
            );
          }
          if (holder.tokenIssuancePolicyIds.length > 0) {
            return this.graphError(
              400,
              "Request_MultipleObjectsWithSameKeyValue",
              "Request contains property changes that would result in property-uniqueness violation(s). Please retry your request with corrected values.",
            );
          }
          holder.tokenIssuancePolicyIds.push(policyId);
          return { status: 204 };
        },
      },
      {
        method: "DELETE",
        pattern: new RegExp(`${holderPath}\\/([^/]+)\\/\\$ref$`),
        handle: ({ params: [id, policyId] }) => {
          const holder = holders.get(id);
          if (!holder) return this.notFound(id);
          if (!this.policies.has(policyId)) return this.notFound(policyId);
          if (!holder.tokenIssuancePolicyIds.includes(policyId)) {
            return this.graphError(
              400,
              "Request_BadRequest",
              "One or more removed object references do not exist for the following modified properties: 'tokenIssuancePolicies'.",
            );
          }
          holder.tokenIssuancePolicyIds = holder.tokenIssuancePolicyIds.filter((assigned) => assigned !== policyId);
          return { status: 204 };
        },
      },
    );
  }

  private addApplicationRoutes(): void {
    this.addPolicyHolderRoutes("applications", this.applications);
    this.routes.push(
      {
        method: "GET",
        pattern: /^\/applications\/([^/()]+)$/,
        entityType: "application",
        handle: ({ params: [id], query }) => {
          const application = this.applications.get(id);
          return application ? this.entity("application", "applications", application, query) : this.notFound(id);
        },
      },
      {
        // The appId alternate key: https://learn.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0
        method: "GET",
        pattern: /^\/applications\(appId='([^']+)'\)$/,
        entityType: "application",
        handle: ({ params: [appId], query }) => {
          const application = [...this.applications.values()].find((candidate) => candidate.appId === appId);
          return application ? this.entity("application", "applications", application, query) : this.notFound(appId);
        },
      },
    );
  }

  /**
   * Reads of the directory around an application, each in the shape its v1.0 page gives:
   * - GET /applications?$filter=identifierUris/any(x:x eq '...'), the one filter understood here
   *   (https://learn.microsoft.com/en-us/graph/api/application-list?view=graph-rest-1.0); another is refused
   *   as Graph refuses a clause it cannot run;
   * - GET /servicePrincipals(appId='{appId}') (the appId alternate key, serviceprincipal-get);
   * - GET /servicePrincipals/{id}/owners and /claimsMappingPolicies (serviceprincipal-list-owners,
   *   serviceprincipal-list-claimsmappingpolicies);
   * - GET /policies/claimsMappingPolicies/{id}/appliesTo, every object the policy is assigned to
   *   (stspolicy-list-appliesto);
   * - GET /groups/{id} and /applicationTemplates/{id} (group-get, applicationtemplate-get).
   */
  private addDirectoryReadRoutes(): void {
    this.routes.push(
      {
        method: "GET",
        pattern: /^\/applications$/,
        entityType: "application",
        handle: ({ query }) => {
          const filter = query.$filter === undefined ? undefined : /^identifierUris\/any\((\w+):\1 eq '((?:[^']|'')*)'\)$/.exec(query.$filter);
          if (query.$filter !== undefined && !filter) {
            return this.graphError(400, "Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified.");
          }
          const uri = filter?.[2].replace(/''/g, "'");
          const items = [...this.applications.values()].filter((application) => uri === undefined || application.identifierUris.includes(uri));
          return this.collection("application", "applications", items, query);
        },
      },
      {
        method: "GET",
        pattern: /^\/servicePrincipals\(appId='([^']+)'\)$/,
        entityType: "servicePrincipal",
        handle: ({ params: [appId], query }) => {
          const servicePrincipal = [...this.servicePrincipals.values()].find((candidate) => candidate.appId === appId);
          return servicePrincipal ? this.entity("servicePrincipal", "servicePrincipals", servicePrincipal, query) : this.notFound(appId);
        },
      },
      {
        method: "GET",
        pattern: /^\/servicePrincipals\/([^/]+)\/owners$/,
        entityType: "directoryObject",
        handle: ({ params: [id], query }) => {
          const servicePrincipal = this.servicePrincipals.get(id);
          if (!servicePrincipal) return this.notFound(id);
          const owners = servicePrincipal.owners.map((owner) => ({ "@odata.type": "#microsoft.graph.user", id: owner }));
          return this.collection("directoryObject", "directoryObjects", owners, query);
        },
      },
      {
        method: "GET",
        pattern: /^\/servicePrincipals\/([^/]+)\/claimsMappingPolicies$/,
        entityType: "claimsMappingPolicy",
        handle: ({ params: [id], query }) => {
          const servicePrincipal = this.servicePrincipals.get(id);
          if (!servicePrincipal) return this.notFound(id);
          const items = servicePrincipal.claimsMappingPolicyIds.map((policyId) => this.claimsMappingPolicies.get(policyId)).filter((policy): policy is FakePolicy => !!policy);
          return this.collection("claimsMappingPolicy", `servicePrincipals('${id}')/claimsMappingPolicies`, items, query);
        },
      },
      {
        method: "GET",
        pattern: /^\/policies\/claimsMappingPolicies\/([^/]+)\/appliesTo$/,
        entityType: "directoryObject",
        handle: ({ params: [id], query }) => {
          if (!this.claimsMappingPolicies.has(id)) return this.notFound(id);
          const holders = [...this.servicePrincipals.values()]
            .filter((servicePrincipal) => servicePrincipal.claimsMappingPolicyIds.includes(id))
            .map((servicePrincipal) => ({ "@odata.type": "#microsoft.graph.servicePrincipal", id: servicePrincipal.id }));
          return this.collection("directoryObject", "directoryObjects", holders, query);
        },
      },
      {
        method: "GET",
        pattern: /^\/groups\/([^/]+)$/,
        entityType: "group",
        handle: ({ params: [id], query }) => {
          const group = this.groups.get(id);
          return group ? this.entity("group", "groups", group, query) : this.notFound(id);
        },
      },
      {
        method: "GET",
        pattern: /^\/applicationTemplates\/([^/]+)$/,
        entityType: "applicationTemplate",
        handle: ({ params: [id], query }) => {
          const template = this.applicationTemplates.get(id);
          return template ? this.entity("applicationTemplate", "applicationTemplates", template, query) : this.notFound(id);
        },
      },
    );
  }

  private addServicePrincipalRoutes(): void {
    this.addPolicyHolderRoutes("servicePrincipals", this.servicePrincipals);
    this.routes.push(
      {
        method: "GET",
        pattern: /^\/servicePrincipals\/([^/]+)$/,
        entityType: "servicePrincipal",
        handle: ({ params: [id], query }) => {
          const servicePrincipal = this.servicePrincipals.get(id);
          return servicePrincipal ? this.entity("servicePrincipal", "servicePrincipals", servicePrincipal, query) : this.notFound(id);
        },
      },
      this.patchRoute(/^\/servicePrincipals\/([^/]+)$/, "servicePrincipal", this.servicePrincipals),
      {
        method: "GET",
        pattern: /^\/servicePrincipals\/([^/]+)\/appRoleAssignedTo$/,
        entityType: "appRoleAssignment",
        handle: ({ params: [id], query }) => {
          const servicePrincipal = this.servicePrincipals.get(id);
          if (!servicePrincipal) return this.notFound(id);
          return this.collection("appRoleAssignment", `servicePrincipals('${id}')/appRoleAssignedTo`, servicePrincipal.appRoleAssignedTo, query);
        },
      },
    );
  }
}

function send(res: ServerResponse, reply: FakeReply): void {
  if (reply.body === undefined) {
    res.writeHead(reply.status, reply.headers ?? {});
    res.end();
    return;
  }
  res.writeHead(reply.status, {
    "content-type": "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8",
    ...reply.headers,
  });
  res.end(JSON.stringify(reply.body));
}

/**
 * The properties of `object` that its v1.0 type has, narrowed to `$select` when given (`id` always), and its
 * `@odata.type` annotation, which Graph sends for an item of a collection of a base type (directoryObject).
 */
function project(type: GraphV1Type, object: object, selectList: string | undefined): Record<string, unknown> {
  const known: readonly string[] = graphV1Properties[type];
  const wanted = selectList?.split(",").map((name) => name.trim());
  return Object.fromEntries(
    Object.entries(object).filter(([key]) => key === "@odata.type" || (known.includes(key) && (!wanted || key === "id" || wanted.includes(key)))),
  );
}

/** `applications('id')/tokenIssuancePolicies` -> `/applications/id/tokenIssuancePolicies` */
function contextPath(context: string): string {
  return `/${context.replace(/\('([^']+)'\)/g, "/$1")}`;
}

/** Understands the one filter our client sends: `displayName eq '...'` (quotes doubled inside). */
function parseDisplayNameFilter(filter: string | undefined): string | undefined {
  if (filter === undefined) return undefined;
  const match = /^displayName eq '((?:[^']|'')*)'$/.exec(filter);
  return match ? match[1].replace(/''/g, "'") : undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

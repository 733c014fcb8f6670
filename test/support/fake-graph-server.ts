/**
 * A Microsoft Graph v1.0 stand-in on 127.0.0.1 for tests: a real HTTP server that keeps applications,
 * service principals and token issuance policies in memory, answers in Graph's shapes, records every
 * request, and injects the faults a real tenant produces.
 *
 * Shapes follow the Graph docs: errors https://learn.microsoft.com/en-us/graph/errors#json-representation
 * (`{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`), collections
 * with `@odata.context` and `value` (and `@odata.nextLink` when paged), 201 with the created object, 204
 * without a body for PATCH, DELETE and `$ref` writes.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

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

export interface FakeApplication {
  id: string;
  appId: string;
  identifierUris: string[];
  web: { redirectUris: string[] };
  tokenIssuancePolicyIds: string[];
}

export interface FakeServicePrincipal {
  id: string;
  appId: string;
  preferredTokenSigningKeyThumbprint: string | null;
  keyCredentials: Array<Record<string, unknown>>;
  appRoleAssignedTo: Array<Record<string, unknown>>;
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

export const fakeToken = "fake-graph-token";

export class FakeGraphServer {
  readonly requests: RecordedRequest[] = [];
  readonly applications = new Map<string, FakeApplication>();
  readonly servicePrincipals = new Map<string, FakeServicePrincipal>();
  readonly policies = new Map<string, FakePolicy>();
  /** Collections are served in pages of this size, to exercise @odata.nextLink. */
  pageSize = 100;
  private readonly faults: Array<Fault & { remaining: number }> = [];
  private server?: Server;
  private port = 0;

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

  injectFault(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
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
      ...overrides,
    };
    this.servicePrincipals.set(servicePrincipal.id, servicePrincipal);
    return servicePrincipal;
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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const path = url.pathname.replace(/^\/v1\.0/, "");
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return this.error(res, 400, "BadRequest", "Unable to read JSON request payload.");
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
      if (fault.afterHandling) this.route(method, path, query, body, discardingResponse());
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds);
      return this.error(res, fault.status, fault.code, fault.message ?? `Injected ${fault.status}`, headers);
    }
    if (req.headers.authorization !== `Bearer ${fakeToken}`) {
      return this.error(res, 401, "InvalidAuthenticationToken", "Access token is empty.");
    }
    if (!url.pathname.startsWith("/v1.0/")) {
      return this.error(res, 400, "BadRequest", `Invalid version: ${url.pathname.split("/")[1]}`);
    }
    this.route(method, path, query, body, res);
  }

  private route(method: string, path: string, query: Record<string, string>, body: unknown, res: ServerResponse): void {
    let match: RegExpExecArray | null;
    if (path === "/policies/tokenIssuancePolicies") {
      if (method === "GET") {
        const wanted = parseDisplayNameFilter(query.$filter);
        if (query.$filter !== undefined && wanted === undefined) {
          return this.error(res, 400, "Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified.");
        }
        const items = [...this.policies.values()].filter((policy) => wanted === undefined || policy.displayName === wanted);
        return this.collection(res, "policies/tokenIssuancePolicies", items, query);
      }
      if (method === "POST") {
        const input = body as Partial<FakePolicy>;
        if (!input?.displayName || !Array.isArray(input.definition)) {
          return this.error(res, 400, "Request_BadRequest", "A value is required for property 'definition' / 'displayName'.");
        }
        const policy = this.addPolicy({
          displayName: input.displayName,
          definition: input.definition,
          description: input.description ?? null,
          isOrganizationDefault: Boolean(input.isOrganizationDefault),
        });
        return this.json(res, 201, { "@odata.context": `${this.baseUrl}/$metadata#policies/tokenIssuancePolicies/$entity`, ...policy });
      }
    }
    if ((match = /^\/policies\/tokenIssuancePolicies\/([^/]+)$/.exec(path))) {
      const policy = this.policies.get(decodeURIComponent(match[1]));
      if (!policy) return this.notFound(res, match[1]);
      if (method === "GET") return this.json(res, 200, { "@odata.context": `${this.baseUrl}/$metadata#policies/tokenIssuancePolicies/$entity`, ...policy });
      if (method === "PATCH") {
        Object.assign(policy, body as Partial<FakePolicy>);
        return this.noContent(res);
      }
      if (method === "DELETE") {
        this.policies.delete(policy.id);
        for (const application of this.applications.values()) {
          application.tokenIssuancePolicyIds = application.tokenIssuancePolicyIds.filter((id) => id !== policy.id);
        }
        return this.noContent(res);
      }
    }
    if ((match = /^\/applications\/([^/]+)\/tokenIssuancePolicies$/.exec(path)) && method === "GET") {
      const application = this.applications.get(decodeURIComponent(match[1]));
      if (!application) return this.notFound(res, match[1]);
      const items = application.tokenIssuancePolicyIds.map((id) => this.policies.get(id)).filter((p): p is FakePolicy => !!p);
      return this.collection(res, `applications('${application.id}')/tokenIssuancePolicies`, items, query);
    }
    if ((match = /^\/applications\/([^/]+)\/tokenIssuancePolicies\/\$ref$/.exec(path)) && method === "POST") {
      const application = this.applications.get(decodeURIComponent(match[1]));
      if (!application) return this.notFound(res, match[1]);
      const reference = (body as Record<string, unknown> | undefined)?.["@odata.id"];
      const prefix = `${this.baseUrl}/policies/tokenIssuancePolicies/`;
      if (typeof reference !== "string" || !reference.startsWith(prefix)) {
        return this.error(res, 400, "Request_BadRequest", "Invalid object identifier '@odata.id'.");
      }
      const policyId = decodeURIComponent(reference.slice(prefix.length));
      if (!this.policies.has(policyId)) return this.notFound(res, policyId);
      if (application.tokenIssuancePolicyIds.includes(policyId)) {
        return this.error(
          res,
          400,
          "Request_BadRequest",
          "One or more added object references already exist for the following modified properties: 'tokenIssuancePolicies'.",
        );
      }
      application.tokenIssuancePolicyIds.push(policyId);
      return this.noContent(res);
    }
    if ((match = /^\/applications\/([^/]+)\/tokenIssuancePolicies\/([^/]+)\/\$ref$/.exec(path)) && method === "DELETE") {
      const application = this.applications.get(decodeURIComponent(match[1]));
      if (!application) return this.notFound(res, match[1]);
      const policyId = decodeURIComponent(match[2]);
      if (!application.tokenIssuancePolicyIds.includes(policyId)) return this.notFound(res, policyId);
      application.tokenIssuancePolicyIds = application.tokenIssuancePolicyIds.filter((id) => id !== policyId);
      return this.noContent(res);
    }
    if ((match = /^\/applications\/([^/]+)$/.exec(path)) && method === "GET") {
      const application = this.applications.get(decodeURIComponent(match[1]));
      if (!application) return this.notFound(res, match[1]);
      const visible: Partial<FakeApplication> = { ...application };
      delete visible.tokenIssuancePolicyIds;
      return this.json(res, 200, { "@odata.context": `${this.baseUrl}/$metadata#applications/$entity`, ...select(visible, query.$select) });
    }
    if ((match = /^\/servicePrincipals\/([^/]+)$/.exec(path))) {
      const servicePrincipal = this.servicePrincipals.get(decodeURIComponent(match[1]));
      if (!servicePrincipal) return this.notFound(res, match[1]);
      if (method === "GET") {
        const visible: Partial<FakeServicePrincipal> = { ...servicePrincipal };
        delete visible.appRoleAssignedTo;
        return this.json(res, 200, { "@odata.context": `${this.baseUrl}/$metadata#servicePrincipals/$entity`, ...select(visible, query.$select) });
      }
      if (method === "PATCH") {
        Object.assign(servicePrincipal, body as Partial<FakeServicePrincipal>);
        return this.noContent(res);
      }
    }
    if ((match = /^\/servicePrincipals\/([^/]+)\/appRoleAssignedTo$/.exec(path)) && method === "GET") {
      const servicePrincipal = this.servicePrincipals.get(decodeURIComponent(match[1]));
      if (!servicePrincipal) return this.notFound(res, match[1]);
      return this.collection(res, `servicePrincipals('${servicePrincipal.id}')/appRoleAssignedTo`, servicePrincipal.appRoleAssignedTo, query);
    }
    return this.error(res, 400, "BadRequest", `Resource not found for the segment '${path.split("/").pop()}'.`);
  }

  private collection(res: ServerResponse, context: string, items: unknown[], query: Record<string, string>): void {
    const skip = Number(query.$skiptoken ?? 0);
    const page = items.slice(skip, skip + this.pageSize);
    const body: Record<string, unknown> = { "@odata.context": `${this.baseUrl}/$metadata#${context}`, value: page };
    if (skip + this.pageSize < items.length) {
      const next = new URL(`${this.baseUrl}${contextPath(context)}`);
      for (const [key, value] of Object.entries(query)) if (key !== "$skiptoken") next.searchParams.set(key, value);
      next.searchParams.set("$skiptoken", String(skip + this.pageSize));
      body["@odata.nextLink"] = next.toString();
    }
    this.json(res, 200, body);
  }

  private notFound(res: ServerResponse, id: string): void {
    this.error(
      res,
      404,
      "Request_ResourceNotFound",
      `Resource '${decodeURIComponent(id)}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }

  private error(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
    const requestId = randomUUID();
    this.json(
      res,
      status,
      { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), "request-id": requestId, "client-request-id": requestId } } },
      { "request-id": requestId, ...headers },
    );
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { "content-type": "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8", ...headers });
    res.end(JSON.stringify(body));
  }

  private noContent(res: ServerResponse): void {
    res.writeHead(204);
    res.end();
  }
}

/** A response sink for a request carried out whose answer is replaced by an injected fault. */
function discardingResponse(): ServerResponse {
  return { writeHead: () => undefined, end: () => undefined } as unknown as ServerResponse;
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

function select<T extends object>(object: T, selectList: string | undefined): Partial<T> {
  if (!selectList) return object;
  const keys = selectList.split(",").map((key) => key.trim());
  return Object.fromEntries(Object.entries(object).filter(([key]) => keys.includes(key) || key === "id")) as Partial<T>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * The Microsoft Graph v1.0 reads `npm run adopt` makes, served from a recorded tenant on 127.0.0.1. Self-contained
 * (one route table, nothing shared with fake-graph-server.ts but the token) so it merges into a table-driven fake.
 *
 * As strict as Graph on what adopt sends:
 * - every $select property must exist on the entity type in the v1.0 schema (fixtures/graph-v1/entity-properties.json,
 *   extracted from microsoftgraph/msgraph-metadata); otherwise 400 "Could not find a property named ..."
 * - the application search accepts exactly the identifierUris/any(...) filter the azuread provider uses;
 * - any method but GET is refused with 405 and recorded, so a test can prove adopt wrote nothing.
 * Shapes: collections `{"@odata.context", value}`, errors `{"error":{code,message,innerError}}`
 * (https://learn.microsoft.com/en-us/graph/errors#json-representation).
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fakeToken } from "./fake-graph-server";

const schema = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "graph-v1", "entity-properties.json"), "utf8")) as {
  entityTypes: Record<string, string[]>;
};

export interface RecordedTenant {
  applications: Record<string, unknown>[];
  /** By object ID; each carries appId. */
  servicePrincipals: Record<string, unknown>[];
  owners: Record<string, string[]>;
  appRoleAssignedTo: Record<string, Record<string, unknown>[]>;
  tokenIssuancePolicies: { onApplication: Record<string, Record<string, unknown>[]>; onServicePrincipal: Record<string, Record<string, unknown>[]> };
  claimsMappingPolicies: Record<string, Record<string, unknown>[]>;
  appliesTo: Record<string, string[]>;
  groups: Record<string, { id: string; displayName: string }>;
  applicationTemplates: Record<string, { id: string; displayName: string }>;
}

interface Route {
  pattern: RegExp;
  /** Entity type whose properties $select may name. */
  entity: string;
  answer(match: RegExpExecArray, query: Record<string, string>, tenant: RecordedTenant): { status: number; body: unknown } | { collection: unknown[]; context: string } | undefined;
}

const routes: Route[] = [
  {
    pattern: /^\/applications$/,
    entity: "application",
    answer: (_match, query, tenant) => {
      const filter = /^identifierUris\/any\(uri:uri eq '((?:[^']|'')*)'\)$/.exec(query.$filter ?? "");
      if (!filter) return { status: 400, body: error("Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified.") };
      const uri = filter[1].replace(/''/g, "'");
      return { collection: tenant.applications.filter((app) => (app.identifierUris as string[]).includes(uri)), context: "applications" };
    },
  },
  {
    pattern: /^\/servicePrincipals\(appId='([^']+)'\)$/,
    entity: "servicePrincipal",
    answer: (match, _query, tenant) => tenant.servicePrincipals.find((sp) => sp.appId === match[1]) && { status: 200, body: tenant.servicePrincipals.find((sp) => sp.appId === match[1]) },
  },
  {
    pattern: /^\/servicePrincipals\/([^/]+)\/owners$/,
    entity: "directoryObject",
    answer: (match, _query, tenant) => known(tenant.owners[match[1]], (ids) => ({ collection: ids.map((id) => ({ "@odata.type": "#microsoft.graph.user", id })), context: "directoryObjects" })),
  },
  {
    pattern: /^\/servicePrincipals\/([^/]+)\/appRoleAssignedTo$/,
    entity: "appRoleAssignment",
    answer: (match, _query, tenant) => known(tenant.appRoleAssignedTo[match[1]], (items) => ({ collection: items, context: "appRoleAssignments" })),
  },
  {
    pattern: /^\/applications\/([^/]+)\/tokenIssuancePolicies$/,
    entity: "tokenIssuancePolicy",
    answer: (match, _query, tenant) => known(tenant.tokenIssuancePolicies.onApplication[match[1]], (items) => ({ collection: items, context: "tokenIssuancePolicies" })),
  },
  {
    pattern: /^\/servicePrincipals\/([^/]+)\/tokenIssuancePolicies$/,
    entity: "tokenIssuancePolicy",
    answer: (match, _query, tenant) => known(tenant.tokenIssuancePolicies.onServicePrincipal[match[1]], (items) => ({ collection: items, context: "tokenIssuancePolicies" })),
  },
  {
    pattern: /^\/servicePrincipals\/([^/]+)\/claimsMappingPolicies$/,
    entity: "claimsMappingPolicy",
    answer: (match, _query, tenant) => known(tenant.claimsMappingPolicies[match[1]], (items) => ({ collection: items, context: "claimsMappingPolicies" })),
  },
  {
    pattern: /^\/policies\/claimsMappingPolicies\/([^/]+)\/appliesTo$/,
    entity: "directoryObject",
    answer: (match, _query, tenant) => known(tenant.appliesTo[match[1]], (ids) => ({ collection: ids.map((id) => ({ "@odata.type": "#microsoft.graph.servicePrincipal", id })), context: "directoryObjects" })),
  },
  {
    pattern: /^\/groups\/([^/]+)$/,
    entity: "group",
    answer: (match, _query, tenant) => tenant.groups[match[1]] && { status: 200, body: tenant.groups[match[1]] },
  },
  {
    pattern: /^\/applicationTemplates\/([^/]+)$/,
    entity: "applicationTemplate",
    answer: (match, _query, tenant) => tenant.applicationTemplates[match[1]] && { status: 200, body: tenant.applicationTemplates[match[1]] },
  },
];

function known<T, R>(value: T | undefined, then: (value: T) => R): R | undefined {
  return value === undefined ? undefined : then(value);
}

function error(code: string, message: string) {
  const requestId = randomUUID();
  return { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), "request-id": requestId, "client-request-id": requestId } } };
}

export class AdoptGraphServer {
  /** Every request, as `METHOD path?query`. */
  readonly requests: { method: string; path: string; query: Record<string, string> }[] = [];
  /** Answer requests whose path matches with this error instead, as a tenant that refuses a permission does. */
  refuse?: { path: RegExp; status: number; code: string; message: string };
  private server?: Server;
  private port = 0;

  constructor(public tenant: RecordedTenant) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1.0`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((done) => this.server!.listen(0, "127.0.0.1", done));
    this.port = (this.server!.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
  }

  /** Requests other than GET: adopt must never send one. */
  writes(): string[] {
    return this.requests.filter((request) => request.method !== "GET").map((request) => `${request.method} ${request.path}`);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = decodeURIComponent(url.pathname.replace(/^\/v1\.0/, ""));
    const query = Object.fromEntries(url.searchParams.entries());
    const method = req.method ?? "GET";
    this.requests.push({ method, path, query });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json;odata.metadata=minimal" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${fakeToken}`) return send(401, error("InvalidAuthenticationToken", "Access token is empty."));
    if (!url.pathname.startsWith("/v1.0/")) return send(400, error("BadRequest", `Invalid version: ${url.pathname.split("/")[1]}`));
    if (method !== "GET") return send(405, error("Request_BadRequest", `adopt reads only; ${method} is not expected here`));
    if (this.refuse?.path.test(path)) return send(this.refuse.status, error(this.refuse.code, this.refuse.message));
    for (const route of routes) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      const known = new Set(schema.entityTypes[route.entity]);
      const unknown = (query.$select ?? "").split(",").filter((property) => property && !known.has(property));
      if (unknown.length) return send(400, error("Request_BadRequest", `Could not find a property named '${unknown[0]}' on type 'microsoft.graph.${route.entity}'.`));
      const unexpected = Object.keys(query).filter((key) => key.startsWith("$") && key !== "$select" && key !== "$filter");
      if (unexpected.length) return send(400, error("Request_BadRequest", `Query option '${unexpected[0]}' is not expected by this fake.`));
      const answer = route.answer(match, query, this.tenant);
      if (!answer) return send(404, error("Request_ResourceNotFound", `Resource '${match[1] ?? path}' does not exist or one of its queried reference-property objects are not present.`));
      if ("collection" in answer) {
        return send(200, { "@odata.context": `${this.baseUrl}/$metadata#${answer.context}`, value: answer.collection.map((item) => selected(item, query.$select)) });
      }
      return send(answer.status, answer.status === 200 ? selected(answer.body, query.$select) : answer.body);
    }
    return send(400, error("BadRequest", `Resource not found for the segment '${path.split("/").pop()}'.`));
  }
}

/** Graph returns the selected properties (and id) only. */
function selected(item: unknown, select: string | undefined): unknown {
  if (!select || typeof item !== "object" || item === null) return item;
  const keys = new Set([...select.split(","), "id", "@odata.type"]);
  return Object.fromEntries(Object.entries(item as Record<string, unknown>).filter(([key]) => keys.has(key)));
}

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  getApplicationSaml,
  getServicePrincipalSigning,
  listAppRoleAssignedTo,
  findTokenIssuancePoliciesByDisplayName,
} from "../components/graph/graph-api";
import { GraphClient, GraphError, parseRetryAfter, type GraphRetryPolicy } from "../components/graph/graph-client";
import { interactiveRetry } from "../cli/day2/graph-session";
import { FakeGraphServer, fakeToken } from "./support/fake-graph-server";

let graph: FakeGraphServer;
let sleeps: number[];

function client(retry: Partial<GraphRetryPolicy> = {}, getToken = async () => fakeToken): GraphClient {
  return new GraphClient({
    baseUrl: graph.baseUrl,
    getToken,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
    retry,
  });
}

beforeEach(async () => {
  graph = await new FakeGraphServer().start();
  sleeps = [];
});

afterEach(async () => {
  await graph.stop();
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-21T12:00:00Z");
  it.each([
    ["delay-seconds", "7", 7000],
    ["zero", "0", 0],
    ["HTTP date in the future", "Sat, 21 Nov 2026 12:00:30 GMT", 30000],
    ["HTTP date in the past", "Sat, 21 Nov 2026 11:59:00 GMT", 0],
    ["garbage", "soon", undefined],
    ["absent", null, undefined],
  ])("%s", (_name, header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});

describe("GraphClient retries", () => {
  it("waits the Retry-After seconds of a 429, then repeats the same request", async () => {
    const sp = graph.addServicePrincipal(graph.addApplication());
    graph.injectFault({ path: `/servicePrincipals/${sp.id}`, status: 429, code: "TooManyRequests", retryAfterSeconds: 12 });

    const body = await client().get<{ id: string }>(`/servicePrincipals/${sp.id}`);

    expect(body.id).toBe(sp.id);
    expect(sleeps).toEqual([12000]);
    expect(graph.calls()).toEqual([`GET /servicePrincipals/${sp.id}`, `GET /servicePrincipals/${sp.id}`]);
  });

  it("backs off exponentially on 5xx without Retry-After", async () => {
    graph.injectFault({ status: 503, code: "serviceNotAvailable", times: 3 });

    await client().get("/policies/tokenIssuancePolicies");

    // Equal jitter with random() = 0: half of 2s, 4s, 8s.
    expect(sleeps).toEqual([1000, 2000, 4000]);
  });

  it("caps a computed backoff delay", async () => {
    graph.injectFault({ status: 500, code: "generalException", times: 4 });

    await client({ baseDelayMs: 10_000, maxDelayMs: 15_000 }).get("/policies/tokenIssuancePolicies");

    expect(sleeps).toEqual([5000, 7500, 7500, 7500]);
  });

  it("gives up after the retry budget with Graph's code and request id", async () => {
    graph.injectFault({ status: 503, code: "serviceNotAvailable", message: "Service unavailable", times: 10 });

    const error = await client({ maxThrottleRetries: 2 }).get("/policies/tokenIssuancePolicies").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ status: 503, code: "serviceNotAvailable", method: "GET", path: "/policies/tokenIssuancePolicies" });
    expect((error as GraphError).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(graph.requests).toHaveLength(3);
  });

  it("does not retry a 404 unless asked to", async () => {
    const error = await client().get("/servicePrincipals/missing").catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 404, code: "Request_ResourceNotFound", isNotFound: true });
    expect(graph.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("retries a 404 within the not-found bound when asked to", async () => {
    const error = await client({ maxNotFoundRetries: 2 })
      .get("/servicePrincipals/missing", { retryNotFound: true })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 404 });
    expect(graph.requests).toHaveLength(3);
    expect(sleeps).toEqual([1000, 2000]);
  });

  it("bounds the default wait for a just-created object to between 105 and 210 seconds", async () => {
    for (const [random, expectedTotal] of [
      [0, 105_000],
      [1, 210_000],
    ] as const) {
      const waits: number[] = [];
      graph.requests.length = 0;
      const withDefaults = new GraphClient({
        baseUrl: graph.baseUrl,
        getToken: async () => fakeToken,
        sleep: async (ms) => {
          waits.push(ms);
        },
        random: () => random,
      });

      await expect(withDefaults.get("/servicePrincipals/missing", { retryNotFound: true })).rejects.toMatchObject({ status: 404 });
      expect(graph.requests).toHaveLength(11);
      expect(waits.reduce((sum, ms) => sum + ms, 0)).toBe(expectedTotal);
    }
  });

  it("does not retry a 403: permissions do not appear by waiting", async () => {
    graph.injectFault({ status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." });

    await expect(client().get("/policies/tokenIssuancePolicies")).rejects.toThrow(
      "Microsoft Graph GET /policies/tokenIssuancePolicies failed: 403 Authorization_RequestDenied: Insufficient privileges to complete the operation.",
    );
    expect(graph.requests).toHaveLength(1);
  });

  it("asks for a token before every attempt and never puts it in an error", async () => {
    let asked = 0;
    graph.injectFault({ status: 503, code: "serviceNotAvailable", times: 10 });

    const error = (await client({ maxThrottleRetries: 1 }, async () => {
      asked++;
      return fakeToken;
    })
      .get("/policies/tokenIssuancePolicies")
      .catch((e: unknown) => e)) as Error;

    expect(asked).toBe(2);
    expect(error.message).not.toContain(fakeToken);
    expect(JSON.stringify(error)).not.toContain(fakeToken);
  });

  it("retries a connection that fails outright", async () => {
    const unreachable = new GraphClient({
      baseUrl: "http://127.0.0.1:1/v1.0",
      getToken: async () => fakeToken,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0,
      retry: { maxThrottleRetries: 2 },
    });

    await expect(unreachable.get("/policies/tokenIssuancePolicies")).rejects.toThrow(/could not be reached/);
    expect(sleeps).toEqual([1000, 2000]);
  });
});

describe("GraphClient bounded waits", () => {
  /** A clock that only moves when the client sleeps, so deadlines are tested without waiting. */
  function clocked(retry: Partial<GraphRetryPolicy> = {}) {
    let now = Date.parse("2026-11-21T12:00:00Z");
    const client = new GraphClient({
      baseUrl: graph.baseUrl,
      getToken: async () => fakeToken,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
      now: () => now,
      random: () => 0,
      retry,
    });
    return client;
  }

  it("waits at most 60 s when Graph asks for five minutes", async () => {
    graph.injectFault({ status: 429, code: "TooManyRequests", retryAfterSeconds: 300 });

    await clocked().get("/policies/tokenIssuancePolicies");

    expect(sleeps).toEqual([60_000]);
  });

  it("gives up when the next wait would pass the call's deadline, saying so", async () => {
    graph.injectFault({ status: 429, code: "TooManyRequests", retryAfterSeconds: 60, times: 100 });

    const error = (await clocked({ callDeadlineMs: 150_000 })
      .get("/policies/tokenIssuancePolicies")
      .catch((e: unknown) => e)) as GraphError;

    expect(sleeps).toEqual([60_000, 60_000]);
    expect(graph.requests).toHaveLength(3);
    expect(error).toBeInstanceOf(GraphError);
    expect(error.status).toBe(429);
    expect(error.message).toContain("would pass the call's 150 s deadline");
  });

  it("keeps the default throttle budget inside the default deadline of five minutes", async () => {
    graph.injectFault({ status: 429, code: "TooManyRequests", retryAfterSeconds: 3600, times: 100 });

    await expect(clocked().get("/policies/tokenIssuancePolicies")).rejects.toMatchObject({ status: 429 });

    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(300_000);
    expect(sleeps).toEqual([60_000, 60_000, 60_000, 60_000]);
  });
  it("holds a collection of many pages to one deadline, not one per page", async () => {
    // Ten pages, each throttled once for 60 s before Graph serves it: ten minutes in all.
    const throttled = new Set<number>();
    graph.addRoute({
      method: "GET",
      pattern: /^\/servicePrincipals\/sp-1\/appRoleAssignedTo$/,
      handle: ({ query }) => {
        const page = Number(query.page ?? "0");
        if (!throttled.has(page)) {
          throttled.add(page);
          return { status: 429, body: { error: { code: "TooManyRequests", message: "Too many requests" } }, headers: { "retry-after": "60" } };
        }
        const next = page < 9 ? { "@odata.nextLink": `${graph.baseUrl}/servicePrincipals/sp-1/appRoleAssignedTo?page=${page + 1}` } : {};
        return { status: 200, body: { value: [{ id: String(page) }], ...next } };
      },
    });

    const error = (await clocked()
      .list("/servicePrincipals/sp-1/appRoleAssignedTo")
      .catch((e: unknown) => e)) as GraphError;

    expect(error).toBeInstanceOf(GraphError);
    expect(error.status).toBe(429);
    expect(error.message).toContain("would pass the call's 300 s deadline");
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(300_000);
  });

  it("gives a Day-2 read on a throttled tenant up within 90 s", async () => {
    graph.injectFault({ status: 429, code: "TooManyRequests", retryAfterSeconds: 3600, times: 100 });

    await expect(clocked(interactiveRetry).get("/policies/tokenIssuancePolicies")).rejects.toMatchObject({ status: 429 });

    expect(sleeps).toEqual([20_000, 20_000, 20_000]);
  });
});

describe("GraphClient and requests that are not idempotent", () => {
  it("does not repeat a POST after a 503: it may have run, so the caller must look first", async () => {
    graph.injectFault({ method: "POST", status: 503, code: "serviceNotAvailable", afterHandling: true });

    const error = (await client()
      .post("/policies/tokenIssuancePolicies", { displayName: "p", definition: ["{}"] })
      .catch((e: unknown) => e)) as GraphError;

    expect(error).toMatchObject({ status: 503, outcomeUnknown: true });
    expect(graph.calls()).toEqual(["POST /policies/tokenIssuancePolicies"]);
    expect(graph.policies.size).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it("repeats a POST after a 429, which Graph answers without running it", async () => {
    graph.injectFault({ method: "POST", status: 429, code: "TooManyRequests", retryAfterSeconds: 2 });

    await client().post("/policies/tokenIssuancePolicies", { displayName: "p", definition: ["{}"] });

    expect(graph.calls()).toEqual(["POST /policies/tokenIssuancePolicies", "POST /policies/tokenIssuancePolicies"]);
    expect(graph.policies.size).toBe(1);
  });

  it("repeats a POST the caller marks idempotent", async () => {
    graph.injectFault({ method: "POST", status: 503, code: "serviceNotAvailable" });

    await client().post("/policies/tokenIssuancePolicies", { displayName: "p", definition: ["{}"] }, { idempotent: true });

    expect(graph.calls()).toHaveLength(2);
  });

  it("reports a POST whose connection failed as of unknown outcome, without repeating it", async () => {
    const unreachable = new GraphClient({ baseUrl: "http://127.0.0.1:1/v1.0", getToken: async () => fakeToken, sleep: async (ms) => void sleeps.push(ms) });

    await expect(unreachable.post("/policies/tokenIssuancePolicies", {})).rejects.toMatchObject({ status: 0, outcomeUnknown: true });
    expect(sleeps).toEqual([]);
  });
});

describe("GraphClient attempt timeout", () => {
  it("abandons an attempt that hangs and retries it", async () => {
    const silent = createServer(() => {
      // never answers
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const hanging = new GraphClient({
        baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/v1.0`,
        getToken: async () => fakeToken,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: () => 0,
        // Any limit shows it: the server never answers, so a longer one would only be waited out.
        retry: { maxThrottleRetries: 1, attemptTimeoutMs: 25 },
      });

      await expect(hanging.get("/policies/tokenIssuancePolicies")).rejects.toThrow(/could not be reached/);
      expect(sleeps).toEqual([1000]);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe("GraphClient collections", () => {
  it("follows @odata.nextLink across pages", async () => {
    graph.pageSize = 1;
    for (const name of ["a", "b", "c"]) graph.addPolicy({ displayName: name });

    const items = await client().list<{ displayName: string }>("/policies/tokenIssuancePolicies");

    expect(items.map((item) => item.displayName)).toEqual(["a", "b", "c"]);
    expect(graph.requests.map((request) => request.query.$skiptoken)).toEqual([undefined, "1", "2"]);
  });

  it("stops at the page cap instead of following links forever", async () => {
    graph.pageSize = 1;
    for (const name of ["a", "b", "c", "d"]) graph.addPolicy({ displayName: name });

    await expect(client({ maxPages: 3 }).list("/policies/tokenIssuancePolicies")).rejects.toThrow(
      "Microsoft Graph GET /policies/tokenIssuancePolicies returned more than 3 pages; refusing to read further",
    );
    expect(graph.requests).toHaveLength(3);
  });

  describe("a nextLink off the service root", () => {
    let elsewhere: Server;
    let seenElsewhere: Array<string | undefined>;
    let pageServer: Server;
    let pageBase: string;
    let nextLink: string;

    beforeEach(async () => {
      seenElsewhere = [];
      elsewhere = createServer((req, res) => {
        seenElsewhere.push(req.headers.authorization);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ value: [] }));
      });
      await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
      pageServer = createServer((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ value: [{ id: "1" }], "@odata.nextLink": nextLink }));
      });
      await new Promise<void>((resolve) => pageServer.listen(0, "127.0.0.1", resolve));
      pageBase = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/v1.0`;
    });

    afterEach(async () => {
      for (const server of [elsewhere, pageServer]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it.each([
      ["another port on the same host", () => `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/v1.0/policies/tokenIssuancePolicies?$skiptoken=1`],
      ["another host name", () => `http://localhost:${(elsewhere.address() as AddressInfo).port}/v1.0/policies/tokenIssuancePolicies?$skiptoken=1`],
      ["the same origin outside the version root", () => `${pageBase.replace(/\/v1\.0$/, "")}/beta/policies?$skiptoken=1`],
    ])("refuses to follow a link to %s and sends the token nowhere else", async (_name, link) => {
      nextLink = link();
      const paging = new GraphClient({ baseUrl: pageBase, getToken: async () => fakeToken, sleep: async () => undefined });

      await expect(paging.list("/policies/tokenIssuancePolicies")).rejects.toThrow(/refusing to send the Graph token to .* not under the service root/);
      expect(seenElsewhere).toEqual([]);
    });
  });

  it("escapes quotes in a display-name filter", async () => {
    graph.addPolicy({ displayName: "O'Brien's policy" });
    graph.addPolicy({ displayName: "other" });

    const found = await findTokenIssuancePoliciesByDisplayName(client(), "O'Brien's policy");

    expect(found.map((policy) => policy.displayName)).toEqual(["O'Brien's policy"]);
    expect(graph.requests[0].query.$filter).toBe("displayName eq 'O''Brien''s policy'");
  });
});

describe("the fake Graph is as strict as the v1.0 service", () => {
  it.each([
    ["a beta-only property", "id,preferredTokenSigningKeyEndDateTime", "preferredTokenSigningKeyEndDateTime"],
    ["a navigation property", "id,tokenIssuancePolicies", "tokenIssuancePolicies"],
  ])("refuses a $select of %s on a service principal with 400", async (_name, selectList, property) => {
    const sp = graph.addServicePrincipal(graph.addApplication());

    await expect(client().get(`/servicePrincipals/${sp.id}`, { query: { $select: selectList } })).rejects.toMatchObject({
      status: 400,
      graphMessage: `Parsing OData Select and Expand failed: Could not find a property named '${property}' on type 'microsoft.graph.servicePrincipal'.`,
    });
  });

  it("refuses a body property the type does not have", async () => {
    await expect(
      client().post("/policies/tokenIssuancePolicies", { displayName: "p", definition: ["{}"], type: "TokenIssuancePolicy" }, { idempotent: true }),
    ).rejects.toMatchObject({ status: 400, code: "Request_BadRequest", graphMessage: "Invalid property 'type'." });
    expect(graph.policies.size).toBe(0);
  });

  it("refuses a second token issuance policy on one object, as the directory does", async () => {
    const app = graph.addApplication({ tokenIssuancePolicyIds: [graph.addPolicy().id] });
    const second = graph.addPolicy();

    await expect(
      client().post(`/applications/${app.id}/tokenIssuancePolicies/$ref`, { "@odata.id": `${graph.baseUrl}/policies/tokenIssuancePolicies/${second.id}` }),
    ).rejects.toMatchObject({ status: 400, code: "Request_MultipleObjectsWithSameKeyValue" });
  });

  it("returns only the v1.0 properties of an object, never the fake's own bookkeeping", async () => {
    const app = graph.addApplication({ tokenIssuancePolicyIds: [graph.addPolicy().id] });

    const body = await client().get<Record<string, unknown>>(`/applications/${app.id}`);

    expect(Object.keys(body).sort()).toEqual(["@odata.context", "appId", "id", "identifierUris", "web"]);
  });
});

describe("typed reads for Day-2 checks", () => {
  it("reads the application's identifier and reply URLs", async () => {
    const app = graph.addApplication();

    expect(await getApplicationSaml(client(), app.id)).toEqual({
      "@odata.context": expect.stringContaining("$metadata#applications"),
      id: app.id,
      appId: app.appId,
      identifierUris: ["urn:amazon:webservices:clientvpn"],
      web: { redirectUris: ["http://127.0.0.1:35001"] },
    });
    expect(graph.requests[0].query).toEqual({ $select: "id,appId,identifierUris,web" });
  });

  it("reads the service principal's keys and active key", async () => {
    const key = { keyId: "k1", type: "AsymmetricX509Cert", usage: "Verify", endDateTime: "2029-01-01T00:00:00Z" };
    const sp = graph.addServicePrincipal(graph.addApplication(), { preferredTokenSigningKeyThumbprint: "AB", keyCredentials: [key] });

    expect(await getServicePrincipalSigning(client(), sp.id)).toMatchObject({
      id: sp.id,
      preferredTokenSigningKeyThumbprint: "AB",
      keyCredentials: [key],
    });
  });

  it("answers undefined for an object that does not exist", async () => {
    expect(await getApplicationSaml(client(), "00000000-0000-4000-8000-000000000000")).toBeUndefined();
  });

  it("lists the principals assigned to the app", async () => {
    const assignment = { id: "a1", principalId: "g1", principalType: "Group", principalDisplayName: "vpn-admins", appRoleId: "r", resourceId: "s" };
    const sp = graph.addServicePrincipal(graph.addApplication(), { appRoleAssignedTo: [assignment] });

    expect(await listAppRoleAssignedTo(client(), sp.id)).toEqual([assignment]);
  });
});

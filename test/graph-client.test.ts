import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  getApplicationSaml,
  getServicePrincipalSigning,
  listAppRoleAssignedTo,
  findTokenIssuancePoliciesByDisplayName,
} from "../components/graph/graph-api";
import { GraphClient, GraphError, parseRetryAfter, type GraphRetryPolicy } from "../components/graph/graph-client";
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
        retry: { maxThrottleRetries: 1, attemptTimeoutMs: 100 },
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

  it("escapes quotes in a display-name filter", async () => {
    graph.addPolicy({ displayName: "O'Brien's policy" });
    graph.addPolicy({ displayName: "other" });

    const found = await findTokenIssuancePoliciesByDisplayName(client(), "O'Brien's policy");

    expect(found.map((policy) => policy.displayName)).toEqual(["O'Brien's policy"]);
    expect(graph.requests[0].query.$filter).toBe("displayName eq 'O''Brien''s policy'");
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

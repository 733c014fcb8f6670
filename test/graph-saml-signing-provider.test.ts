import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GraphClient, type GraphRetryPolicy } from "../components/graph/graph-client";
import { createSamlSigningProvider } from "../components/graph/saml-signing-provider";
import { desiredPolicyDefinition, policyDisplayName, type SamlSigningState } from "../components/graph/saml-signing-plan";
import { FakeGraphServer, type FakeApplication, type FakePolicy, type FakeServicePrincipal, fakeToken } from "./support/fake-graph-server";

const tenantId = "0a1b2c3d-0000-4000-8000-000000000001";
const thumbprint = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678";
const otherThumbprint = "FFEEDDCCBBAA99887766554433221100FFEEDDCC";
const spSelect = "id,appId,preferredTokenSigningKeyThumbprint,keyCredentials";

let graph: FakeGraphServer;
let sleeps: number[];
let app: FakeApplication;
let sp: FakeServicePrincipal;

function provider(retry: Partial<GraphRetryPolicy> = {}) {
  return createSamlSigningProvider(
    () =>
      new GraphClient({
        baseUrl: graph.baseUrl,
        getToken: async () => fakeToken,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: () => 0,
        retry,
      }),
  );
}

function inputs(overrides: Partial<Record<string, string>> = {}) {
  return {
    tenantId,
    environment: "global",
    applicationObjectId: app.id,
    servicePrincipalObjectId: sp.id,
    signingCertificateThumbprint: thumbprint,
    ...overrides,
  };
}

function signingOf(policyId: string): string {
  const definition = graph.policies.get(policyId)?.definition ?? [];
  return JSON.parse(definition[0]).TokenIssuancePolicy.TokenResponseSigningPolicy;
}

beforeEach(async () => {
  graph = await new FakeGraphServer().start();
  sleeps = [];
  app = graph.addApplication();
  sp = graph.addServicePrincipal(app);
});

afterEach(async () => {
  await graph.stop();
});

describe("create", () => {
  it("sends exactly the documented requests for a fresh application", async () => {
    const result = await provider().create(inputs());
    const policyId = result.outs!.tokenIssuancePolicyId as string;
    const reference = { "@odata.id": `${graph.baseUrl}/policies/tokenIssuancePolicies/${policyId}` };

    expect(graph.requests.map(({ method, path, query, body }) => ({ method, path, query, body }))).toEqual([
      { method: "GET", path: `/servicePrincipals/${sp.id}`, query: { $select: spSelect }, body: undefined },
      { method: "GET", path: `/applications/${app.id}/tokenIssuancePolicies`, query: {}, body: undefined },
      { method: "GET", path: `/servicePrincipals/${sp.id}/tokenIssuancePolicies`, query: {}, body: undefined },
      {
        method: "GET",
        path: "/policies/tokenIssuancePolicies",
        query: { $filter: `displayName eq '${policyDisplayName(app.id)}'` },
        body: undefined,
      },
      {
        method: "POST",
        path: "/policies/tokenIssuancePolicies",
        query: {},
        body: {
          definition: desiredPolicyDefinition(),
          displayName: policyDisplayName(app.id),
          description: expect.stringContaining("Pulumi"),
          isOrganizationDefault: false,
        },
      },
      { method: "POST", path: `/applications/${app.id}/tokenIssuancePolicies/$ref`, query: {}, body: reference },
      { method: "POST", path: `/servicePrincipals/${sp.id}/tokenIssuancePolicies/$ref`, query: {}, body: reference },
      { method: "PATCH", path: `/servicePrincipals/${sp.id}`, query: {}, body: { preferredTokenSigningKeyThumbprint: thumbprint } },
    ]);
  });

  it("leaves the application and its service principal signing response and assertion, with the managed key active", async () => {
    const result = await provider().create(inputs());
    const policyId = result.outs!.tokenIssuancePolicyId as string;

    expect(app.tokenIssuancePolicyIds).toEqual([policyId]);
    expect(sp.tokenIssuancePolicyIds).toEqual([policyId]);
    expect(signingOf(policyId)).toBe("ResponseAndToken");
    expect(sp.preferredTokenSigningKeyThumbprint).toBe(thumbprint);
    expect(result).toEqual({
      id: `${app.id}/${sp.id}`,
      outs: {
        ...inputs(),
        tokenResponseSigningPolicy: "ResponseAndToken",
        applicationTokenResponseSigningPolicy: "ResponseAndToken",
        servicePrincipalTokenResponseSigningPolicy: "ResponseAndToken",
        preferredTokenSigningKeyThumbprint: thumbprint,
        tokenIssuancePolicyId: policyId,
        tokenIssuancePolicyDisplayName: policyDisplayName(app.id),
      },
    });
  });

  it("adopts its own policy left by an earlier attempt instead of creating a second one", async () => {
    const leftOver = graph.addPolicy({ displayName: policyDisplayName(app.id), definition: desiredPolicyDefinition() });

    const result = await provider().create(inputs());

    expect(result.outs!.tokenIssuancePolicyId).toBe(leftOver.id);
    expect(graph.policies.size).toBe(1);
    expect(graph.calls()).not.toContain("POST /policies/tokenIssuancePolicies");
    expect(app.tokenIssuancePolicyIds).toEqual([leftOver.id]);
    expect(sp.tokenIssuancePolicyIds).toEqual([leftOver.id]);
  });

  it("writes nothing when Graph already holds the wanted settings", async () => {
    const own = graph.addPolicy({ displayName: policyDisplayName(app.id), definition: desiredPolicyDefinition() });
    app.tokenIssuancePolicyIds.push(own.id);
    sp.tokenIssuancePolicyIds.push(own.id);
    sp.preferredTokenSigningKeyThumbprint = thumbprint.toLowerCase();

    await provider().create(inputs());

    expect(graph.requests.filter((request) => request.method !== "GET")).toEqual([]);
  });

  it("waits for a service principal that Graph does not see yet (404 then 200)", async () => {
    graph.injectFault({ method: "GET", path: `/servicePrincipals/${sp.id}`, status: 404, code: "Request_ResourceNotFound", times: 2 });

    const result = await provider().create(inputs());

    expect(result.outs!.preferredTokenSigningKeyThumbprint).toBe(thumbprint);
    expect(graph.calls().filter((call) => call === `GET /servicePrincipals/${sp.id}`)).toHaveLength(3);
    expect(sleeps).toEqual([1000, 2000]);
  });

  it("waits for an application that rejects the policy reference with 404 at first", async () => {
    graph.injectFault({
      method: "POST",
      path: `/applications/${app.id}/tokenIssuancePolicies/$ref`,
      status: 404,
      code: "Request_ResourceNotFound",
    });

    const result = await provider().create(inputs());

    expect(app.tokenIssuancePolicyIds).toEqual([result.outs!.tokenIssuancePolicyId]);
    expect(graph.calls().filter((call) => call === `POST /applications/${app.id}/tokenIssuancePolicies/$ref`)).toHaveLength(2);
  });

  it("counts a policy reference whose answer was lost as made when the retry finds it", async () => {
    graph.injectFault({
      method: "POST",
      path: `/applications/${app.id}/tokenIssuancePolicies/$ref`,
      status: 503,
      code: "serviceNotAvailable",
      afterHandling: true,
    });

    const result = await provider().create(inputs());

    expect(graph.calls().filter((call) => call === `POST /applications/${app.id}/tokenIssuancePolicies/$ref`)).toHaveLength(2);
    expect(app.tokenIssuancePolicyIds).toEqual([result.outs!.tokenIssuancePolicyId]);
  });

  it("gives up on a service principal that never appears, within the bound, naming the tenant", async () => {
    graph.servicePrincipals.delete(sp.id);

    await expect(provider({ maxNotFoundRetries: 3 }).create(inputs())).rejects.toThrow(
      new RegExp(`service principal ${sp.id} in tenant ${tenantId}`),
    );
    expect(graph.calls().filter((call) => call === `GET /servicePrincipals/${sp.id}`)).toHaveLength(4);
    expect(graph.calls().some((call) => call.startsWith("POST"))).toBe(false);
  });

  it("honours Retry-After on a throttled policy creation", async () => {
    graph.injectFault({ method: "POST", path: "/policies/tokenIssuancePolicies", status: 429, code: "TooManyRequests", retryAfterSeconds: 7 });

    await provider().create(inputs());

    expect(sleeps).toEqual([7000]);
    expect(graph.calls().filter((call) => call === "POST /policies/tokenIssuancePolicies")).toHaveLength(2);
    expect(graph.policies.size).toBe(1);
  });

  it("retries a 503 on the service principal update", async () => {
    graph.injectFault({ method: "PATCH", path: `/servicePrincipals/${sp.id}`, status: 503, code: "serviceNotAvailable" });

    await provider().create(inputs());

    expect(sp.preferredTokenSigningKeyThumbprint).toBe(thumbprint);
    expect(graph.calls().filter((call) => call === `PATCH /servicePrincipals/${sp.id}`)).toHaveLength(2);
  });

  it.each([
    ["application", () => app],
    ["service principal", () => sp],
  ])("replaces a TokenOnly policy the portal assigned to the %s, keeping the policy object", async (_holder, holder) => {
    const portal = graph.addPolicy({
      displayName: "TokenIssuancePolicy for SAML app",
      definition: [JSON.stringify({ TokenIssuancePolicy: { Version: 1, TokenResponseSigningPolicy: "TokenOnly" } })],
    });
    holder().tokenIssuancePolicyIds.push(portal.id);

    const result = await provider().create(inputs());

    expect(holder().tokenIssuancePolicyIds).toEqual([result.outs!.tokenIssuancePolicyId]);
    expect(graph.policies.has(portal.id)).toBe(true);
  });

  it("sends the bearer token only in the Authorization header and never stores it", async () => {
    const result = await provider().create(inputs());

    expect(new Set(graph.requests.map((request) => request.authorization))).toEqual(new Set([`Bearer ${fakeToken}`]));
    expect(JSON.stringify(result)).not.toContain(fakeToken);
  });
});

describe("creating the policy, whose POST is not idempotent", () => {
  it("finds the policy a 503 did create instead of creating a second one", async () => {
    graph.injectFault({ method: "POST", path: "/policies/tokenIssuancePolicies", status: 503, code: "serviceNotAvailable", afterHandling: true });

    const result = await provider().create(inputs());

    expect(graph.policies.size).toBe(1);
    expect(graph.calls().filter((call) => call === "POST /policies/tokenIssuancePolicies")).toHaveLength(1);
    expect(app.tokenIssuancePolicyIds).toEqual([result.outs!.tokenIssuancePolicyId]);
  });

  it("creates again, once, after looking and finding that a 503 created nothing", async () => {
    graph.injectFault({ method: "POST", path: "/policies/tokenIssuancePolicies", status: 503, code: "serviceNotAvailable" });

    const result = await provider().create(inputs());

    expect(graph.policies.size).toBe(1);
    expect(graph.calls().filter((call) => call.endsWith(" /policies/tokenIssuancePolicies"))).toEqual([
      "GET /policies/tokenIssuancePolicies",
      "POST /policies/tokenIssuancePolicies",
      "GET /policies/tokenIssuancePolicies",
      "POST /policies/tokenIssuancePolicies",
    ]);
    expect(sp.tokenIssuancePolicyIds).toEqual([result.outs!.tokenIssuancePolicyId]);
  });

  it("gives up after the second create that may or may not have run, leaving at most the policies it can find by name", async () => {
    graph.injectFault({ method: "POST", path: "/policies/tokenIssuancePolicies", status: 503, code: "serviceNotAvailable", times: 2 });

    await expect(provider().create(inputs())).rejects.toThrow(/POST \/policies\/tokenIssuancePolicies failed: 503/);
    expect(graph.calls().filter((call) => call === "POST /policies/tokenIssuancePolicies")).toHaveLength(2);
    expect(app.tokenIssuancePolicyIds).toEqual([]);
  });
});

/**
 * The case a failure part way could make worse: the portal's own policy already signs response and
 * assertion on both objects, and the update replaces it with ours. Whatever write fails, each object
 * must still hold a policy that signs ResponseAndToken afterwards.
 */
describe("a failure part way never leaves Entra worse than before", () => {
  const goodPortalDefinition = [JSON.stringify({ TokenIssuancePolicy: { Version: 1, TokenResponseSigningPolicy: "ResponseAndToken" } })];
  let portal: FakePolicy;

  beforeEach(() => {
    portal = graph.addPolicy({ displayName: "SAML app signing (portal)", definition: goodPortalDefinition });
    app.tokenIssuancePolicyIds.push(portal.id);
    sp.tokenIssuancePolicyIds.push(portal.id);
  });

  function signingOfHolder(holder: { tokenIssuancePolicyIds: string[] }): string {
    const [policyId] = holder.tokenIssuancePolicyIds;
    return policyId ? signingOf(policyId) : "TokenOnly (nothing assigned)";
  }

  // The create is sent at most twice (after a look by name), so its fault lasts two answers.
  const steps: Array<[string, string, () => string | RegExp, number?]> = [
    ["creating the policy", "POST", () => "/policies/tokenIssuancePolicies", 2],
    ["unassigning the portal's policy from the application", "DELETE", () => `/applications/${app.id}/tokenIssuancePolicies/${portal.id}/$ref`],
    ["assigning ours to the application", "POST", () => `/applications/${app.id}/tokenIssuancePolicies/$ref`],
    ["unassigning the portal's policy from the service principal", "DELETE", () => `/servicePrincipals/${sp.id}/tokenIssuancePolicies/${portal.id}/$ref`],
    ["assigning ours to the service principal", "POST", () => `/servicePrincipals/${sp.id}/tokenIssuancePolicies/$ref`],
    ["activating the key", "PATCH", () => `/servicePrincipals/${sp.id}`],
  ];
  const faults: Array<[number, string]> = [
    [401, "InvalidAuthenticationToken"],
    [403, "Authorization_RequestDenied"],
    [503, "serviceNotAvailable"],
  ];
  const cases = steps.flatMap(([step, method, path, times]) => faults.map(([status, code]) => [step, status, code, method, path, times] as const));

  it.each(cases)("%s fails with %s %s", async (_step, status, code, method, path, times) => {
    graph.injectFault({ method, path: path(), status, code, message: `Injected ${status}`, times });

    // No retries: the injected answer is final.
    const error = (await provider({ maxThrottleRetries: 0 })
      .create(inputs())
      .catch((e: unknown) => e)) as Error;

    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(`${status} ${code}`);
    expect(signingOfHolder(app)).toBe("ResponseAndToken");
    expect(signingOfHolder(sp)).toBe("ResponseAndToken");
  });

  // A write Graph carried out although its answer was a 5xx (or never came), with no retry left to find that out:
  // the provider cannot know whether the portal's policy is still assigned, so it must act as if it may not be.
  it.each(steps.map(([step, method, path, times]) => [step, method, path, times] as const))(
    "%s is carried out but answered 503, with no retry left",
    async (_step, method, path, times) => {
      graph.injectFault({ method, path: path(), status: 503, code: "serviceNotAvailable", afterHandling: true, times });

      await provider({ maxThrottleRetries: 0 })
        .create(inputs())
        .catch(() => undefined);

      expect(signingOfHolder(app)).toBe("ResponseAndToken");
      expect(signingOfHolder(sp)).toBe("ResponseAndToken");
    },
  );

  it("says so, naming the policy, when ours cannot be assigned and the replaced one was put back", async () => {
    graph.injectFault({ method: "POST", path: `/servicePrincipals/${sp.id}/tokenIssuancePolicies/$ref`, status: 403, code: "Authorization_RequestDenied" });

    await expect(provider().create(inputs())).rejects.toThrow(
      new RegExp(`to the service principal ${sp.id}: .*403 Authorization_RequestDenied.*The policy it replaced \\("SAML app signing \\(portal\\)" ${portal.id}\\) was assigned back`),
    );
    expect(sp.tokenIssuancePolicyIds).toEqual([portal.id]);
  });

  it("says what to do when the replaced policy cannot be put back either", async () => {
    graph.injectFault({ method: "POST", path: /^\/servicePrincipals\/[^/]+\/tokenIssuancePolicies\/\$ref$/, status: 403, code: "Authorization_RequestDenied", times: 2 });

    await expect(provider().create(inputs())).rejects.toThrow(/could not be assigned back to the service principal .*run `npm run doctor`/);
  });

  it("completes once the fault is gone: both objects hold ours, the portal's policy object stays", async () => {
    graph.injectFault({ method: "POST", path: `/servicePrincipals/${sp.id}/tokenIssuancePolicies/$ref`, status: 503, code: "serviceNotAvailable" });
    const p = provider({ maxThrottleRetries: 0 });
    await expect(p.create(inputs())).rejects.toThrow();

    const result = await p.create(inputs());

    expect(app.tokenIssuancePolicyIds).toEqual([result.outs!.tokenIssuancePolicyId]);
    expect(sp.tokenIssuancePolicyIds).toEqual([result.outs!.tokenIssuancePolicyId]);
    expect(graph.policies.has(portal.id)).toBe(true);
    expect([...graph.policies.values()].filter((policy) => policy.displayName === policyDisplayName(app.id))).toHaveLength(1);
  });
});

describe("refresh, drift and update", () => {
  async function created() {
    const p = provider();
    const result = await p.create(inputs());
    graph.requests.length = 0;
    return { p, id: result.id, state: result.outs as SamlSigningState };
  }

  it("reads a policy flipped to TokenOnly, shows a diff, and the update puts ResponseAndToken back", async () => {
    const { p, id, state } = await created();
    graph.policies.get(state.tokenIssuancePolicyId)!.definition = [
      JSON.stringify({ TokenIssuancePolicy: { Version: 1, TokenResponseSigningPolicy: "TokenOnly" } }),
    ];

    const refreshed = await p.read!(id, state);
    expect(refreshed.props!.tokenResponseSigningPolicy).toBe("TokenOnly");

    const diff = await p.diff!(id, refreshed.props, inputs());
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });

    graph.requests.length = 0;
    const updated = await p.update!(id, refreshed.props, inputs());
    expect(graph.requests.filter((request) => request.method !== "GET")).toEqual([
      expect.objectContaining({
        method: "PATCH",
        path: `/policies/tokenIssuancePolicies/${state.tokenIssuancePolicyId}`,
        body: { definition: desiredPolicyDefinition() },
      }),
    ]);
    expect(signingOf(state.tokenIssuancePolicyId)).toBe("ResponseAndToken");
    expect(updated.outs!.tokenResponseSigningPolicy).toBe("ResponseAndToken");

    const again = await p.read!(id, updated.outs);
    expect((await p.diff!(id, again.props, inputs())).changes).toBe(false);
  });

  it("reads another active key set in the portal and the update activates ours again", async () => {
    const { p, id, state } = await created();
    sp.preferredTokenSigningKeyThumbprint = otherThumbprint;

    const refreshed = await p.read!(id, state);
    expect(refreshed.props!.preferredTokenSigningKeyThumbprint).toBe(otherThumbprint);
    expect((await p.diff!(id, refreshed.props, inputs())).changes).toBe(true);

    graph.requests.length = 0;
    await p.update!(id, refreshed.props, inputs());
    expect(graph.requests.filter((request) => request.method !== "GET")).toEqual([
      expect.objectContaining({ method: "PATCH", path: `/servicePrincipals/${sp.id}`, body: { preferredTokenSigningKeyThumbprint: thumbprint } }),
    ]);
    expect(sp.preferredTokenSigningKeyThumbprint).toBe(thumbprint);
  });

  it("reads a policy deleted out of band as missing, and the update recreates and assigns it", async () => {
    const { p, id, state } = await created();
    graph.policies.delete(state.tokenIssuancePolicyId);
    app.tokenIssuancePolicyIds = [];
    sp.tokenIssuancePolicyIds = [];

    const refreshed = await p.read!(id, state);
    expect(refreshed.props).toMatchObject({ tokenIssuancePolicyId: "", tokenResponseSigningPolicy: "TokenOnly" });
    expect((await p.diff!(id, refreshed.props, inputs())).changes).toBe(true);

    const updated = await p.update!(id, refreshed.props, inputs());
    const newId = updated.outs!.tokenIssuancePolicyId as string;
    expect(newId).not.toBe(state.tokenIssuancePolicyId);
    expect(app.tokenIssuancePolicyIds).toEqual([newId]);
    expect(sp.tokenIssuancePolicyIds).toEqual([newId]);
    expect(signingOf(newId)).toBe("ResponseAndToken");
  });

  it("reads a TokenOnly policy put on the service principal, and the update puts ours back there", async () => {
    const { p, id, state } = await created();
    const portal = graph.addPolicy({
      displayName: "portal signing option",
      definition: [JSON.stringify({ TokenIssuancePolicy: { Version: 1, TokenResponseSigningPolicy: "TokenOnly" } })],
    });
    sp.tokenIssuancePolicyIds = [portal.id];

    const refreshed = await p.read!(id, state);
    expect(refreshed.props).toMatchObject({
      tokenResponseSigningPolicy: "TokenOnly",
      applicationTokenResponseSigningPolicy: "ResponseAndToken",
      servicePrincipalTokenResponseSigningPolicy: "TokenOnly",
    });
    expect((await p.diff!(id, refreshed.props, inputs())).changes).toBe(true);

    graph.requests.length = 0;
    await p.update!(id, refreshed.props, inputs());
    expect(graph.calls().filter((call) => !call.startsWith("GET"))).toEqual([
      `DELETE /servicePrincipals/${sp.id}/tokenIssuancePolicies/${portal.id}/$ref`,
      `POST /servicePrincipals/${sp.id}/tokenIssuancePolicies/$ref`,
    ]);
    expect(sp.tokenIssuancePolicyIds).toEqual([state.tokenIssuancePolicyId]);
    expect(graph.policies.has(portal.id)).toBe(true);
  });

  it("reports the resource gone when the service principal was deleted out of band", async () => {
    const { p, id, state } = await created();
    graph.servicePrincipals.delete(sp.id);

    expect(await p.read!(id, state)).toEqual({ id: "", props: undefined });
    // A refresh must not wait for replication: one look is enough for an object that existed.
    expect(graph.calls()).toEqual([`GET /servicePrincipals/${sp.id}`]);
  });

  it("reports the resource gone when the application was deleted out of band", async () => {
    const { p, id, state } = await created();
    graph.applications.delete(app.id);

    expect((await p.read!(id, state)).id).toBe("");
  });

  it("asks for replacement, deleting first, when the application changes", async () => {
    const { p, id, state } = await created();
    const diff = await p.diff!(id, state, inputs({ applicationObjectId: "11111111-2222-4333-8444-555555555555" }));
    expect(diff).toEqual({ changes: true, replaces: ["applicationObjectId"], deleteBeforeReplace: true });
  });
});

describe("delete", () => {
  it("unassigns and deletes its policy and leaves the active key alone", async () => {
    const p = provider();
    const { id, outs } = await p.create(inputs());
    graph.requests.length = 0;

    await p.delete!(id, outs);

    expect(graph.calls()).toEqual([
      "GET /policies/tokenIssuancePolicies",
      `DELETE /applications/${app.id}/tokenIssuancePolicies/${outs.tokenIssuancePolicyId}/$ref`,
      `DELETE /servicePrincipals/${sp.id}/tokenIssuancePolicies/${outs.tokenIssuancePolicyId}/$ref`,
      `DELETE /policies/tokenIssuancePolicies/${outs.tokenIssuancePolicyId}`,
    ]);
    expect(graph.policies.size).toBe(0);
    expect(app.tokenIssuancePolicyIds).toEqual([]);
    expect(sp.tokenIssuancePolicyIds).toEqual([]);
    expect(sp.preferredTokenSigningKeyThumbprint).toBe(thumbprint);
  });

  it("tolerates a policy and assignment already gone (404)", async () => {
    const p = provider();
    const { id, outs } = await p.create(inputs());
    graph.policies.clear();
    app.tokenIssuancePolicyIds = [];
    sp.tokenIssuancePolicyIds = [];

    await expect(p.delete!(id, outs)).resolves.toBeUndefined();
  });

  it("counts an assignment Graph says no longer exists (400 \"removed object references do not exist\") as removed", async () => {
    const p = provider();
    const { id, outs } = await p.create(inputs());
    // The policy object is still there but no longer assigned: Graph answers the DELETE $ref with 400.
    app.tokenIssuancePolicyIds = [];
    sp.tokenIssuancePolicyIds = [];

    await p.delete!(id, outs);

    expect(graph.policies.size).toBe(0);
  });

  it("removes every policy it owns, a duplicate left by a lost answer included, and nothing else", async () => {
    const p = provider();
    const { id, outs } = await p.create(inputs());
    const duplicate = graph.addPolicy({ displayName: policyDisplayName(app.id), definition: desiredPolicyDefinition() });
    const foreign = graph.addPolicy({ displayName: "someone else's policy" });

    await p.delete!(id, outs);

    expect([...graph.policies.keys()]).toEqual([foreign.id]);
    expect(graph.policies.has(duplicate.id)).toBe(false);
  });

  it("tolerates an application already deleted", async () => {
    const p = provider();
    const { id, outs } = await p.create(inputs());
    graph.applications.delete(app.id);

    await expect(p.delete!(id, outs)).resolves.toBeUndefined();
    expect(graph.policies.size).toBe(0);
  });

  it("finds its policy by display name when the state lost the id", async () => {
    const p = provider();
    const { id, outs } = await p.create(inputs());

    await p.delete!(id, { ...outs, tokenIssuancePolicyId: "" });

    expect(graph.policies.size).toBe(0);
  });

  it("fails, leaving the resource in state, when Graph refuses for good", async () => {
    const p = provider();
    const { id, outs } = await p.create(inputs());
    graph.injectFault({
      method: "DELETE",
      path: /^\/applications\//,
      status: 403,
      code: "Authorization_RequestDenied",
      message: "Insufficient privileges to complete the operation.",
    });

    await expect(p.delete!(id, outs)).rejects.toThrow(/403 Authorization_RequestDenied: Insufficient privileges/);
  });
});

describe("check", () => {
  it("normalises the thumbprint and the cloud name", async () => {
    const result = await provider().check!({}, inputs({ signingCertificateThumbprint: "a1:b2:c3:d4:e5:f6:07:18:29:3a:4b:5c:6d:7e:8f:90:12:34:56:78", environment: "public" }));
    expect(result).toEqual({ inputs: inputs(), failures: [] });
  });

  it("names the setting and the fix for a bad value", async () => {
    const result = await provider().check!({}, inputs({ environment: "mars", signingCertificateThumbprint: "abc" }));
    expect(result.failures).toEqual([
      { property: "environment", reason: expect.stringContaining('azuread:environment "mars"') },
      { property: "signingCertificateThumbprint", reason: expect.stringContaining("ServicePrincipalTokenSigningCertificate.thumbprint") },
    ]);
  });
});

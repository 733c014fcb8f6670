import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GraphClient } from "../components/graph/graph-client";
import { createGalleryAppProvider } from "../components/gallery-app/gallery-app-provider";
import type { GalleryAppState } from "../components/gallery-app/gallery-app-plan";
import { applicationSelect, servicePrincipalSelect } from "../components/gallery-app/gallery-app-graph";
import { FakeGalleryGraph, type FakeObject, fakeGalleryToken } from "./support/fake-gallery-graph";

const tenantId = "0a1b2c3d-0000-4000-8000-000000000001";
const notes = "Managed by Pulumi stack acme/clientvpn-federation/prod (clientvpn-federation).";

let graph: FakeGalleryGraph;
let sleeps: number[];
let app: FakeObject;
let sp: FakeObject;

function provider() {
  return createGalleryAppProvider(
    () =>
      new GraphClient({
        baseUrl: graph.baseUrl,
        getToken: async () => fakeGalleryToken,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: () => 0,
      }),
  );
}

function inputs() {
  return {
    tenantId,
    environment: "global",
    applicationObjectId: app.id,
    servicePrincipalObjectId: sp.id,
    notificationEmails: ["it-security@example.com"],
    notes,
  };
}

beforeEach(async () => {
  graph = await new FakeGalleryGraph().start();
  sleeps = [];
  ({ application: app, servicePrincipal: sp } = graph.instantiate());
});

afterEach(async () => {
  await graph.stop();
});

describe("create", () => {
  it("reads both objects and sends one PATCH each, with only v1.0 properties", async () => {
    await provider().create!(inputs());
    expect(graph.calls()).toEqual([`GET /applications/${app.id}`, `GET /servicePrincipals/${sp.id}`, `PATCH /applications/${app.id}`, `PATCH /servicePrincipals/${sp.id}`]);
    expect(graph.requests[0].query).toEqual({ $select: applicationSelect });
    expect(graph.requests[1].query).toEqual({ $select: servicePrincipalSelect });
    expect(graph.requests[2].body).toEqual({ api: { requestedAccessTokenVersion: 2 }, groupMembershipClaims: "ApplicationGroup", notes });
    expect(graph.requests[3].body).toEqual({ preferredSingleSignOnMode: "saml", notificationEmailAddresses: ["it-security@example.com"] });
  });

  it("leaves the app as AWS needs it and the template's own parts (scopes, roles, tags) as they came", async () => {
    const scopes = (app.api as { oauth2PermissionScopes: unknown[] }).oauth2PermissionScopes;
    await provider().create!(inputs());
    expect(app).toMatchObject({ groupMembershipClaims: "ApplicationGroup", notes, api: { requestedAccessTokenVersion: 2, oauth2PermissionScopes: scopes } });
    expect(sp).toMatchObject({ preferredSingleSignOnMode: "saml", appRoleAssignmentRequired: true, tags: ["WindowsAzureActiveDirectoryIntegratedApp"] });
  });

  it("outputs the client ID, the msiam_access role for assignments, and that the identifier was not preset", async () => {
    const { id, outs } = await provider().create!(inputs());
    expect(id).toBe(`${app.id}/${sp.id}`);
    expect(outs).toMatchObject({
      applicationClientId: app.appId,
      assignmentAppRoleId: (sp.appRoles as { id: string }[])[0].id,
      identifierUriPreset: false,
      groupMembershipClaims: "ApplicationGroup",
      requestedAccessTokenVersion: 2,
      appRoleAssignmentRequired: true,
      preferredSingleSignOnMode: "saml",
    });
  });

  it("when the template preset the identifier, takes it off for ApplicationIdentifierUri and says so in its outputs", async () => {
    app.identifierUris = ["urn:amazon:webservices:clientvpn"];
    const { outs } = await provider().create!(inputs());
    expect(app.identifierUris).toEqual([]);
    expect(outs.identifierUriPreset).toBe(true);
  });

  it("on an application taken over by npm run adopt, keeps the identifier pulumi import gave ApplicationIdentifierUri", async () => {
    app.identifierUris = ["urn:amazon:webservices:clientvpn"];
    const { inputs: checked } = await provider().check!({}, { ...inputs(), adoptedClientId: String(app.appId).toUpperCase() });
    await provider().create!(checked);
    expect(app.identifierUris).toEqual(["urn:amazon:webservices:clientvpn"]);
    expect(graph.requests.find((request) => request.method === "PATCH" && request.path.startsWith("/applications/"))?.body).not.toHaveProperty("identifierUris");
  });

  it("waits for objects instantiate made moments ago to replicate", async () => {
    graph.hideFor(app.id, 2);
    await provider().create!(inputs());
    expect(sleeps).toHaveLength(2);
    expect(app.groupMembershipClaims).toBe("ApplicationGroup");
  });

  it("fails naming the tenant when the objects never appear", async () => {
    graph.applications.clear();
    const failure = await provider().create!(inputs()).catch((error: Error) => error);
    expect(String(failure)).toMatch(new RegExp(`does not find the gallery application ${app.id}.*tenant ${tenantId}`));
  }, 20_000);
});

describe("refresh and update", () => {
  let stored: GalleryAppState;
  beforeEach(async () => {
    stored = (await provider().create!(inputs())).outs as GalleryAppState;
    graph.requests.length = 0;
  });

  it("a refresh records what someone changed in the portal, and the diff shows it", async () => {
    app.groupMembershipClaims = "SecurityGroup";
    sp.appRoleAssignmentRequired = false;
    const { props } = await provider().read!(`${stored.applicationObjectId}/${stored.servicePrincipalObjectId}`, stored);
    expect(props).toMatchObject({ groupMembershipClaims: "SecurityGroup", appRoleAssignmentRequired: false, identifierUriPreset: false });
    const diff = await provider().diff!(stored.applicationObjectId, props as GalleryAppState, inputs());
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("an update puts back what drifted and nothing else, and never removes the identifier ApplicationIdentifierUri owns", async () => {
    app.identifierUris = ["urn:amazon:webservices:clientvpn"];
    app.groupMembershipClaims = "All";
    await provider().update!(stored.applicationObjectId, stored, inputs());
    expect(graph.requests.filter((request) => request.method === "PATCH").map((request) => request.body)).toEqual([{ groupMembershipClaims: "ApplicationGroup" }]);
    expect(app.identifierUris).toEqual(["urn:amazon:webservices:clientvpn"]);
  });

  it("a refresh after the application was deleted drops the settings from the state", async () => {
    graph.applications.delete(app.id);
    expect(await provider().read!(stored.applicationObjectId, stored)).toEqual({ id: "", props: undefined });
  });

  it("delete sends nothing: the application goes with ApplicationFromTemplate", async () => {
    await provider().delete!(stored.applicationObjectId, stored);
    expect(graph.calls()).toEqual([]);
  });
});

describe("check", () => {
  it("refuses a service principal ID that is not a GUID, naming the property", async () => {
    const result = await provider().check!({}, { ...inputs(), servicePrincipalObjectId: "sp-1" });
    expect(result.failures).toEqual([{ property: "servicePrincipalObjectId", reason: expect.stringMatching(/GUID.*"sp-1"/) }]);
  });
});

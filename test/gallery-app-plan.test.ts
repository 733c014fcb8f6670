import { describe, expect, it } from "vitest";
import { assignmentAppRoleId, defaultAccessAppRoleId } from "../components/app-roles";
import { diffGallery, type GalleryAppInputs, type LiveGalleryApp, planGalleryPatches, stateAfterWrite } from "../components/gallery-app/gallery-app-plan";
import { checkGalleryInputs } from "../components/gallery-app/gallery-app-inputs";

const inputs: GalleryAppInputs = {
  tenantId: "6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31",
  environment: "global",
  applicationObjectId: "11111111-1111-4111-8111-111111111111",
  servicePrincipalObjectId: "22222222-2222-4222-8222-222222222222",
  notificationEmails: ["it-security@example.com"],
  notes: "Managed by Pulumi stack acme/clientvpn-federation/prod (clientvpn-federation).",
};
const msiam = { id: "8b292bda-39b6-4b77-849e-887565235bb0", displayName: "msiam_access", isEnabled: true, allowedMemberTypes: ["User"] };

/** The objects as instantiate leaves them (Microsoft's instantiate examples). */
function instantiated(): LiveGalleryApp {
  return {
    application: { appId: "33333333-3333-4333-8333-333333333333", identifierUris: [], groupMembershipClaims: null, requestedAccessTokenVersion: null, notes: null },
    servicePrincipal: { appRoleAssignmentRequired: true, preferredSingleSignOnMode: null, notificationEmailAddresses: [], appRoles: [msiam] },
  };
}

/** The objects once the settings were applied. */
function converged(): LiveGalleryApp {
  return {
    application: { ...instantiated().application, groupMembershipClaims: "ApplicationGroup", requestedAccessTokenVersion: 2, notes: inputs.notes },
    servicePrincipal: { ...instantiated().servicePrincipal, preferredSingleSignOnMode: "saml", notificationEmailAddresses: ["it-security@example.com"] },
  };
}

describe("planGalleryPatches", () => {
  it("sets token version 2, app-assigned group claims, the notes, SAML mode and the notification emails on a freshly instantiated app", () => {
    expect(planGalleryPatches(inputs, instantiated(), { onCreate: true })).toEqual({
      application: { api: { requestedAccessTokenVersion: 2 }, groupMembershipClaims: "ApplicationGroup", notes: inputs.notes },
      servicePrincipal: { preferredSingleSignOnMode: "saml", notificationEmailAddresses: ["it-security@example.com"] },
    });
  });

  it("sends nothing when everything is as wanted", () => {
    expect(planGalleryPatches(inputs, converged(), { onCreate: false })).toEqual({ application: undefined, servicePrincipal: undefined });
  });

  it.each([
    { case: "group claims switched to every security group", edit: (l: LiveGalleryApp) => (l.application.groupMembershipClaims = "SecurityGroup"), patch: { application: { groupMembershipClaims: "ApplicationGroup" } } },
    { case: "assignment no longer required", edit: (l: LiveGalleryApp) => (l.servicePrincipal.appRoleAssignmentRequired = false), patch: { servicePrincipal: { appRoleAssignmentRequired: true } } },
    { case: "SSO mode changed to password", edit: (l: LiveGalleryApp) => (l.servicePrincipal.preferredSingleSignOnMode = "password"), patch: { servicePrincipal: { preferredSingleSignOnMode: "saml" } } },
    { case: "another notification email", edit: (l: LiveGalleryApp) => (l.servicePrincipal.notificationEmailAddresses = ["someone@example.com"]), patch: { servicePrincipal: { notificationEmailAddresses: ["it-security@example.com"] } } },
    { case: "token version back to 1", edit: (l: LiveGalleryApp) => (l.application.requestedAccessTokenVersion = 1), patch: { application: { api: { requestedAccessTokenVersion: 2 } } } },
  ])("puts back only what drifted: $case", ({ edit, patch }) => {
    const live = converged();
    edit(live);
    expect(planGalleryPatches(inputs, live, { onCreate: false })).toEqual({ application: undefined, servicePrincipal: undefined, ...patch });
  });

  it("ignores the order and case of notification emails", () => {
    const live = converged();
    live.servicePrincipal.notificationEmailAddresses = ["IT-Security@example.com"];
    expect(planGalleryPatches(inputs, live, { onCreate: false }).servicePrincipal).toBeUndefined();
  });

  it("on create, takes a preset Client VPN identifier off (keeping any other), so ApplicationIdentifierUri can add and own it", () => {
    const live = instantiated();
    live.application.identifierUris = ["urn:amazon:webservices:clientvpn", "api://keep-me"];
    expect(planGalleryPatches(inputs, live, { onCreate: true }).application?.identifierUris).toEqual(["api://keep-me"]);
  });

  it("on create, keeps the identifier of an application the stack took over (npm run adopt imported it), and of that one only", () => {
    const live = instantiated();
    live.application.identifierUris = ["urn:amazon:webservices:clientvpn"];
    const adopted = { ...inputs, adoptedClientId: live.application.appId };
    expect(planGalleryPatches(adopted, live, { onCreate: true }).application?.identifierUris).toBeUndefined();
    const another = { ...inputs, adoptedClientId: "44444444-4444-4444-8444-444444444444" };
    expect(planGalleryPatches(another, live, { onCreate: true }).application?.identifierUris).toEqual([]);
  });

  it("never touches the identifier after create, when ApplicationIdentifierUri owns it", () => {
    const live = converged();
    live.application.identifierUris = ["urn:amazon:webservices:clientvpn"];
    expect(planGalleryPatches(inputs, live, { onCreate: false }).application).toBeUndefined();
  });
});

describe("assignmentAppRoleId", () => {
  const user = { id: "8774f594-1d59-4279-b9d9-59ef09a23530", displayName: "User", isEnabled: true, allowedMemberTypes: ["User"] };
  const appOnly = { id: "aaaaaaaa-0000-4000-8000-000000000001", displayName: "Daemon", isEnabled: true, allowedMemberTypes: ["Application"] };
  it.each([
    { case: "no app roles: Default Access", roles: [], expected: defaultAccessAppRoleId },
    { case: "msiam_access alone", roles: [msiam], expected: msiam.id },
    { case: "User and msiam_access (the AWS template's pair): msiam_access", roles: [user, msiam], expected: msiam.id },
    { case: "one role open to users besides an application-only one", roles: [user, appOnly], expected: user.id },
    { case: "a disabled msiam_access is not used", roles: [{ ...msiam, isEnabled: false }, user], expected: user.id },
  ])("$case", ({ roles, expected }) => {
    expect(assignmentAppRoleId(roles)).toBe(expected);
  });

  it("refuses to guess between several roles, naming them and the way out", () => {
    const admin = { ...user, id: "bbbbbbbb-0000-4000-8000-000000000002", displayName: "Admin" };
    expect(() => assignmentAppRoleId([user, admin])).toThrow(/User \(8774f594.*Admin \(bbbbbbbb.*none is msiam_access.*azure\.groupClaim: claims-mapping-policy/);
  });
});

describe("diffGallery", () => {
  const stored = stateAfterWrite(inputs, converged(), false);

  it("shows no change when the stored state is converged", () => {
    expect(diffGallery(stored, inputs)).toEqual({ changes: false, replaces: [], differing: [] });
  });

  it("shows a refreshed drift as a change to put back", () => {
    expect(diffGallery({ ...stored, groupMembershipClaims: "SecurityGroup", appRoleAssignmentRequired: false }, inputs).differing).toEqual([
      "groupMembershipClaims",
      "appRoleAssignmentRequired",
    ]);
  });

  it("replaces the settings when they are for another application", () => {
    expect(diffGallery(stored, { ...inputs, applicationObjectId: "44444444-4444-4444-8444-444444444444" }).replaces).toEqual(["applicationObjectId"]);
  });

  it("updates, not replaces, for new notes or emails", () => {
    const diff = diffGallery(stored, { ...inputs, notes: "other", notificationEmails: [] });
    expect(diff).toEqual({ changes: true, replaces: [], differing: ["notes", "notificationEmailAddresses"] });
  });
});

describe("checkGalleryInputs", () => {
  it("normalises the inputs", () => {
    const { inputs: checked, failures } = checkGalleryInputs({ ...inputs, environment: "public", notificationEmails: ["B@example.com", "a@example.com"] });
    expect(failures).toEqual([]);
    expect(checked).toMatchObject({ environment: "global", notificationEmails: ["a@example.com", "b@example.com"] });
  });

  it.each([
    { property: "applicationObjectId", value: "not-a-guid", says: /GUID/ },
    { property: "servicePrincipalObjectId", value: "", says: /GUID/ },
    { property: "environment", value: "mars", says: /not a cloud/ },
    { property: "notificationEmails", value: ["not an email"], says: /not an email address/ },
    { property: "adoptedClientId", value: "contoso", says: /client ID \(a GUID\)/ },
  ])("refuses a bad $property with one failure naming it", ({ property, value, says }) => {
    const { failures } = checkGalleryInputs({ ...inputs, [property]: value });
    expect(failures).toHaveLength(1);
    expect(failures[0].property).toBe(property);
    expect(failures[0].reason).toMatch(says);
  });

  it("keeps an adopted client ID, lowercase, and leaves it out when there is none", () => {
    expect(checkGalleryInputs({ ...inputs, adoptedClientId: "C1C1C1C1-2D2D-4E3E-8F4F-5A5A5A5A5A5A" }).inputs.adoptedClientId).toBe("c1c1c1c1-2d2d-4e3e-8f4f-5a5a5a5a5a5a");
    expect("adoptedClientId" in checkGalleryInputs({ ...inputs }).inputs).toBe(false);
  });

  it("lets values unknown during preview through", () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect(checkGalleryInputs({ ...inputs, applicationObjectId: unknown, servicePrincipalObjectId: unknown }).failures).toEqual([]);
  });
});

/**
 * What the gallery application "AWS ClientVPN" must look like after `POST /applicationTemplates/{id}/instantiate`,
 * what it looks like, and the Graph writes between the two. Pure: the dynamic provider does the I/O.
 *
 * Instantiation makes an application and its service principal in the shape the gallery template gives
 * them, and the azuread provider's `ApplicationFromTemplate` "does not attempt to manage any properties of
 * the resulting application" (@pulumi/azuread 6.9.1, applicationFromTemplate.d.ts). Taking the whole app
 * over with `azuread.Application { templateId }` instead would rewrite every property the template set
 * (hashicorp/terraform-provider-azuread#852; v3.8.0 application_resource.go updates it "as if it was
 * imported", web and tags included). So this program leaves the template's objects as they come and sets
 * only what AWS Client VPN needs and no azuread resource can set on an app it did not create:
 *
 * Application (PATCH /applications/{id}, https://learn.microsoft.com/en-us/graph/api/application-update?view=graph-rest-1.0):
 * - groupMembershipClaims "ApplicationGroup": only groups assigned to the app go into the token, so a
 *   user in over 150 groups keeps memberOf
 *   (https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/how-to-connect-fed-group-claims).
 *   The template leaves it null (instantiate examples in microsoftgraph/microsoft-graph-docs-contrib
 *   api-reference/v1.0/api/applicationtemplate-instantiate.md and concepts/application-saml-sso-configure-api.md).
 * - api.requestedAccessTokenVersion 2: the template leaves it null (v1), and Microsoft's default
 *   app-management policy refuses "newly added URIs on v1 applications" that are not in a verified
 *   domain, such as urn:amazon:webservices:clientvpn
 *   (https://learn.microsoft.com/en-us/entra/identity-platform/identifier-uri-restrictions). Sent as
 *   `{"api":{"requestedAccessTokenVersion":2}}`, exactly as the azuread provider's ApplicationRegistration
 *   update sends it (v3.8.0 application_registration_resource.go), which leaves the template's
 *   oauth2PermissionScopes alone.
 * - notes: the stack's ownership marker, which the one-application-per-tenant check reads on every
 *   later run (components/identity-uniqueness.ts); the template leaves notes empty.
 * Service principal (PATCH /servicePrincipals/{id}, https://learn.microsoft.com/en-us/graph/api/serviceprincipal-update?view=graph-rest-1.0):
 * - preferredSingleSignOnMode "saml": the template leaves it null; Microsoft's walkthrough sets it
 *   first (concepts/application-saml-sso-configure-api.md, "Step 2: Configure single sign-on"), and
 *   preferredTokenSigningKeyThumbprint applies to "apps that have preferredSingleSignOnMode set to saml"
 *   (https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal?view=graph-rest-1.0).
 * - appRoleAssignmentRequired true: the examples show true, but no document promises it for every
 *   template, and without it every user of the tenant gets a token.
 * - notificationEmailAddresses: who hears before the signing certificate expires.
 * The identifier and the reply URLs are set by azuread.ApplicationIdentifierUri and
 * azuread.ApplicationRedirectUris, which work on any application by ID.
 */
import { clientVpnIdentifierUri } from "../client-vpn-identifier";
import { type AppRoleView, assignmentAppRoleId } from "../app-roles";

export const wantedGroupMembershipClaims = "ApplicationGroup";
export const wantedAccessTokenVersion = 2;
export const wantedSingleSignOnMode = "saml";

export interface GalleryAppInputs {
  tenantId: string;
  environment: string;
  applicationObjectId: string;
  servicePrincipalObjectId: string;
  /** Sorted, lowercase: the order Entra keeps is not ours to diff on. */
  notificationEmails: string[];
  /** The application's notes: this stack's ownership marker. */
  notes: string;
  /**
   * The client ID of an application this stack took over with `npm run adopt` (adopted.applicationClientId),
   * lowercase; absent for one the stack instantiated. Its identifier is imported into
   * azuread.ApplicationIdentifierUri, so the create must not take it off (see planGalleryPatches).
   */
  adoptedClientId?: string;
}

/** What Graph says right now, reduced to what the plan reads. */
export interface LiveGalleryApp {
  application: {
    appId: string;
    identifierUris: string[];
    groupMembershipClaims: string | null;
    requestedAccessTokenVersion: number | null;
    notes: string | null;
  };
  servicePrincipal: {
    appRoleAssignmentRequired: boolean;
    preferredSingleSignOnMode: string | null;
    notificationEmailAddresses: string[];
    appRoles: AppRoleView[];
  };
}

/** The state Pulumi stores: inputs, what Graph holds, and what other resources read from it. */
export interface GalleryAppState extends GalleryAppInputs {
  /** The application (client) ID, which ApplicationFromTemplate does not output. */
  applicationClientId: string;
  /** The app role each group assignment uses. */
  assignmentAppRoleId: string;
  /** Whether the template had already put urn:amazon:webservices:clientvpn on the application. */
  identifierUriPreset: boolean;
  groupMembershipClaims: string;
  requestedAccessTokenVersion: number;
  appRoleAssignmentRequired: boolean;
  preferredSingleSignOnMode: string;
  notificationEmailAddresses: string[];
}

export interface GalleryPatches {
  application?: Record<string, unknown>;
  servicePrincipal?: Record<string, unknown>;
}

/**
 * The PATCH bodies that bring `live` to the wanted shape; only what differs is sent.
 *
 * `onCreate`: a template that already carries the identifier (the tutorial calls it "a fixed string
 * value"; Microsoft said in 2020 that API-made gallery apps get no such presets, Azure/azure-rest-api-specs#9122)
 * has it taken off here, so azuread.ApplicationIdentifierUri can add and own it either way. This runs only
 * when the settings are created, i.e. for an application instantiated moments before, never against an
 * identifier that resource already owns. An application taken over by `npm run adopt` is the exception: its
 * settings are created on the first `pulumi up`, after `pulumi import` gave the identifier it already has to
 * ApplicationIdentifierUri, which would not add it back, so every sign-in would fail from then on.
 */
export function planGalleryPatches(inputs: GalleryAppInputs, live: LiveGalleryApp, options: { onCreate: boolean }): GalleryPatches {
  const application: Record<string, unknown> = {};
  if (live.application.requestedAccessTokenVersion !== wantedAccessTokenVersion) {
    application.api = { requestedAccessTokenVersion: wantedAccessTokenVersion };
  }
  if (live.application.groupMembershipClaims !== wantedGroupMembershipClaims) {
    application.groupMembershipClaims = wantedGroupMembershipClaims;
  }
  if ((live.application.notes ?? "") !== inputs.notes) application.notes = inputs.notes;
  const adopted = inputs.adoptedClientId !== undefined && live.application.appId.toLowerCase() === inputs.adoptedClientId;
  if (options.onCreate && !adopted && live.application.identifierUris.includes(clientVpnIdentifierUri)) {
    application.identifierUris = live.application.identifierUris.filter((uri) => uri !== clientVpnIdentifierUri);
  }
  const servicePrincipal: Record<string, unknown> = {};
  if (live.servicePrincipal.preferredSingleSignOnMode !== wantedSingleSignOnMode) {
    servicePrincipal.preferredSingleSignOnMode = wantedSingleSignOnMode;
  }
  if (live.servicePrincipal.appRoleAssignmentRequired !== true) servicePrincipal.appRoleAssignmentRequired = true;
  if (!sameEmails(live.servicePrincipal.notificationEmailAddresses, inputs.notificationEmails)) {
    servicePrincipal.notificationEmailAddresses = inputs.notificationEmails;
  }
  return {
    application: Object.keys(application).length ? application : undefined,
    servicePrincipal: Object.keys(servicePrincipal).length ? servicePrincipal : undefined,
  };
}

/** State after writing: the wanted values, and what only Graph knows (client ID, roles, whether the identifier was preset). */
export function stateAfterWrite(inputs: GalleryAppInputs, live: LiveGalleryApp, identifierUriPreset: boolean): GalleryAppState {
  return {
    ...inputs,
    applicationClientId: live.application.appId,
    assignmentAppRoleId: assignmentAppRoleId(live.servicePrincipal.appRoles),
    identifierUriPreset,
    groupMembershipClaims: wantedGroupMembershipClaims,
    requestedAccessTokenVersion: wantedAccessTokenVersion,
    appRoleAssignmentRequired: true,
    preferredSingleSignOnMode: wantedSingleSignOnMode,
    notificationEmailAddresses: inputs.notificationEmails,
  };
}

/** State after a refresh: the live values, so a change made in the portal shows as a diff. */
export function stateFromLive(inputs: GalleryAppInputs, live: LiveGalleryApp, identifierUriPreset: boolean): GalleryAppState {
  return {
    ...inputs,
    applicationClientId: live.application.appId,
    assignmentAppRoleId: assignmentAppRoleId(live.servicePrincipal.appRoles),
    identifierUriPreset,
    notes: live.application.notes ?? "",
    groupMembershipClaims: live.application.groupMembershipClaims ?? "",
    requestedAccessTokenVersion: live.application.requestedAccessTokenVersion ?? 1,
    appRoleAssignmentRequired: live.servicePrincipal.appRoleAssignmentRequired,
    preferredSingleSignOnMode: live.servicePrincipal.preferredSingleSignOnMode ?? "",
    notificationEmailAddresses: normalizeEmails(live.servicePrincipal.notificationEmailAddresses),
  };
}

/** Inputs that name other Graph objects: a change means settings on another application. */
export const replacingInputs = ["tenantId", "environment", "applicationObjectId", "servicePrincipalObjectId"] as const;

export interface GalleryDiff {
  changes: boolean;
  replaces: string[];
  differing: string[];
}

/** Compares the stored (possibly refreshed) state with the declared inputs and the wanted values. */
export function diffGallery(olds: Partial<GalleryAppState>, news: GalleryAppInputs): GalleryDiff {
  const replaces = replacingInputs.filter((key) => olds[key] !== news[key]);
  const differing: string[] = [...replaces];
  if ((olds.notes ?? "") !== news.notes) differing.push("notes");
  if (olds.groupMembershipClaims !== wantedGroupMembershipClaims) differing.push("groupMembershipClaims");
  if (olds.requestedAccessTokenVersion !== wantedAccessTokenVersion) differing.push("requestedAccessTokenVersion");
  if (olds.appRoleAssignmentRequired !== true) differing.push("appRoleAssignmentRequired");
  if (olds.preferredSingleSignOnMode !== wantedSingleSignOnMode) differing.push("preferredSingleSignOnMode");
  if (!sameEmails(olds.notificationEmailAddresses ?? [], news.notificationEmails)) differing.push("notificationEmailAddresses");
  return { changes: differing.length > 0, replaces: [...replaces], differing };
}

export function normalizeEmails(emails: readonly string[]): string[] {
  return [...new Set(emails.map((email) => email.trim().toLowerCase()))].sort();
}

function sameEmails(a: readonly string[], b: readonly string[]): boolean {
  const left = normalizeEmails(a);
  const right = normalizeEmails(b);
  return left.length === right.length && left.every((email, index) => email === right[index]);
}

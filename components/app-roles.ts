/**
 * Which app role a group assignment to the VPN application uses.
 */

/** "Default Access": the app role of an app that declares none (https://learn.microsoft.com/en-us/graph/api/resources/approleassignment?view=graph-rest-1.0). */
export const defaultAccessAppRoleId = "00000000-0000-0000-0000-000000000000";

/**
 * The role gallery SAML templates declare for plain access; Microsoft's walkthrough warns "don't modify
 * the default app roles msiam_access" (microsoftgraph/microsoft-graph-docs-contrib
 * concepts/application-saml-sso-configure-api.md), and the instantiate examples carry it
 * (api-reference/v1.0/api/applicationtemplate-instantiate.md).
 */
export const galleryAccessRoleName = "msiam_access";

/** An app role as Graph returns it (v1.0 appRole: allowedMemberTypes, displayName, id, isEnabled, value, ...). */
export interface AppRoleView {
  id: string;
  displayName?: string | null;
  value?: string | null;
  isEnabled?: boolean;
  allowedMemberTypes?: string[];
}

/**
 * The app role group assignments use: Default Access when the service principal declares no roles
 * ("If the resource application hasn't declared any app roles, a default app role ID of
 * 00000000-0000-0000-0000-000000000000 can be specified", approleassignment page above), else the
 * template's msiam_access, else its one enabled role open to users (groups are assigned through roles
 * that allow "User"). Throws when the template offers several and none is msiam_access: guessing would
 * give users a role of unknown meaning.
 */
export function assignmentAppRoleId(appRoles: readonly AppRoleView[]): string {
  if (appRoles.length === 0) return defaultAccessAppRoleId;
  const usable = appRoles.filter((role) => role.isEnabled !== false && (role.allowedMemberTypes ?? ["User"]).includes("User"));
  const access = usable.find((role) => role.displayName === galleryAccessRoleName);
  if (access) return access.id;
  if (usable.length === 1) return usable[0].id;
  const names = appRoles.map((role) => `${role.displayName ?? role.value ?? "?"} (${role.id})`).join(", ");
  throw new Error(
    `the gallery application's service principal offers the app roles ${names} and none is ${galleryAccessRoleName}, ` +
      "so this program cannot tell which one means plain access; use azure.groupClaim: claims-mapping-policy",
  );
}

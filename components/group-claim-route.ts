/**
 * The two ways the program makes Entra put the user's groups into the SAML attribute `memberOf`
 * (config `azure.groupClaim`). The evidence for each, and for the default, is in
 * docs/research/group-claim-routes.md.
 *
 * - "claims-mapping-policy": an app registration of our own, and a claims-mapping policy (Graph v1.0,
 *   every national cloud) that copies the `groups` claim into `memberOf`.
 * - "gallery-app": Microsoft's gallery application "AWS ClientVPN", instantiated from its application
 *   template, whose preconfigured claims include memberOf, FirstName and LastName; no claims-mapping
 *   policy is assigned.
 */
export const groupClaimRoutes = ["claims-mapping-policy", "gallery-app"] as const;

export type GroupClaimRoute = (typeof groupClaimRoutes)[number];

export const defaultGroupClaimRoute: GroupClaimRoute = "claims-mapping-policy";

/** The setting, as users write it and as messages (the sign-in check's fix text among them) name it. */
export const groupClaimSetting = "azure.groupClaim";

/** The gallery application's display name, as the Entra admin center and its tutorial name it. */
export const galleryApplicationDisplayName = "AWS ClientVPN";

/** The route a fix text suggests when this one did not put memberOf into the token. */
export function otherGroupClaimRoute(route: GroupClaimRoute): GroupClaimRoute {
  return route === "claims-mapping-policy" ? "gallery-app" : "claims-mapping-policy";
}

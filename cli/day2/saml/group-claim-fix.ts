/**
 * What to do when a signed-in user's response carries no `memberOf`. Pure.
 *
 * A user who signs in at all is a direct member of a group assigned to the application: the service principal
 * requires assignment (appRoleAssignmentRequired, components/entra-saml-app.ts), group-based assignment does not
 * follow nested groups ("Nested group memberships aren't currently supported",
 * https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/assign-user-or-group-access-portal), and
 * `groupMembershipClaims: ApplicationGroup` emits exactly the assigned groups the user is a direct member of
 * (https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/how-to-connect-fed-group-claims). So a missing
 * `memberOf` means the route that should name the group claim `memberOf` did not, and the fix is the other route
 * (`azure.groupClaim`); which route works in a tenant is settled by this first real sign-in
 * (docs/research/group-claim-routes.md).
 *
 * Entra's own name for the group claim in SAML is `http://schemas.microsoft.com/ws/2008/06/identity/claims/groups`
 * (the restricted claim set in
 * https://learn.microsoft.com/en-us/entra/identity-platform/reference-claims-customization, and the SAML group
 * claim in how-to-connect-fed-group-claims). Groups under that name mean Entra emitted them but nothing renamed them.
 */
import { configNamespace } from "../../../components/config";
import { defaultGroupClaimRoute, type GroupClaimRoute, groupClaimRoutes, groupClaimSetting, otherGroupClaimRoute } from "../../../components/group-claim-route";
import { samlAttributeNames } from "../../../components/saml-claims";

export const defaultGroupsClaim = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups";

/** What the response carried instead of memberOf. */
export type MissingMemberOf = { kind: "default-groups-claim"; count: number } | { kind: "no-group-claim" };

const routeMeaning: Record<GroupClaimRoute, string> = {
  "claims-mapping-policy": "the claims-mapping policy did not copy the groups into memberOf",
  "gallery-app": "the AWS ClientVPN gallery app did not emit its preset memberOf claim",
};

function switchTo(route: GroupClaimRoute): string {
  return (
    `set ${groupClaimSetting} to ${route} on the identity stack ` +
    `(pulumi config set --path '${configNamespace}:${groupClaimSetting}' ${route}), run \`pulumi up\` there and sign in again ` +
    "(docs/research/group-claim-routes.md explains both routes)"
  );
}

/** The verdict's detail: what was found instead of memberOf, and, when the route is known, which part failed. */
export function missingMemberOfDetail(found: MissingMemberOf, route: GroupClaimRoute | undefined): string {
  const seen =
    found.kind === "default-groups-claim"
      ? `${samlAttributeNames.groups} missing; Entra sent ${found.count} group(s) under its default claim name ${defaultGroupsClaim}, which AWS does not read`
      : `${samlAttributeNames.groups} missing, and no group claim at all`;
  return route ? `${seen}: ${routeMeaning[route]}` : seen;
}

/** The fix: the other route when the current one is known, else whichever the identity stack does not use now. */
export function missingMemberOfFix(found: MissingMemberOf, route: GroupClaimRoute | undefined): string {
  const check =
    found.kind === "no-group-claim"
      ? "check that the user is a direct member of a group in azure.groups (nested groups are not emitted) and that `pulumi up` on the identity stack finished; if both hold, "
      : "";
  if (route) return `${check}${switchTo(otherGroupClaimRoute(route))}`;
  return (
    `${check}switch ${groupClaimSetting} on the identity stack to the route it does not use now ` +
    `(${groupClaimRoutes.join(" or ")}; the default is ${defaultGroupClaimRoute}), run \`pulumi up\` there and sign in again ` +
    "(docs/research/group-claim-routes.md explains both routes)"
  );
}

import { GroupClaimRoute } from "./group-claim-route";

/** One Microsoft Graph application permission grant (or set of alternatives) and why the deployment needs it. */
export interface PermissionNeed {
  /** As granted in the Entra admin center, alternatives separated by " or ". */
  permissions: string;
  neededFor: string;
  /** Where the requirement is documented. */
  source: string;
}

const applications: PermissionNeed = {
  permissions: "Application.ReadWrite.OwnedBy or Application.ReadWrite.All",
  neededFor:
    "the application and service principal, identifier, reply URLs, signing certificate and its activation (with OwnedBy the identity stays an owner of what it creates)",
  source: "https://registry.terraform.io/providers/hashicorp/azuread/latest/docs/resources/service_principal#api-permissions; https://learn.microsoft.com/en-us/graph/api/serviceprincipal-update?view=graph-rest-1.0",
};
const tokenIssuancePolicy: PermissionNeed = {
  permissions: "Policy.ReadWrite.ApplicationConfiguration",
  neededFor: "the token issuance policy that signs the SAML response and the assertion",
  source: "https://learn.microsoft.com/en-us/graph/api/tokenissuancepolicy-post-tokenissuancepolicy?view=graph-rest-1.0",
};
const claimsMappingPolicy: PermissionNeed = {
  permissions: "Policy.ReadWrite.ApplicationConfiguration and Policy.Read.All",
  neededFor: "the claims-mapping policy that emits memberOf, and its assignment",
  source: "https://registry.terraform.io/providers/hashicorp/azuread/latest/docs/resources/claims_mapping_policy#api-permissions",
};
const groupAssignments: PermissionNeed = {
  permissions: "AppRoleAssignment.ReadWrite.All and Application.Read.All, or Application.ReadWrite.All",
  neededFor: "assigning the groups of azure.groups to the application",
  source: "https://registry.terraform.io/providers/hashicorp/azuread/latest/docs/resources/app_role_assignment#api-permissions",
};
const galleryInstance: PermissionNeed = {
  permissions: "Application.ReadWrite.OwnedBy or Application.ReadWrite.All",
  neededFor: "instantiating the AWS ClientVPN gallery template and setting the instance's token version, group claims, SAML mode and assignment",
  source: "https://learn.microsoft.com/en-us/graph/api/applicationtemplate-instantiate?view=graph-rest-1.0; https://learn.microsoft.com/en-us/graph/api/application-update?view=graph-rest-1.0",
};
const tenantCheck: PermissionNeed = {
  permissions: "Application.Read.All (included in Application.ReadWrite.All)",
  neededFor: "the check that the tenant has no other AWS Client VPN application",
  source: "https://learn.microsoft.com/en-us/graph/api/application-list?view=graph-rest-1.0",
};

/**
 * The Graph application permissions a service principal that deploys the Entra side needs, by route.
 * A person deploying with `az login` needs a directory role instead: Cloud Application Administrator or
 * Application Administrator (the service-principal update page), Application Administrator for
 * claims-mapping policies (the azuread claims_mapping_policy page).
 */
export function deployingIdentityPermissions(route: GroupClaimRoute): PermissionNeed[] {
  return route === "gallery-app"
    ? [galleryInstance, applications, tokenIssuancePolicy, groupAssignments, tenantCheck]
    : [applications, tokenIssuancePolicy, claimsMappingPolicy, groupAssignments, tenantCheck];
}

/**
 * Every stack assigns groups, never single users ("Group-based assignment requires Microsoft Entra ID P1 or
 * P2 edition. Nested group memberships aren't currently supported."):
 * https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/assign-user-or-group-access-portal
 */
export const groupAssignmentLicenceNote =
  "Assigning groups to the application needs Microsoft Entra ID P1 or P2, and only direct members of an assigned group can sign in (nested groups are not supported).";

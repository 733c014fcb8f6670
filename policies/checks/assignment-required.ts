import type { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { violation } from "../lib/describe";
import { UNKNOWN } from "../lib/known";
import { readResource, type ValidatedResource } from "../lib/resource";
import { ResourceType } from "../lib/resource-types";

// appRoleAssignmentRequired defaults to false, in which case Entra issues tokens to any user of the
// tenant. https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal (appRoleAssignmentRequired)
// https://learn.microsoft.com/en-us/entra/identity-platform/howto-restrict-your-app-to-a-set-of-users
export const assignmentRequired: ResourceValidationPolicy = {
  name: "entra-assignment-required",
  description:
    "The Entra service principal of the VPN app requires assignment, so only users in groups assigned to the app can " +
    "sign in to the VPN, not every user of the tenant.",
  remediationSteps:
    "Set appRoleAssignmentRequired: true on the azuread.ServicePrincipal and assign the allowed groups with " +
    "azuread.AppRoleAssignment.",
  enforcementLevel: "mandatory",
  severity: "critical",
  validateResource: (args, reportViolation) => {
    if (args.type === ResourceType.galleryAppSettings) return checkGalleryApp(readResource(args), reportViolation);
    if (args.type !== ResourceType.servicePrincipal) return;
    const principal = readResource(args);
    const required = principal.props.appRoleAssignmentRequired;
    if (required === UNKNOWN || required === true) return;
    reportViolation(
      violation(
        "Entra service principal",
        principal,
        `does not require assignment (appRoleAssignmentRequired is ${required === undefined ? "unset, default false" : JSON.stringify(required)}), ` +
          "so every user in the tenant can get a SAML token for the VPN.",
        "set appRoleAssignmentRequired: true and assign the VPN groups to the app with azuread.AppRoleAssignment.",
      ),
    );
  },
};

/**
 * The gallery route's service principal is the one instantiation made; GalleryAppSettings sets and reads
 * back its appRoleAssignmentRequired (an output: absent before the first deploy, the live value after a refresh).
 */
function checkGalleryApp(settings: ValidatedResource, reportViolation: ReportViolation): void {
  const required = settings.props.appRoleAssignmentRequired;
  if (required === UNKNOWN || required === undefined || required === true) return;
  reportViolation(
    violation(
      "Gallery app settings",
      settings,
      `show the AWS ClientVPN gallery app's service principal not requiring assignment (appRoleAssignmentRequired is ${JSON.stringify(required)}), ` +
        "so every user in the tenant can get a SAML token for the VPN.",
      "run pulumi up: GalleryAppSettings sets appRoleAssignmentRequired back to true; then find out who changed it.",
    ),
  );
}

import type { ResourceValidationPolicy } from "@pulumi/policy";
import { violation } from "../lib/describe";
import { UNKNOWN, knownStrings } from "../lib/known";
import { readResource } from "../lib/resource";
import { ResourceType } from "../lib/resource-types";

// A SAML token carries at most 150 groups; past that Entra drops the groups claim and emits a
// Graph link that AWS cannot follow, so the user matches no group-based rule.
// https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/how-to-connect-fed-group-claims
// "ApplicationGroup" emits only groups assigned to the application; "SecurityGroup", "DirectoryRole"
// and "All" emit every (security) group or role of the user.
// https://learn.microsoft.com/en-us/entra/identity-platform/reference-app-manifest#groupmembershipclaims-attribute
const BROAD_VALUES = new Set(["All", "SecurityGroup", "DirectoryRole"]);

export const groupClaims: ResourceValidationPolicy = {
  name: "entra-group-claims-assigned-only",
  description:
    "The VPN app emits only the groups assigned to it (groupMembershipClaims [\"ApplicationGroup\"]), so users in " +
    "many groups stay under the 150-group SAML limit and keep matching authorization rules.",
  remediationSteps:
    "Set groupMembershipClaims: [\"ApplicationGroup\"] on azuread.ApplicationRegistration and assign every group " +
    "used in an authorization rule to the app (azuread.AppRoleAssignment).",
  enforcementLevel: "advisory",
  severity: "medium",
  validateResource: (args, reportViolation) => {
    if (args.type !== ResourceType.applicationRegistration && args.type !== ResourceType.galleryAppSettings) return;
    const registration = readResource(args);
    // The gallery route's settings carry Graph's single string (an output, the live value after a refresh).
    const value = registration.props.groupMembershipClaims;
    const claims = args.type === ResourceType.galleryAppSettings ? (typeof value === "string" ? [value] : undefined) : knownStrings(value);
    if (claims === UNKNOWN || claims === undefined) return; // unset: no groups claim at all, nothing to overflow
    const broad = claims.filter((value) => BROAD_VALUES.has(value));
    if (broad.length === 0) return;
    reportViolation(
      violation(
        args.type === ResourceType.galleryAppSettings ? "Gallery app settings" : "Entra application",
        registration,
        `emits group claims for ${broad.map((value) => JSON.stringify(value)).join(", ")}: every group of the user, ` +
          "so members of more than 150 groups get no groups claim and lose VPN access.",
        args.type === ResourceType.galleryAppSettings
          ? "run pulumi up: GalleryAppSettings sets groupMembershipClaims back to \"ApplicationGroup\"; then find out who changed it."
          : "set groupMembershipClaims: [\"ApplicationGroup\"] and assign the VPN groups to the application.",
      ),
    );
  },
};

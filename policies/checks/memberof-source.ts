import type { StackValidationPolicy } from "@pulumi/policy";
import { violation } from "../lib/describe";
import { UNKNOWN } from "../lib/known";
import { ResourceType } from "../lib/resource-types";
import { ofType, readStack } from "../lib/stack";

// AWS matches group rules against the SAML attribute memberOf
// (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html#saml-requirements).
// An app of the stack's own gets it from a claims-mapping policy; Microsoft's "AWS ClientVPN" gallery app
// brings it preset ("memberOf | user.groups ... These attributes are also pre populated",
// https://learn.microsoft.com/en-us/entra/identity/saas-apps/aws-clientvpn-tutorial), so an instantiated
// gallery app (ApplicationFromTemplate, no ServicePrincipal resource of its own) needs no policy.
// A claims-mapping policy needs the app's custom signing key active first, "Without this, Microsoft Entra ID
// returns an AADSTS50146 error code"
// (https://learn.microsoft.com/en-us/entra/identity-platform/jwt-claims-customization#security-considerations).
export const memberOfSource: StackValidationPolicy = {
  name: "entra-memberof-source",
  description:
    "Every SAML service principal the stack declares gets memberOf from an assigned claims-mapping policy, assigned only " +
    "after the custom signing key is active; Microsoft's AWS ClientVPN gallery app brings memberOf with it and needs none.",
  remediationSteps:
    "Use azure.groupClaim: claims-mapping-policy (the program assigns a claims-mapping policy emitting memberOf, after its " +
    "SamlSigningSettings) or azure.groupClaim: gallery-app (the gallery app's preset claims include memberOf).",
  enforcementLevel: "advisory",
  severity: "high",
  validateStack: (args, reportViolation) => {
    const resources = readStack(args);
    const assignments = ofType(resources, ResourceType.claimsMappingPolicyAssignment);
    const signingSettings = ofType(resources, ResourceType.samlSigningSettings);

    for (const principal of ofType(resources, ResourceType.servicePrincipal)) {
      const mode = principal.props.preferredSingleSignOnMode;
      if (mode === UNKNOWN || mode !== "saml") continue;
      if (assignments.some((assignment) => assignment.dependsOn.has(principal.urn))) continue;
      reportViolation(
        violation(
          "Entra service principal",
          principal,
          "signs users in with SAML but has no claims-mapping policy assigned and is not the AWS ClientVPN gallery app, " +
            "so Entra emits no memberOf attribute and no group-based authorization rule matches.",
          "assign a claims-mapping policy that emits memberOf (azure.groupClaim: claims-mapping-policy), or use the gallery " +
            "app (azure.groupClaim: gallery-app).",
        ),
        principal.urn,
      );
    }

    if (signingSettings.length === 0) return;
    for (const assignment of assignments) {
      if (signingSettings.some((settings) => assignment.dependsOn.has(settings.urn))) continue;
      reportViolation(
        violation(
          "Entra claims-mapping policy assignment",
          assignment,
          "does not wait for the SamlSigningSettings that activate the custom signing key; until the key is active Entra " +
            "answers every sign-in with AADSTS50146.",
          "declare the assignment with dependsOn on the SamlSigningSettings resource.",
        ),
        assignment.urn,
      );
    }
  },
};

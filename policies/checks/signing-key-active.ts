import type { StackValidationPolicy } from "@pulumi/policy";
import { violation } from "../lib/describe";
import { knownString, knownStrings } from "../lib/known";
import { ResourceType } from "../lib/resource-types";
import { ofType, readStack } from "../lib/stack";

// A new token signing certificate does not become the key Entra signs with; the service principal's
// preferredTokenSigningKeyThumbprint selects it. The IAM metadata is built from the stack's
// certificate, so any other active key makes AWS reject every sign-in.
// https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal (preferredTokenSigningKeyThumbprint)
export const signingKeyActive: StackValidationPolicy = {
  name: "entra-signing-key-active",
  description:
    "Entra signs SAML responses with the stack's token signing certificate, the one the IAM SAML metadata trusts.",
  remediationSteps:
    "Run pulumi up: the SamlSigningSettings resource sets the service principal's preferredTokenSigningKeyThumbprint " +
    "to the managed certificate's thumbprint. If someone activated another certificate in the portal, find out why first.",
  enforcementLevel: "advisory",
  severity: "high",
  validateStack: (args, reportViolation) => {
    for (const setting of ofType(readStack(args), ResourceType.samlSigningSettings)) {
      // Both are known once the resource exists; before that there is nothing to compare.
      const active = knownString(setting.props.preferredTokenSigningKeyThumbprint);
      const managed = knownString(setting.props.signingCertificateThumbprint);
      if (!active || !managed || active.toUpperCase() === managed.toUpperCase()) continue;
      // During a rotation the stack publishes two certificates: the other one is trusted by IAM, so an early
      // switch to it (the portal's "Make certificate active") breaks nothing, but it is not what the stack says.
      const published = knownStrings(setting.props.publishedCertificateThumbprints);
      const trusted = Array.isArray(published) && published.some((thumbprint) => thumbprint.toUpperCase() === active.toUpperCase());
      reportViolation(
        violation(
          "SAML signing settings",
          setting,
          trusted
            ? `show Entra signing with key ${active}, which the stack publishes to IAM but does not declare active (the stack's is ${managed}); sign-ins work, but the rotation's steps and the stack disagree.`
            : `show Entra signing with key ${active}, not the stack's certificate ${managed}, so AWS rejects sign-ins ` +
                "(the IAM metadata trusts only the certificates the stack publishes).",
          trusted
            ? "if the switch was intended, set azure.signingCertificateRotation.step to activate and run pulumi up; otherwise run pulumi up to make the stack's certificate active again."
            : "run pulumi up to make the stack's certificate the preferred signing key again.",
        ),
        setting.urn,
      );
    }
  },
};

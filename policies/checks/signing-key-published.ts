import type { StackValidationPolicy } from "@pulumi/policy";
import { violation } from "../lib/describe";
import { knownString } from "../lib/known";
import { ResourceType } from "../lib/resource-types";
import { declaredSigning, metadataThumbprints } from "../lib/signing-keys";
import { ofType, readStack } from "../lib/stack";

// IAM verifies each SAML response against the keys in the provider's metadata ("keys that can be used to
// validate the SAML authentication response", https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateSAMLProvider.html);
// a stack that makes Entra sign with a key its own IAM providers do not carry fails every sign-in. During a
// rotation both certificates are published (docs/research/signing-certificate-rotation.md), so the check is
// "among", not "equal to".
export const signingKeyPublished: StackValidationPolicy = {
  name: "entra-signing-key-published",
  description:
    "Every IAM SAML provider of the stack trusts the key Entra is made to sign with: a rotation publishes the new certificate before it is activated.",
  remediationSteps:
    "Publish a certificate before Entra signs with it: rotate in steps (azure.signingCertificateRotation: publish, then activate, then retire; " +
    "docs/rotating-the-signing-certificate.md). The program's own metadata always carries the active certificate; this catches a stack that does not.",
  enforcementLevel: "mandatory",
  severity: "critical",
  validateStack: (args, reportViolation) => {
    const resources = readStack(args);
    const providers = ofType(resources, ResourceType.samlProvider);
    for (const { settings, active } of ofType(resources, ResourceType.samlSigningSettings).map(declaredSigning)) {
      if (!active) continue;
      for (const provider of providers) {
        const metadata = knownString(provider.props.samlMetadataDocument);
        if (!metadata) continue;
        const trusted = metadataThumbprints(metadata);
        // Metadata without any certificate is not this policy's to judge (IAM refuses it: "Unable to parse metadata").
        if (trusted.length === 0 || trusted.includes(active)) continue;
        reportViolation(
          violation(
            "SAML signing settings",
            settings,
            `make Entra sign with ${active}, but IAM SAML provider "${provider.name}" trusts only ${trusted.join(", ")}, so every sign-in would fail.`,
            "publish the certificate first: set azure.signingCertificateRotation.step to publish, run pulumi up (and on every endpoint stack), " +
              "then activate (docs/rotating-the-signing-certificate.md).",
          ),
          settings.urn,
        );
      }
    }
  },
};

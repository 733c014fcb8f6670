import type { StackValidationPolicy } from "@pulumi/policy";
import { readConfig } from "../lib/config";
import { violation } from "../lib/describe";
import { knownString } from "../lib/known";
import { ResourceType } from "../lib/resource-types";
import { certificateEndDates, declaredSigning } from "../lib/signing-keys";
import { ofType, readStack } from "../lib/stack";
import type { Clock } from "./signing-certificate-expiry";

const DAY_MS = 24 * 60 * 60 * 1000;
const name = "entra-signing-certificate-overlap";

/**
 * Two published certificates are a rotation's overlap: fine before Entra switches (the new one waits) and for
 * a while after (sign-ins signed with the old key just before the switch). Left in place long after the switch,
 * the replaced certificate is a key IAM trusts for no reason, and it expires inside the metadata, which Client
 * VPN refused at endpoint creation (docs/research/signing-certificate-rotation.md). Advisory.
 */
export function makeSigningCertificateOverlapPolicy(clock: Clock = () => new Date()): StackValidationPolicy {
  const defaults = { maxOverlapDays: 14 };
  return {
    name,
    description:
      "A rotation's replaced signing certificate does not stay published to IAM more than 14 days (configurable) after Entra switched to the new one.",
    remediationSteps:
      "Finish the rotation: set azure.signingCertificateRotation.step to retire and run pulumi up on the identity stack, then on every endpoint stack " +
      "(docs/rotating-the-signing-certificate.md).",
    enforcementLevel: "advisory",
    severity: "low",
    configSchema: {
      properties: {
        maxOverlapDays: { type: "integer", minimum: 0, default: defaults.maxOverlapDays, description: "Days the replaced certificate may stay published after the switch." },
      },
    },
    validateStack: (args, reportViolation) => {
      const { maxOverlapDays } = readConfig(args, name, defaults);
      const resources = readStack(args);
      const ends = certificateEndDates(resources);
      for (const { settings, active, published } of ofType(resources, ResourceType.samlSigningSettings).map(declaredSigning)) {
        const activatedAt = Date.parse(knownString(settings.props.activatedAt) ?? "");
        if (!active || !published || Number.isNaN(activatedAt)) continue;
        const activeEnd = ends.get(active);
        const days = Math.floor((clock().getTime() - activatedAt) / DAY_MS);
        if (activeEnd === undefined || days <= maxOverlapDays) continue;
        // A published certificate that ends before the active one is the one it replaced; one that ends later is
        // a new certificate waiting to be activated, which is not an overlap "after" anything.
        for (const replaced of published.filter((thumbprint) => thumbprint !== active && (ends.get(thumbprint) ?? Infinity) < activeEnd)) {
          reportViolation(
            violation(
              "SAML signing settings",
              settings,
              `still publish the replaced certificate ${replaced} ${days} days after Entra switched to ${active} (${new Date(activatedAt).toISOString().slice(0, 10)}); the maximum is ${maxOverlapDays}.`,
              "set azure.signingCertificateRotation.step to retire and run pulumi up on the identity stack, then on every endpoint stack.",
            ),
            settings.urn,
          );
        }
      }
    },
  };
}

import type { EnforcementLevel, StackValidationPolicy } from "@pulumi/policy";
import { readConfig } from "../lib/config";
import { violation } from "../lib/describe";
import { knownString } from "../lib/known";
import { ResourceType } from "../lib/resource-types";
import { ofType, readStack } from "../lib/stack";

/** Where policies read "now"; tests pass a fixed clock. */
export type Clock = () => Date;

const DAY_MS = 24 * 60 * 60 * 1000;

// RFC 3339 date-time as the azuread provider documents endDate (e.g. 2018-01-01T01:02:03Z).
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

interface ExpiryRule {
  name: string;
  enforcementLevel: EnforcementLevel;
  defaultDays: number;
  consequence: string;
}

function expiryPolicy(rule: ExpiryRule, clock: Clock): StackValidationPolicy {
  const defaults = { minDaysRemaining: rule.defaultDays };
  return {
    name: rule.name,
    description:
      `The Entra token signing certificate of the VPN app expires more than ${rule.defaultDays} days from now ` +
      "(configurable), leaving time to rotate it and republish the IAM SAML metadata before sign-in breaks.",
    remediationSteps:
      "Rotate the certificate: give azuread.ServicePrincipalTokenSigningCertificate a later endDate (this replaces it), " +
      "make the new one the preferred signing key, and let the program rebuild the IAM SAML provider metadata from it.",
    enforcementLevel: rule.enforcementLevel,
    severity: rule.enforcementLevel === "mandatory" ? "critical" : "medium",
    configSchema: {
      properties: {
        minDaysRemaining: {
          type: "integer",
          minimum: 0,
          default: rule.defaultDays,
          description: "Least number of days the signing certificate must remain valid.",
        },
      },
    },
    validateStack: (args, reportViolation) => {
      const { minDaysRemaining } = readConfig(args, rule.name, defaults);
      const now = clock();
      for (const certificate of ofType(readStack(args), ResourceType.tokenSigningCertificate)) {
        // Absent or unknown: Entra chooses the end date on creation; it is checked once known.
        const endDate = knownString(certificate.props.endDate);
        if (!endDate) continue;
        const expires = RFC3339.test(endDate) ? new Date(endDate) : undefined;
        if (!expires || Number.isNaN(expires.getTime())) {
          reportViolation(
            violation(
              "Entra token signing certificate",
              certificate,
              `has endDate ${JSON.stringify(endDate)}, which is not an RFC 3339 date-time.`,
              "write endDate like 2029-01-31T00:00:00Z.",
            ),
            certificate.urn,
          );
          continue;
        }
        const daysLeft = (expires.getTime() - now.getTime()) / DAY_MS;
        if (daysLeft > minDaysRemaining) continue;
        const when = daysLeft <= 0 ? `expired on ${endDate}` : `expires on ${endDate}, in ${Math.floor(daysLeft)} days`;
        reportViolation(
          violation(
            "Entra token signing certificate",
            certificate,
            `${when} (the minimum is more than ${minDaysRemaining} days). ${rule.consequence}`,
            "set a later endDate on the certificate (it is replaced), make it the preferred signing key, and run " +
              "pulumi up so the IAM SAML providers get the new metadata.",
          ),
          certificate.urn,
        );
      }
    },
  };
}

/**
 * The two expiry guardrails: an advisory early warning (30 days) and a mandatory stop (7 days).
 * `clock` is injectable so tests do not depend on the date they run.
 */
export function makeSigningCertificateExpiryPolicies(clock: Clock = () => new Date()): StackValidationPolicy[] {
  return [
    expiryPolicy(
      {
        name: "entra-signing-certificate-expiry-warning",
        enforcementLevel: "advisory",
        defaultDays: 30,
        consequence: "Plan the rotation now.",
      },
      clock,
    ),
    expiryPolicy(
      {
        name: "entra-signing-certificate-expiry",
        enforcementLevel: "mandatory",
        defaultDays: 7,
        consequence: "Users will soon be unable to connect.",
      },
      clock,
    ),
  ];
}

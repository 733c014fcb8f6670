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
  /**
   * Also report a certificate that a later-ending one in the stack is replacing (a rotation under way). The
   * mandatory stop does not: it would block the very steps that replace the certificate.
   */
  includeReplaced: boolean;
}

/** The procedure the fix text points to (docs/research/signing-certificate-rotation.md has the evidence). */
const rotationProcedure =
  "rotate in steps, one pulumi up each: set clientvpn-federation:azure.signingCertificateRotation with a later endDate and step publish, " +
  "deploy the identity stack and every endpoint stack, then step activate, then retire (docs/rotating-the-signing-certificate.md); " +
  "once the certificate has expired, step immediate. Do not edit signingCertificateEndDate: Entra would sign with a key IAM does not trust yet.";

function expiryPolicy(rule: ExpiryRule, clock: Clock): StackValidationPolicy {
  const defaults = { minDaysRemaining: rule.defaultDays };
  return {
    name: rule.name,
    description:
      `The Entra token signing certificate of the VPN app expires more than ${rule.defaultDays} days from now ` +
      "(configurable), leaving time to rotate it and republish the IAM SAML metadata before sign-in breaks.",
    remediationSteps: `Rotate the certificate without a sign-in outage: ${rotationProcedure}`,
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
      const certificates = ofType(readStack(args), ResourceType.tokenSigningCertificate);
      const ends = certificates.map((certificate) => Date.parse(knownString(certificate.props.endDate) ?? ""));
      const latestEnd = Math.max(...ends.filter((end) => !Number.isNaN(end)));
      for (const certificate of certificates) {
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
        const replaced = expires.getTime() < latestEnd;
        if (replaced && !rule.includeReplaced) continue;
        const when = daysLeft <= 0 ? `expired on ${endDate}` : `expires on ${endDate}, in ${Math.floor(daysLeft)} days`;
        reportViolation(
          violation(
            "Entra token signing certificate",
            certificate,
            replaced
              ? `${when} (the minimum is more than ${minDaysRemaining} days); a later certificate in the stack is replacing it.`
              : `${when} (the minimum is more than ${minDaysRemaining} days). ${rule.consequence}`,
            replaced
              ? "finish the rotation before it expires: step activate, then retire (docs/rotating-the-signing-certificate.md); an expired certificate must not stay in the IAM metadata."
              : rotationProcedure,
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
        includeReplaced: true,
      },
      clock,
    ),
    expiryPolicy(
      {
        name: "entra-signing-certificate-expiry",
        enforcementLevel: "mandatory",
        defaultDays: 7,
        consequence: "Users will soon be unable to connect.",
        includeReplaced: false,
      },
      clock,
    ),
  ];
}

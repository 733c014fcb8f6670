/**
 * How far a rotation of the token signing certificate has come, from what IAM really holds, what Entra signs
 * with and what the identity stack publishes. Pure; `checks/signing-rotation.ts` feeds it. The procedure and
 * its evidence: docs/research/signing-certificate-rotation.md.
 *
 * - Two certificates published is fine: before the switch (the new one waits) and for a while after it.
 * - Entra signing with a key IAM lacks is a failure: a broken rotation (the IAM certificate check fails too).
 * - An overlap left in place long after the switch is advisory (warn), as is an IAM provider that is behind
 *   the identity stack (not ready to activate, or not yet retired), and an expired certificate in the metadata,
 *   which Client VPN refused at endpoint creation (hashicorp/terraform-provider-aws#14171).
 */
import { X509Certificate } from "node:crypto";
import { type CheckResult, fail, notCheckable, pass, warn } from "./check-result";
import { thumbprintOf } from "./signing-key";

export const rotationCheckName = "signing certificate rotation";

/** How long the replaced certificate may stay published after Entra switched away from it before the doctor warns. */
export const maxOverlapDays = 14;

/**
 * The wait between publishing a new certificate and activating it: the longest propagation AWS documents for
 * any Client VPN credential (a renewed server certificate, "up to 24 hours", admin guide mutual.html); AWS
 * documents none for the IAM metadata itself.
 */
export const publishToActivateHours = 24;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RotationFacts {
  /** preferredTokenSigningKeyThumbprint, upper-case; undefined when Entra has no active key. */
  activeThumbprint?: string;
  /** What the identity stack publishes (stack output); undefined for a stack deployed before rotations. */
  publishedByIdentity?: string[];
  /** When the program switched Entra to the active key (stack output); undefined when not known. */
  activatedAt?: string;
  /** Each IAM SAML provider with the base64 certificates of its metadata. */
  providers: { arn: string; certificates: string[] }[];
  now: Date;
}

interface HeldCertificate {
  thumbprint: string;
  notAfter?: number;
}

function held(certificate: string): HeldCertificate {
  try {
    return { thumbprint: thumbprintOf(certificate), notAfter: Date.parse(new X509Certificate(Buffer.from(certificate, "base64")).validTo) };
  } catch {
    return { thumbprint: thumbprintOf(certificate) };
  }
}

const day = (time: number) => new Date(time).toISOString().slice(0, 10);

export function assessSigningRotation(facts: RotationFacts): CheckResult {
  const active = facts.activeThumbprint;
  if (!active) {
    return notCheckable(rotationCheckName, "Entra has no active signing key, so there is no rotation to assess", "run `pulumi up` on the identity stack");
  }
  const lacking = facts.providers.filter((provider) => !provider.certificates.map(thumbprintOf).includes(active));
  if (lacking.length > 0) {
    return fail(
      rotationCheckName,
      `broken rotation: Entra signs with ${active}, which ${lacking.map((provider) => provider.arn).join(", ")} does not trust, so every sign-in fails`,
      "run `pulumi up` on this stack (after the identity stack) so IAM gets the certificate; next time publish it a step ahead " +
        "(azure.signingCertificateRotation.step: publish, docs/rotating-the-signing-certificate.md)",
    );
  }
  const now = facts.now.getTime();
  const findings: { detail: string; fix: string }[] = [];
  const overlaps: string[] = [];
  for (const provider of facts.providers) {
    const certificates = provider.certificates.map(held);
    const activeHeld = certificates.find((certificate) => certificate.thumbprint === active);
    for (const certificate of certificates) {
      if (certificate.thumbprint === active) continue;
      if (certificate.notAfter !== undefined && certificate.notAfter <= now) {
        findings.push({
          detail: `${provider.arn} still publishes ${certificate.thumbprint}, which expired on ${day(certificate.notAfter)}`,
          fix: "set azure.signingCertificateRotation.step to retire and run `pulumi up` on the identity stack, then here: Client VPN refused an endpoint whose metadata held an expired certificate",
        });
        continue;
      }
      if (facts.publishedByIdentity && !facts.publishedByIdentity.includes(certificate.thumbprint)) {
        findings.push({
          detail: `${provider.arn} still trusts ${certificate.thumbprint}, which the identity stack no longer publishes`,
          fix: "run `pulumi up` on this stack to retire it",
        });
        continue;
      }
      const replaced = activeHeld?.notAfter !== undefined && certificate.notAfter !== undefined && certificate.notAfter < activeHeld.notAfter;
      if (!replaced) {
        overlaps.push(`${certificate.thumbprint} is published next to the active ${active}, ready to be activated ${publishToActivateHours} h after it was published`);
        continue;
      }
      const since = facts.activatedAt ? Date.parse(facts.activatedAt) : Number.NaN;
      if (!Number.isNaN(since) && now - since > maxOverlapDays * DAY_MS) {
        findings.push({
          detail: `${provider.arn} still publishes the replaced ${certificate.thumbprint} ${Math.floor((now - since) / DAY_MS)} days after Entra switched to ${active} (${day(since)})`,
          fix: "finish the rotation: set azure.signingCertificateRotation.step to retire and run `pulumi up` on the identity stack, then on every endpoint stack",
        });
      } else {
        const when = Number.isNaN(since) ? "" : ` since ${day(since)}; retire it by ${day(since + maxOverlapDays * DAY_MS)}`;
        overlaps.push(`Entra signs with ${active}${when}; the replaced ${certificate.thumbprint} stays published until the retire step`);
      }
    }
    for (const thumbprint of facts.publishedByIdentity ?? []) {
      if (thumbprint === active || certificates.some((certificate) => certificate.thumbprint === thumbprint)) continue;
      findings.push({
        detail: `${provider.arn} lacks ${thumbprint}, which the identity stack publishes`,
        fix: "run `pulumi up` on this stack now, and activate the new certificate on the identity stack only after every endpoint stack holds it",
      });
    }
  }
  if (findings.length > 0) {
    return warn(rotationCheckName, findings.map((finding) => finding.detail).join("; "), [...new Set(findings.map((finding) => finding.fix))].join("; "));
  }
  if (overlaps.length === 0) return pass(rotationCheckName, `no rotation under way: IAM publishes the active certificate ${active} only`);
  return pass(rotationCheckName, [...new Set(overlaps)].join("; "));
}

import { type CheckResult, fail, pass } from "../check-result";
import type { EntraReads } from "../entra-reads";
import { activeSigningKey } from "../signing-key";

export const expiryCheckName = "signing certificate is more than 30 days from expiry";
const DAY_MS = 24 * 60 * 60 * 1000;
export const minimumDaysLeft = 30;

/**
 * A certificate has to be rotated before its end date: an IAM provider refuses metadata whose
 * certificate has expired (a pitfall recorded in the project's design notes, not re-verified here), and
 * the 30-day margin leaves time to roll the new certificate through identity and endpoint stacks.
 */
export async function checkCertificateExpiry(entra: EntraReads, now: Date, exportedExpiry?: string): Promise<CheckResult> {
  const servicePrincipal = await entra.servicePrincipal();
  const end = (servicePrincipal && activeSigningKey(servicePrincipal)?.endDateTime) ?? exportedExpiry;
  if (!end || Number.isNaN(Date.parse(end))) {
    return fail(expiryCheckName, "the active signing certificate's end date is unknown", "run `pulumi up` on the identity stack to create and activate its certificate");
  }
  const daysLeft = Math.floor((Date.parse(end) - now.getTime()) / DAY_MS);
  const fix =
    "rotate without an outage, one `pulumi up` per step: set azure.signingCertificateRotation (endDate, step: publish), deploy the identity " +
    "stack and every endpoint stack, then step: activate, then step: retire (docs/rotating-the-signing-certificate.md); once it has expired, use step: immediate";
  if (daysLeft < 0) return fail(expiryCheckName, `expired on ${end.slice(0, 10)}: every sign-in fails`, fix);
  if (daysLeft <= minimumDaysLeft) return fail(expiryCheckName, `expires on ${end.slice(0, 10)}, in ${daysLeft} days`, fix);
  return pass(expiryCheckName, `expires on ${end.slice(0, 10)}, in ${daysLeft} days`);
}

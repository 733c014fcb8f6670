/**
 * The rule that keeps a certificate rotation free of a sign-in outage, enforced where the key is switched (the
 * SAML signing resource's `check`, which runs at preview, before anything changes):
 *
 * - Entra may be switched to a key only if an earlier deployment already published it to IAM. Adding a
 *   certificate to the IAM metadata and making Entra sign with it in the same deployment leaves every
 *   sign-in failing until IAM, and Client VPN after it, act on the new metadata; AWS documents no bound for
 *   the latter (docs/research/signing-certificate-rotation.md).
 * - The key Entra signed with stays published in the deployment that switches away from it: Graph documents
 *   no delay for preferredTokenSigningKeyThumbprint either way, so it is retired in a later deployment.
 *
 * `activationBeforePublication` (config step `immediate`) lifts both: the emergency path for a key that has
 * already expired or leaked. A new application (another application or service principal object) has no
 * sign-ins to protect yet. Pure.
 */
import type { InputFailure } from "./saml-signing-inputs";
import { normalizeThumbprint } from "./saml-signing-plan";
import { unknownInput } from "../unknown-input";

/** The inputs the guard compares; `olds` are those of the previous deployment, as the engine hands them to `check`. */
export interface ActivationGuardInputs {
  applicationObjectId?: unknown;
  servicePrincipalObjectId?: unknown;
  signingCertificateThumbprint?: unknown;
  /** Thumbprints the stack publishes to IAM; absent in states written before rotations existed. */
  publishedCertificateThumbprints?: unknown;
  activationBeforePublication?: unknown;
}

const procedure =
  "rotate in steps instead: set azure.signingCertificateRotation.step to publish and run pulumi up here and on every endpoint stack, " +
  "then activate, then retire (docs/rotating-the-signing-certificate.md); step immediate skips this check, for a certificate that has already expired or leaked";

function known(value: unknown): value is string {
  return typeof value === "string" && value !== "" && value !== unknownInput;
}

/** The published thumbprints, or undefined when some are not known yet (preview). */
function publishedOf(value: unknown, fallback: string[]): string[] | undefined {
  if (value === undefined || value === null) return fallback;
  if (!Array.isArray(value)) return undefined;
  if (!value.every(known)) return undefined;
  return value.map((entry) => normalizeThumbprint(entry));
}

export function activationGuardFailures(olds: ActivationGuardInputs | undefined, news: ActivationGuardInputs): InputFailure[] {
  if (news.activationBeforePublication === true) return [];
  if (!olds || !known(olds.signingCertificateThumbprint)) return [];
  const sameObjects = olds.applicationObjectId === news.applicationObjectId && olds.servicePrincipalObjectId === news.servicePrincipalObjectId;
  if (!sameObjects) return [];

  const wasActive = normalizeThumbprint(olds.signingCertificateThumbprint);
  const property = "signingCertificateThumbprint";
  if (!known(news.signingCertificateThumbprint)) {
    // Unknown at preview: the certificate resource Entra would sign with is created (or replaced) in this deployment.
    return [
      {
        property,
        reason:
          "refusing to make Entra sign with a certificate created in this same deployment: IAM does not trust it yet, so every " +
          `sign-in would fail until IAM and Client VPN have the new metadata; ${procedure}`,
      },
    ];
  }
  const active = normalizeThumbprint(news.signingCertificateThumbprint);
  const publishedNow = publishedOf(news.publishedCertificateThumbprints, [active]);
  if (publishedNow && !publishedNow.includes(active)) {
    return [{ property, reason: `refusing to make Entra sign with ${active}, which this deployment does not publish to IAM; publish every certificate Entra may sign with` }];
  }
  if (active === wasActive) return [];

  const publishedBefore = publishedOf(olds.publishedCertificateThumbprints, [wasActive]) ?? [wasActive];
  if (!publishedBefore.includes(active)) {
    return [
      {
        property,
        reason:
          `refusing to make Entra sign with ${active}: no earlier deployment published it to IAM, so every sign-in would fail ` +
          `until IAM and Client VPN have the new metadata; ${procedure}`,
      },
    ];
  }
  if (publishedNow && !publishedNow.includes(wasActive)) {
    return [
      {
        property,
        reason:
          `refusing to stop publishing ${wasActive} in the deployment that switches Entra away from it: sign-ins still signed with it ` +
          "would fail; set azure.signingCertificateRotation.step to activate first, and to retire in a later deployment",
      },
    ];
  }
  return [];
}

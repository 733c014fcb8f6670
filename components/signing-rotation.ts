/**
 * Which token signing certificates the stack declares, which one Entra signs with, and which ones IAM
 * trusts, for each step of a rotation (config `azure.signingCertificateRotation`). Pure.
 *
 * Why a sequence of steps, each one `pulumi up`, rather than one deployment: the IAM providers may live in
 * other stacks than the Entra application, and AWS documents no bound on when Client VPN acts on updated
 * IAM metadata; the evidence is in docs/research/signing-certificate-rotation.md.
 *
 * | step       | certificates           | published to IAM  | Entra signs with |
 * | (none)     | current                | current           | current          |
 * | publish    | current, new           | current, new      | current          |
 * | activate   | current, new           | current, new      | new              |
 * | retire     | new                    | new               | new              |
 * | immediate  | new                    | new               | new (emergency)  |
 *
 * The published order never changes while both are published (the certificate being replaced first), so the
 * `activate` step changes nothing in IAM.
 */

export const rotationSteps = ["publish", "activate", "retire", "immediate"] as const;
export type RotationStep = (typeof rotationSteps)[number];

/** The settings, as users write them and messages name them. */
export const currentEndDateSetting = "azure.signingCertificateEndDate";
export const rotationSetting = "azure.signingCertificateRotation";

export interface SigningRotationConfig {
  /** End date of the new certificate, RFC 3339. */
  endDate: string;
  step: RotationStep;
}

export interface SigningCertificatesConfig {
  /** End date of the certificate in place (the one being replaced during a rotation); Entra's default when absent. */
  signingCertificateEndDate?: string;
  signingCertificateRotation?: SigningRotationConfig;
}

/** One ServicePrincipalTokenSigningCertificate the stack declares. */
export interface DeclaredCertificate {
  /** Which certificate of the rotation it is. */
  role: "current" | "new";
  /** The end date to ask Entra for; undefined leaves Entra's default (three years from creation). */
  endDate?: string;
  /** Resource name below the component's name: stable for a certificate across every step. */
  resourceSuffix: string;
  /** Earlier names of the same resource, so a stack deployed before rotations existed keeps its certificate. */
  aliasSuffixes: string[];
}

export interface SigningCertificatePlan {
  /** In publication order: the certificate being replaced first. Every one of them is published to IAM. */
  certificates: DeclaredCertificate[];
  /** The role of the certificate Entra is made to sign with. */
  active: "current" | "new";
  /** `immediate`: Entra may switch to a key no earlier deployment published (the emergency path). */
  activationBeforePublication: boolean;
}

/** The resource name every stack used for its only certificate before rotations existed. */
export const legacyCertificateSuffix = "signing-certificate";

/**
 * A certificate's resource name comes from its end date, which Entra never changes ("you can't change the
 * date of a certificate after you save it", Entra's certificate tutorial): a different date is a different
 * certificate, never an edit of one. Pulumi names allow letters, digits, '-' and '_' comfortably; ':' and
 * '.' become '-'.
 */
export function certificateResourceSuffix(endDate: string | undefined): string {
  if (endDate === undefined) return legacyCertificateSuffix;
  return `${legacyCertificateSuffix}-${endDate.replace(/[:.]/g, "-")}`;
}

function currentCertificate(config: SigningCertificatesConfig): DeclaredCertificate {
  const endDate = config.signingCertificateEndDate;
  const resourceSuffix = certificateResourceSuffix(endDate);
  return {
    role: "current",
    endDate,
    resourceSuffix,
    // The certificate of a stack deployed before rotations existed had the legacy name whatever its date.
    aliasSuffixes: resourceSuffix === legacyCertificateSuffix ? [] : [legacyCertificateSuffix],
  };
}

function newCertificate(rotation: SigningRotationConfig): DeclaredCertificate {
  return { role: "new", endDate: rotation.endDate, resourceSuffix: certificateResourceSuffix(rotation.endDate), aliasSuffixes: [] };
}

/** What the stack declares for the configured step. Validation (config.ts) has already refused impossible combinations. */
export function planSigningCertificates(config: SigningCertificatesConfig): SigningCertificatePlan {
  const rotation = config.signingCertificateRotation;
  const current = currentCertificate(config);
  if (!rotation) return { certificates: [current], active: "current", activationBeforePublication: false };
  const next = newCertificate(rotation);
  switch (rotation.step) {
    case "publish":
      return { certificates: [current, next], active: "current", activationBeforePublication: false };
    case "activate":
      return { certificates: [current, next], active: "new", activationBeforePublication: false };
    case "retire":
      return { certificates: [next], active: "new", activationBeforePublication: false };
    case "immediate":
      return { certificates: [next], active: "new", activationBeforePublication: true };
  }
}

/** What each step does, in the words the docs and messages use. */
export const rotationStepMeaning: Record<RotationStep, string> = {
  publish: "adds the new certificate and publishes both to IAM; Entra keeps signing with the current one",
  activate: "makes Entra sign with the new certificate; IAM keeps trusting both",
  retire: "stops publishing the replaced certificate; it stays on the service principal, inactive",
  immediate: "emergency only: adds, publishes and activates the new certificate in one deployment; sign-ins fail until IAM and Client VPN have the new metadata",
};

/**
 * Validation and normalisation of the SAML signing resource's inputs (the dynamic provider's `check`).
 * Pure. Values Pulumi does not know yet (preview) pass through untouched.
 */
import { entraCloudNames, findEntraCloud } from "../entra-cloud";
import { normalizeThumbprint, type SamlSigningInputs } from "./saml-signing-plan";
import { unknownInput } from "../unknown-input";

export interface InputFailure {
  property: string;
  reason: string;
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A certificate thumbprint as Entra shows it: SHA-1, 40 hex digits. */
const sha1Hex = /^[0-9A-F]{40}$/;

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value.trim() : undefined;
}

export function checkSigningInputs(news: Record<string, unknown>): { inputs: SamlSigningInputs; failures: InputFailure[] } {
  const failures: InputFailure[] = [];
  const requireGuid = (property: keyof SamlSigningInputs, what: string): string => {
    const value = text(news[property]) ?? "";
    if (value !== unknownInput && !guid.test(value)) {
      failures.push({ property, reason: `${property} must be ${what} (a GUID); got "${value}"` });
    }
    return value.toLowerCase();
  };
  const tenantId = requireGuid("tenantId", "the Entra tenant id from azuread:tenantId");
  const applicationObjectId = requireGuid("applicationObjectId", "the application's object id (azuread.Application.objectId)");
  const servicePrincipalObjectId = requireGuid(
    "servicePrincipalObjectId",
    "the service principal's object id (azuread.ServicePrincipal.objectId)",
  );

  const environmentInput = text(news.environment) || "global";
  let environment = environmentInput;
  if (environmentInput !== unknownInput) {
    const cloud = findEntraCloud(environmentInput);
    if (cloud) environment = cloud.name;
    else {
      failures.push({
        property: "environment",
        reason: `azuread:environment "${environmentInput}" is not a cloud the azuread provider knows; use one of ${entraCloudNames.join(", ")}`,
      });
    }
  }

  const thumbprintInput = text(news.signingCertificateThumbprint) ?? "";
  let signingCertificateThumbprint = thumbprintInput;
  if (thumbprintInput !== unknownInput) {
    signingCertificateThumbprint = normalizeThumbprint(thumbprintInput);
    if (!sha1Hex.test(signingCertificateThumbprint)) {
      failures.push({
        property: "signingCertificateThumbprint",
        reason:
          `signingCertificateThumbprint must be the SHA-1 thumbprint (40 hex digits) of the token signing certificate, ` +
          `i.e. azuread.ServicePrincipalTokenSigningCertificate.thumbprint; got "${thumbprintInput}"`,
      });
    }
  }
  const publishedCertificateThumbprints = checkPublished(news.publishedCertificateThumbprints, signingCertificateThumbprint, failures);
  const activationBeforePublication = news.activationBeforePublication ?? false;
  if (typeof activationBeforePublication !== "boolean" && activationBeforePublication !== unknownInput) {
    failures.push({ property: "activationBeforePublication", reason: `activationBeforePublication must be true or false; got ${JSON.stringify(activationBeforePublication)}` });
  }
  return {
    inputs: {
      tenantId,
      environment,
      applicationObjectId,
      servicePrincipalObjectId,
      signingCertificateThumbprint,
      publishedCertificateThumbprints,
      activationBeforePublication: activationBeforePublication === true,
    },
    failures,
  };
}

/**
 * The certificates published to IAM, normalised like the active one. Left out (a state or program from before
 * rotations), the active certificate is the only one. An entry not known yet (preview) stays unknown.
 */
function checkPublished(value: unknown, active: string, failures: InputFailure[]): string[] {
  if (value === undefined || value === null) return [active];
  if (value === unknownInput) return [unknownInput];
  if (!Array.isArray(value) || value.length === 0) {
    failures.push({
      property: "publishedCertificateThumbprints",
      reason: "publishedCertificateThumbprints must list the SHA-1 thumbprint of every certificate the stack publishes to IAM, the active one among them",
    });
    return [active];
  }
  return value.map((entry, index) => {
    if (entry === unknownInput) return unknownInput;
    const thumbprint = typeof entry === "string" ? normalizeThumbprint(entry) : "";
    if (!sha1Hex.test(thumbprint)) {
      failures.push({
        property: "publishedCertificateThumbprints",
        reason: `publishedCertificateThumbprints[${index}] must be a certificate's SHA-1 thumbprint (40 hex digits); got ${JSON.stringify(entry)}`,
      });
    }
    return thumbprint;
  });
}

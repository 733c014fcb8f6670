/**
 * Validation and normalisation of the gallery-app settings' inputs (the dynamic provider's `check`).
 * Pure. Values Pulumi does not know yet (preview) pass through untouched.
 */
import { entraCloudNames, findEntraCloud } from "../entra-cloud";
import { unknownInput } from "../unknown-input";
import { type GalleryAppInputs, normalizeEmails } from "./gallery-app-plan";

export interface InputFailure {
  property: string;
  reason: string;
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkGalleryInputs(news: Record<string, unknown>): { inputs: GalleryAppInputs; failures: InputFailure[] } {
  const failures: InputFailure[] = [];
  const requireGuid = (property: keyof GalleryAppInputs, what: string): string => {
    const value = typeof news[property] === "string" ? (news[property] as string).trim() : "";
    if (value !== unknownInput && !guid.test(value)) failures.push({ property, reason: `${property} must be ${what} (a GUID); got "${value}"` });
    return value.toLowerCase();
  };
  const tenantId = requireGuid("tenantId", "the Entra tenant id from azuread:tenantId");
  const applicationObjectId = requireGuid("applicationObjectId", "the application's object id (ApplicationFromTemplate.applicationObjectId)");
  const servicePrincipalObjectId = requireGuid(
    "servicePrincipalObjectId",
    "the service principal's object id (ApplicationFromTemplate.servicePrincipalObjectId)",
  );

  let environment = typeof news.environment === "string" && news.environment !== "" ? news.environment : "global";
  if (environment !== unknownInput) {
    const cloud = findEntraCloud(environment);
    if (cloud) environment = cloud.name;
    else failures.push({ property: "environment", reason: `azuread:environment "${environment}" is not a cloud the azuread provider knows; use one of ${entraCloudNames.join(", ")}` });
  }

  const rawEmails = Array.isArray(news.notificationEmails) ? news.notificationEmails : [];
  const known = rawEmails.filter((value): value is string => typeof value === "string" && value !== unknownInput);
  for (const value of known) {
    if (!email.test(value)) failures.push({ property: "notificationEmails", reason: `"${value}" is not an email address` });
  }
  const notes = typeof news.notes === "string" ? news.notes : "";
  const adoptedClientId = typeof news.adoptedClientId === "string" && news.adoptedClientId !== "" ? news.adoptedClientId.trim().toLowerCase() : undefined;
  if (adoptedClientId !== undefined && adoptedClientId !== unknownInput && !guid.test(adoptedClientId)) {
    failures.push({ property: "adoptedClientId", reason: `adoptedClientId must be the adopted application's client ID (a GUID); got "${adoptedClientId}"` });
  }
  return {
    inputs: {
      tenantId,
      environment,
      applicationObjectId,
      servicePrincipalObjectId,
      notificationEmails: normalizeEmails(known),
      notes,
      ...(adoptedClientId !== undefined ? { adoptedClientId } : {}),
    },
    failures,
  };
}

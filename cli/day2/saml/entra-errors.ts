/**
 * The Entra sign-in errors (AADSTS codes) a first sign-in to this application can meet, each with what it means here
 * and the fix. Pure.
 *
 * Meanings: Microsoft's AADSTS reference
 * (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes; MicrosoftDocs/entra-docs
 * docs/identity-platform/reference-error-codes.md), which warns that codes and texts may change, so an unknown code
 * is shown as Entra wrote it with the lookup page https://login.microsoftonline.com/error?code=<number>. Entra puts
 * the code at the start of a failed response's StatusMessage ("AADSTS75006: An error occurred while processing a
 * SAML2 Authentication request", https://learn.microsoft.com/en-us/entra/identity-platform/single-sign-on-saml-protocol#status)
 * and shows it on its error page when it does not post a response at all.
 */
import { clientVpnIdentifierUri } from "../../../components/config";
import { otherGroupClaimRoute, type GroupClaimRoute, groupClaimSetting } from "../../../components/group-claim-route";
import { clientReplyUrl } from "../../../components/reply-urls";

interface KnownError {
  /** Entra's name for it, from the reference. */
  name: string;
  meaning: string;
  fix: (route: GroupClaimRoute | undefined) => string;
}

const identityUp = "run `pulumi up` on the identity stack";

export const knownEntraErrors: Readonly<Record<string, KnownError>> = {
  AADSTS50011: {
    name: "InvalidReplyTo",
    meaning: `the application does not accept the reply URL ${clientReplyUrl}`,
    fix: () => `${identityUp}: it registers ${clientReplyUrl} exactly (no trailing slash), as AWS posts to it`,
  },
  AADSTS700016: {
    name: "UnauthorizedClient_DoesNotMatchRequest",
    meaning: `no application in this tenant has the identifier ${clientVpnIdentifierUri}`,
    fix: () => `deploy the identity stack (\`pulumi up\`), and check that its azuread:tenantId is the tenant you sign in to`,
  },
  AADSTS50105: {
    name: "EntitlementGrantsNotFound",
    meaning: "the user is in no group assigned to the application",
    fix: () => "add the user directly to a group in azure.groups (nested groups do not count), or add their group there and run `pulumi up` on the identity stack",
  },
  AADSTS50146: {
    name: "MissingCustomSigningKey",
    meaning: "the application's own signing key is missing, expired or not active yet",
    fix: () => `${identityUp}: it creates the signing certificate and makes it active before the claims-mapping policy is assigned`,
  },
  AADSTS50003: {
    name: "MissingSigningKey",
    meaning: "the application has no signing key",
    fix: () => `${identityUp}: it creates the signing certificate and makes it active`,
  },
  AADSTS50124: {
    name: "ClaimsTransformationInvalidInputParameter",
    meaning: "Entra refuses the claims-mapping policy's transformation",
    fix: (route) =>
      `set ${groupClaimSetting} to ${route ? otherGroupClaimRoute(route) : "gallery-app"} on the identity stack and run \`pulumi up\` there (docs/research/group-claim-routes.md)`,
  },
};

export interface EntraErrorVerdict {
  /** e.g. "AADSTS50105 (EntitlementGrantsNotFound): the user is in no group assigned to the application". */
  detail: string;
  fix: string;
}

/** The first AADSTS code in Entra's message, explained; undefined when the message carries none. */
export function explainEntraError(message: string, route?: GroupClaimRoute): EntraErrorVerdict | undefined {
  const code = /\bAADSTS(\d{5,7})\b/.exec(message);
  if (!code) return undefined;
  const key = `AADSTS${code[1]}`;
  const known = Object.hasOwn(knownEntraErrors, key) ? knownEntraErrors[key] : undefined;
  if (!known) {
    return { detail: key, fix: `look the code up at https://login.microsoftonline.com/error?code=${code[1]} and in the Entra sign-in logs for this user and time` };
  }
  return { detail: `${key} (${known.name}): ${known.meaning}`, fix: known.fix(route) };
}

/** One line per known code, for when the browser shows Entra's error page and nothing reaches the CLI. */
export function entraErrorGuide(route?: GroupClaimRoute): string[] {
  return Object.entries(knownEntraErrors).map(([code, known]) => `${code}: ${known.meaning}; ${known.fix(route)}`);
}

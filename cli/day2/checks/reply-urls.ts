import { clientVpnIdentifierUri } from "../../../components/config";
import { clientReplyUrl, replyUrls } from "../../../components/reply-urls";
import { type CheckResult, fail, pass } from "../check-result";
import type { EntraReads } from "../entra-reads";
import type { DeploymentContext } from "../stack-context";

export const replyUrlsCheckName = "reply URLs and identifier are exact";

/**
 * The AWS VPN Client listens on exactly http://127.0.0.1:35001, the self-service portal on its own ACS
 * URL, and the identifier must be urn:amazon:webservices:clientvpn; Entra posts only to listed URLs.
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html
 */
export async function checkReplyUrls(entra: EntraReads, context: DeploymentContext): Promise<CheckResult> {
  const application = await entra.application();
  if (!application) return fail(replyUrlsCheckName, "the application does not exist in Entra", "run `pulumi up` on the identity stack");
  const actual = application.web?.redirectUris ?? [];
  const required = replyUrls(context.selfServicePortal.required, context.region);
  // An endpoint stack cannot see whether its identity stack also serves portals elsewhere: then the
  // portal URL is allowed but not required.
  const allowed = context.selfServicePortal.exact ? required : replyUrls(true, context.region);
  const problems: string[] = [];
  for (const url of required) if (!actual.includes(url)) problems.push(`${url} is missing`);
  for (const url of actual) {
    if (allowed.includes(url)) continue;
    const nearMiss = url.replace(/\/+$/, "") === clientReplyUrl ? ` (AWS posts to ${clientReplyUrl} exactly)` : "";
    problems.push(`${url} is not expected${nearMiss}`);
  }
  const identifiers = application.identifierUris ?? [];
  if (identifiers.length !== 1 || identifiers[0] !== clientVpnIdentifierUri) {
    problems.push(`identifier URIs are [${identifiers.join(", ")}], not [${clientVpnIdentifierUri}]`);
  }
  if (problems.length > 0) {
    return fail(
      replyUrlsCheckName,
      problems.join("; "),
      "someone edited the application in the portal: run `pulumi up` on the identity stack to put the reply URLs and identifier back",
    );
  }
  return pass(replyUrlsCheckName, `${actual.join(", ")}; ${clientVpnIdentifierUri}`);
}

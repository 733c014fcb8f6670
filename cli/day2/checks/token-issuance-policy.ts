import { responseAndToken, signingPolicyOf } from "../../../components/graph/saml-signing-plan";
import type { TokenIssuancePolicy } from "../../../components/graph/graph-api";
import { type CheckResult, fail, pass } from "../check-result";
import type { EntraReads } from "../entra-reads";

export const tokenPolicyCheckName = "Entra signs both the SAML response and the assertion";

/**
 * AWS: "The SAML assertion and response must be signed."
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html#saml-requirements
 * Entra's TokenResponseSigningPolicy must be ResponseAndToken; with no policy assigned Entra signs the
 * assertion only. https://learn.microsoft.com/en-us/graph/api/resources/tokenissuancepolicy?view=graph-rest-1.0
 * Microsoft's pages disagree on whether Entra reads the policy from the application or from its service
 * principal, so `pulumi up` assigns it to both and this check reads both
 * (docs/research/token-issuance-policy-holder.md).
 */
export async function checkTokenIssuancePolicy(entra: EntraReads): Promise<CheckResult> {
  const fix = "run `pulumi up` on the identity stack: it assigns a token issuance policy with ResponseAndToken to the application and its service principal (portal: SAML Signing Certificate > Signing Option > Sign SAML response and assertion)";
  const holders: Array<[string, TokenIssuancePolicy[] | undefined]> = [
    ["application", await entra.tokenIssuancePolicies()],
    ["service principal", await entra.servicePrincipalTokenIssuancePolicies()],
  ];
  const found: string[] = [];
  for (const [holder, policies] of holders) {
    if (policies === undefined) return fail(tokenPolicyCheckName, `the ${holder} does not exist in Entra`, "run `pulumi up` on the identity stack");
    if (policies.length === 0) return fail(tokenPolicyCheckName, `${holder}: no token issuance policy is assigned, so Entra signs the assertion only`, fix);
    if (policies.length > 1) {
      return fail(tokenPolicyCheckName, `${holder}: ${policies.length} token issuance policies are assigned (${policies.map((policy) => policy.displayName).join(", ")}); Entra applies one`, fix);
    }
    const signing = signingPolicyOf(policies[0].definition);
    if (signing !== responseAndToken) return fail(tokenPolicyCheckName, `${holder}: policy "${policies[0].displayName}" signs ${signing}`, fix);
    found.push(`${holder}: policy "${policies[0].displayName}"`);
  }
  return pass(tokenPolicyCheckName, `${found.join("; ")}; each signs ${responseAndToken}`);
}

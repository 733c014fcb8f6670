import { normalizeThumbprint } from "../../../components/graph/saml-signing-plan";
import { type CheckResult, fail, pass } from "../check-result";
import type { EntraReads } from "../entra-reads";

export const activeKeyCheckName = "Entra signs with the stack's certificate";

/**
 * Entra signs with the key named by preferredTokenSigningKeyThumbprint; adding a certificate does not
 * make it active, and the portal's "Make certificate active" changes it behind the stack's back.
 * https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal?view=graph-rest-1.0#properties
 */
export async function checkActiveSigningKey(entra: EntraReads, managedThumbprint: string): Promise<CheckResult> {
  const servicePrincipal = await entra.servicePrincipal();
  if (!servicePrincipal) return fail(activeKeyCheckName, "the service principal does not exist in Entra", "run `pulumi up` on the identity stack");
  const active = servicePrincipal.preferredTokenSigningKeyThumbprint;
  const wanted = normalizeThumbprint(managedThumbprint);
  if (active && normalizeThumbprint(active) === wanted) return pass(activeKeyCheckName, `active key ${wanted}`);
  return fail(
    activeKeyCheckName,
    active ? `the active key is ${normalizeThumbprint(active)}, not the stack's ${wanted}` : `no key is active; the stack's is ${wanted}`,
    "run `pulumi up` on the identity stack: it makes its certificate active (then `pulumi up` the endpoint stacks so IAM follows)",
  );
}

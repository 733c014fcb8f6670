import { GetSAMLProviderCommand, type IAMClient } from "@aws-sdk/client-iam";
import { normalizeThumbprint } from "../../../components/graph/saml-signing-plan";
import type { CheckResult } from "../check-result";
import type { EntraReads } from "../entra-reads";
import { assessSigningRotation } from "../signing-rotation-assessment";
import { signingCertificatesInMetadata } from "../signing-key";
import type { DeploymentContext } from "../stack-context";

export { rotationCheckName } from "../signing-rotation-assessment";

/**
 * Where a rotation of the signing certificate stands, from IAM (GetSAMLProvider returns the metadata:
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetSAMLProvider.html), Entra's active key and the
 * identity stack's outputs.
 */
export async function checkSigningRotation(
  iam: IAMClient,
  providerArns: readonly string[],
  entra: EntraReads,
  context: Pick<DeploymentContext, "publishedSigningCertificateThumbprints" | "signingKeyActivatedAt">,
  now: Date,
): Promise<CheckResult> {
  const servicePrincipal = await entra.servicePrincipal();
  const providers = [];
  for (const arn of providerArns) {
    const answer = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    providers.push({ arn, certificates: signingCertificatesInMetadata(answer.SAMLMetadataDocument ?? "") });
  }
  const preferred = servicePrincipal?.preferredTokenSigningKeyThumbprint;
  return assessSigningRotation({
    activeThumbprint: preferred ? normalizeThumbprint(preferred) : undefined,
    publishedByIdentity: context.publishedSigningCertificateThumbprints,
    activatedAt: context.signingKeyActivatedAt,
    providers,
    now,
  });
}

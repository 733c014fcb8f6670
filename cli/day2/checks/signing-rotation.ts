import { GetSAMLProviderCommand, type IAMClient } from "@aws-sdk/client-iam";
import { normalizeThumbprint } from "../../../components/graph/saml-signing-plan";
import type { CheckResult } from "../check-result";
import type { EntraReads } from "../entra-reads";
import { assessSigningRotation } from "../signing-rotation-assessment";
import { signingCertificatesInMetadata } from "../idp-metadata";
import type { RotationOutputs } from "../stack-context";

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
  context: RotationOutputs,
  now: Date,
  identity?: { stackName: string; read: () => Promise<RotationOutputs> },
): Promise<CheckResult> {
  // An endpoint stack's own copy of the identity's outputs dates from its last deployment: exactly what is stale
  // when it is behind. Read the identity stack itself; fall back to the copy, saying so, when it cannot be read.
  let source = context;
  let note = "";
  if (identity) {
    try {
      source = await identity.read();
    } catch (error) {
      note = ` (compared with this stack's copy of ${identity.stackName}'s outputs, which could not be read: ${(error as Error).message.split("\n")[0]})`;
    }
  }
  const servicePrincipal = await entra.servicePrincipal();
  const providers = [];
  for (const arn of providerArns) {
    const answer = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    providers.push({ arn, certificates: signingCertificatesInMetadata(answer.SAMLMetadataDocument ?? "") });
  }
  const preferred = servicePrincipal?.preferredTokenSigningKeyThumbprint;
  const result = assessSigningRotation({
    activeThumbprint: preferred ? normalizeThumbprint(preferred) : undefined,
    publishedByIdentity: source.publishedSigningCertificateThumbprints,
    activatedAt: source.signingKeyActivatedAt,
    providers,
    now,
  });
  return note ? { ...result, detail: `${result.detail}${note}` } : result;
}

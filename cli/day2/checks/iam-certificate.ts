import { GetSAMLProviderCommand, type IAMClient } from "@aws-sdk/client-iam";
import { type CheckResult, fail, pass } from "../check-result";
import type { EntraReads } from "../entra-reads";
import { signingCertificatesInMetadata } from "../idp-metadata";
import { activeSigningKey, thumbprintOf } from "../signing-key";

export const iamCertificateCheckName = "IAM SAML provider holds Entra's active signing certificate";

/**
 * IAM verifies each SAML response against the certificate in the provider's metadata; after Entra
 * rotates its key, an IAM provider with the old one refuses every sign-in. GetSAMLProvider returns the
 * metadata as SAMLMetadataDocument: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetSAMLProvider.html
 */
export async function checkIamCertificate(iam: IAMClient, providerArns: readonly string[], entra: EntraReads): Promise<CheckResult> {
  const servicePrincipal = await entra.servicePrincipal();
  if (!servicePrincipal) {
    return fail(iamCertificateCheckName, "the service principal does not exist in Entra", "run `pulumi up` on the identity stack to create it again");
  }
  const active = activeSigningKey(servicePrincipal);
  if (!active?.certificate) {
    return fail(
      iamCertificateCheckName,
      active ? `Graph returned no certificate for the active key ${active.thumbprint}` : "Entra has no active signing key (preferredTokenSigningKeyThumbprint is empty)",
      "run `pulumi up` on the identity stack: it creates the signing certificate and makes it active",
    );
  }
  const stale: string[] = [];
  for (const arn of providerArns) {
    const answer = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    const certificates = signingCertificatesInMetadata(answer.SAMLMetadataDocument ?? "");
    if (!certificates.includes(active.certificate)) {
      const held = certificates.map(thumbprintOf).join(", ") || "no certificate";
      stale.push(`${arn} holds ${held}`);
    }
  }
  if (stale.length > 0) {
    return fail(
      iamCertificateCheckName,
      `Entra signs with ${active.thumbprint}, but ${stale.join("; ")}`,
      "run `pulumi up` on the endpoint stack (after the identity stack) so IAM gets metadata with the active certificate",
    );
  }
  return pass(iamCertificateCheckName, `${providerArns.length} provider(s) hold ${active.thumbprint}`);
}

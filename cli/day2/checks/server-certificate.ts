import { X509Certificate } from "node:crypto";
import { type ACMClient, DescribeCertificateCommand, GetCertificateCommand } from "@aws-sdk/client-acm";
import type { EC2Client } from "@aws-sdk/client-ec2";
import { isIssuedBy } from "../../../components/server-ca-chain";
import { type CheckResult, fail, notCheckable, pass, warn } from "../check-result";
import { describeEndpoint } from "../client-vpn-reads";

export const serverCertificateCheckName = "server certificate is one Client VPN accepts and the client profile trusts";

/**
 * Reads the endpoint's server certificate from ACM and judges it against what the client profile carries:
 * - DescribeCertificate: Type (AMAZON_ISSUED | IMPORTED | PRIVATE), Status and KeyAlgorithm
 *   (https://docs.aws.amazon.com/acm/latest/APIReference/API_CertificateDetail.html). Client VPN takes only
 *   RSA_1024 and RSA_2048 keys (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/mutual.html).
 * - GetCertificate: the certificate and the chain ACM holds for it
 *   (https://docs.aws.amazon.com/acm/latest/APIReference/API_GetCertificate.html).
 * - The stack output clientConfig: the `<ca>` block users get.
 * The profile must lead to the certificate's issuer. When it leads there only through an intermediate it does not
 * carry, clients depend on the endpoint sending that intermediate in the handshake, which AWS does not document:
 * that is a warning with the one-line fix (pin ACM's chain with vpn.serverCertificateCaChain).
 */
export async function checkServerCertificate(
  ec2: EC2Client,
  acm: ACMClient,
  endpointId: string,
  profile: { clientConfig?: string; caChainSet: boolean },
): Promise<CheckResult> {
  const arn = (await describeEndpoint(ec2, endpointId))?.ServerCertificateArn;
  if (!arn) return notCheckable(serverCertificateCheckName, `${endpointId} reports no server certificate`, "see the endpoint check above");
  const detail = (await acm.send(new DescribeCertificateCommand({ CertificateArn: arn }))).Certificate ?? {};
  const type = detail.Type ?? "unknown type";
  if (detail.KeyAlgorithm !== "RSA_1024" && detail.KeyAlgorithm !== "RSA_2048") {
    return fail(
      serverCertificateCheckName,
      `${arn} has a ${detail.KeyAlgorithm ?? "unknown"} key; Client VPN supports only 1024- and 2048-bit RSA keys`,
      type === "AMAZON_ISSUED" || type === "PRIVATE"
        ? "request a new certificate with key algorithm RSA_2048 and set it as vpn.serverCertificateArn (or use vpn.serverCertificate, which requests RSA_2048)"
        : "import a certificate with a 2048-bit RSA key and set it as vpn.serverCertificateArn",
    );
  }
  if (detail.Status !== "ISSUED") {
    return fail(serverCertificateCheckName, `${arn} is ${detail.Status ?? "in an unknown state"}, not ISSUED`, "renew, re-import or replace the certificate in ACM, then run `pulumi up`");
  }
  const profileCas = caBlock(profile.clientConfig);
  if (profileCas === undefined) {
    return notCheckable(serverCertificateCheckName, `${arn} is ${type}, ${detail.KeyAlgorithm}, ISSUED; the stack exports no clientConfig to compare its chain with`, "run `pulumi up` so the stack exports the client profile");
  }
  const held = await acm.send(new GetCertificateCommand({ CertificateArn: arn }));
  const leaf = new X509Certificate(held.Certificate ?? "");
  const acmChain = pemCertificates(held.CertificateChain);
  const summary = `${arn} is ${type}, ${detail.KeyAlgorithm}, ISSUED`;
  if (profileCas.some((ca) => isIssuedBy(leaf, ca))) {
    return pass(serverCertificateCheckName, `${summary}; the profile carries its issuer (${commonName(leaf.issuer)})`);
  }
  const path = pathThroughChain(leaf, acmChain, profileCas);
  const chainFix = `set vpn.serverCertificateCaChain to the chain ACM holds for it (aws acm get-certificate --certificate-arn ${arn} --query CertificateChain --output text) and run \`pulumi up\``;
  if (path) {
    return warn(
      serverCertificateCheckName,
      `${summary}; the profile does not carry its issuer ${path.map((certificate) => commonName(certificate.subject)).join(" <- ")}, so clients connect only if the endpoint sends it during the handshake`,
      `if the AWS VPN Client or npm run connect reports a certificate error, ${chainFix}`,
    );
  }
  const cause =
    type === "AMAZON_ISSUED"
      ? profile.caChainSet
        ? "the profile carries the CA in vpn.serverCertificateCaChain, but ACM issued this certificate"
        : "the profile does not lead to Amazon's roots"
      : profile.caChainSet
        ? "the CA in vpn.serverCertificateCaChain did not issue this certificate"
        : "the certificate was imported (or issued by a private CA), so Amazon's roots in the profile do not lead to it";
  return fail(
    serverCertificateCheckName,
    `${summary}; ${cause}: clients will refuse the server (issuer ${commonName(leaf.issuer)})`,
    type === "AMAZON_ISSUED" ? "remove vpn.serverCertificateCaChain, or set it to ACM's chain, and run `pulumi up`" : chainFix.replace("the chain ACM holds for it", "the CA chain that issued it"),
  );
}

/** The intermediates from ACM's chain that lead from the leaf to a certificate the profile carries, nearest first. */
function pathThroughChain(leaf: X509Certificate, chain: X509Certificate[], anchors: X509Certificate[]): X509Certificate[] | undefined {
  const path: X509Certificate[] = [];
  let current = leaf;
  while (path.length < chain.length) {
    const issuer = chain.find((candidate) => !path.includes(candidate) && isIssuedBy(current, candidate));
    if (!issuer) return undefined;
    path.push(issuer);
    if (anchors.some((anchor) => isIssuedBy(issuer, anchor))) return path;
    current = issuer;
  }
  return undefined;
}

function caBlock(profile: string | undefined): X509Certificate[] | undefined {
  const block = profile ? /<ca>\n([\s\S]*?)\n<\/ca>/.exec(profile) : null;
  return block ? pemCertificates(block[1]) : undefined;
}

function pemCertificates(text: string | undefined): X509Certificate[] {
  return [...(text ?? "").matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].map((match) => new X509Certificate(match[0]));
}

function commonName(distinguishedName: string): string {
  return /(?:^|\n)CN=([^\n]*)/.exec(distinguishedName)?.[1] ?? distinguishedName.replace(/\n/g, ", ");
}

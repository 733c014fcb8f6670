import { createHash, X509Certificate } from "node:crypto";
import { rootCertificates } from "node:tls";
import { ConfigError } from "./config";

/**
 * Which CAs the client profile's `<ca>` block must hold for the endpoint's server certificate.
 * - "amazon-issued": a public certificate ACM issued; it chains to Amazon Trust Services' roots.
 * - "given": the stack gives the CA chain (vpn.serverCertificateCaChain): the CA of an imported certificate, or,
 *   for an ACM-issued one, ACM's own CertificateChain so the profile carries the issuing intermediate too.
 *
 * Client VPN accepts only 1024- and 2048-bit RSA server keys ("A Client VPN endpoint supports 1024-bit and
 * 2048-bit RSA key sizes only", https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/mutual.html): the program
 * requests RSA_2048 when it issues the certificate, and `npm run doctor` reads an existing certificate's key
 * algorithm, type and chain from ACM (cli/day2/checks/server-certificate.ts). What the profile must carry, and
 * the evidence for it, is in docs/research/server-certificate-chain.md.
 */
export type ServerCertificateSource = { kind: "amazon-issued" } | { kind: "given"; caChainPem: string };

/** The stack setting that holds an imported certificate's CA, named in every error about it. */
export const caChainSetting = "vpn.serverCertificateCaChain";

/**
 * Amazon Trust Services' root CAs, with the SHA-256 of each key's SubjectPublicKeyInfo as published
 * at https://www.amazontrust.com/repository/ ("Root CAs" table). That page recommends trusting all
 * five: Amazon Root CA 1-4 are different key types, and Starfield Services Root Certificate
 * Authority - G2 is the older root that cross-signs them for clients whose stores predate them.
 * ACM's public certificates are issued by Amazon Trust Services:
 * https://aws.amazon.com/blogs/security/how-to-configure-and-verify-acm-certificates-with-trust-stores
 *
 * The certificates themselves come from Node's bundled Mozilla store (`tls.rootCertificates`) rather
 * than being pasted here; matching on the published key hash proves we took the right ones. Trust
 * follows the key, not the certificate, so the self-signed Starfield G2 certificate Mozilla ships
 * anchors the cross-signed chain ACM presents.
 */
export const amazonTrustServicesRoots: readonly { commonName: string; spkiSha256: string }[] = [
  { commonName: "Amazon Root CA 1", spkiSha256: "fbe3018031f9586bcbf41727e417b7d1c45c2f47f93be372a17b96b50757d5a2" },
  { commonName: "Amazon Root CA 2", spkiSha256: "7f4296fc5b6a4e3b35d3c369623e364ab1af381d8fa7121533c9d6c633ea2461" },
  { commonName: "Amazon Root CA 3", spkiSha256: "36abc32656acfc645c61b71613c4bf21c787f5cabbee48348d58597803d7abc9" },
  { commonName: "Amazon Root CA 4", spkiSha256: "f7ecded5c66047d28ed6466b543c40e0743abe81d109254dcf845d4c2c7853c5" },
  {
    commonName: "Starfield Services Root Certificate Authority - G2",
    spkiSha256: "2b071c59a0a0ae76b0eadb2bad23bad4580b69c3601b630c2eaf0613afa83f92",
  },
];

const pemBlockPattern = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** The SHA-256 of a certificate's SubjectPublicKeyInfo, lowercase hex, as amazontrust.com lists it. */
export function spkiSha256(certificate: X509Certificate): string {
  return createHash("sha256").update(certificate.publicKey.export({ type: "spki", format: "der" })).digest("hex");
}

function commonName(certificate: X509Certificate): string | undefined {
  return certificate.subject
    .split("\n")
    .find((part) => part.startsWith("CN="))
    ?.slice("CN=".length);
}

/** Node's store read once per process: parsing its ~150 certificates took tens of milliseconds per program run. */
let fromNodeStore: X509Certificate[] | undefined;

/** Amazon's roots from Node's store, in the order above; throws naming any that is missing. */
export function amazonRootCertificates(store: readonly string[] = rootCertificates): X509Certificate[] {
  if (store === rootCertificates) return (fromNodeStore ??= amazonRootsIn(store));
  return amazonRootsIn(store);
}

function amazonRootsIn(store: readonly string[]): X509Certificate[] {
  const parsed = store.map((pem) => new X509Certificate(pem));
  const missing: string[] = [];
  const found = amazonTrustServicesRoots.flatMap((root) => {
    const match = parsed.find((certificate) => commonName(certificate) === root.commonName && spkiSha256(certificate) === root.spkiSha256);
    if (!match) missing.push(root.commonName);
    return match ? [match] : [];
  });
  if (missing.length > 0) {
    throw new Error(
      `Node's bundled root store (tls.rootCertificates, Node ${process.version}) has no certificate for ${missing.join(", ")} ` +
        "with the key hash amazontrust.com publishes; the client profile cannot carry Amazon's roots. " +
        "Run the program on a supported Node release (see package.json engines).",
    );
  }
  return found;
}

/** Whether `certificate` was signed by `issuer`: names match and the signature verifies with its key. */
export function isIssuedBy(certificate: X509Certificate, issuer: X509Certificate): boolean {
  return certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey);
}

/**
 * Splits a PEM bundle into its blocks and checks every one is a certificate X509Certificate can read.
 * Anything else (a private key, stray text) is refused so it never reaches a client profile.
 */
export function parsePemCertificates(pem: string, setting: string = caChainSetting): X509Certificate[] {
  const text = pem.replace(/\r\n/g, "\n").trim();
  const blocks = [...text.matchAll(pemBlockPattern)];
  const problem = (message: string): never => {
    throw new ConfigError([{ setting, message }]);
  };
  if (blocks.length === 0) {
    problem("holds no PEM certificate; paste the CA certificate that issued the server certificate, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----");
  }
  const leftover = text.replace(pemBlockPattern, "").trim();
  if (leftover.length > 0) {
    problem(`has text outside the PEM certificates ("${leftover.slice(0, 40)}..."); keep only -----BEGIN CERTIFICATE----- blocks`);
  }
  return blocks.map((block, index) => {
    const label = block[1];
    if (label !== "CERTIFICATE") {
      // Never echo the block: it may be a private key pasted by mistake.
      problem(`block ${index + 1} is a "${label}", not a certificate; keep only the CA certificate(s), and never put a private key in stack configuration`);
    }
    try {
      return new X509Certificate(block[0]);
    } catch (error) {
      return problem(`block ${index + 1} is not a readable X.509 certificate (${(error as Error).message}); export the CA certificate again in PEM form`);
    }
  });
}

/**
 * The PEM bundle a client profile's `<ca>` block must hold for the given server certificate.
 * `amazonRoots` defaults to Amazon's roots from Node's bundled Mozilla store; tests pass their own.
 *
 * A given chain that leads to Amazon's roots is ACM's CertificateChain
 * (https://docs.aws.amazon.com/acm/latest/APIReference/API_GetCertificate.html): its intermediates, then Amazon's
 * roots cross-signed by Starfield. A client cannot finish a path through those cross-signed copies (their issuer
 * is in no profile), so the profile keeps the intermediates and anchors them with the self-signed roots instead.
 */
export function clientCaChain(source: ServerCertificateSource, amazonRoots: () => X509Certificate[] = () => amazonRootCertificates()): string {
  if (source.kind === "amazon-issued") return pemBundle(amazonRoots());
  const certificates = parsePemCertificates(source.caChainPem);
  const notCa = certificates.findIndex((certificate) => !certificate.ca);
  if (notCa >= 0) {
    throw new ConfigError([
      {
        setting: caChainSetting,
        message:
          `certificate ${notCa + 1} (${certificates[notCa].subject.replace(/\n/g, ", ")}) is not a CA certificate (basicConstraints CA:FALSE); ` +
          "set the CA that issued the server certificate, not the server certificate itself",
      },
    ]);
  }
  const roots = amazonRoots();
  const rootKeys = new Set(roots.map(spkiSha256));
  const isAmazonRootKey = (certificate: X509Certificate) => rootKeys.has(spkiSha256(certificate));
  const leadsToAmazon = certificates.some((certificate) => isAmazonRootKey(certificate) || roots.some((root) => isIssuedBy(certificate, root)));
  if (!leadsToAmazon) return pemBundle(certificates);
  return pemBundle([...certificates.filter((certificate) => !isAmazonRootKey(certificate)), ...roots]);
}

function pemBundle(certificates: X509Certificate[]): string {
  return `${certificates.map((certificate) => certificate.toString().trim()).join("\n")}\n`;
}

/**
 * Verifies the enveloped XML signatures on a SAML Response and its Assertion against the certificates
 * IAM trusts, and returns the XML that was actually signed, so nothing unverified is read.
 *
 * Signature wrapping (moving a signed element aside and putting a forged one where a reader looks) is
 * defeated in three ways: each signature must be a direct child of the element it signs and reference
 * that element's own ID; xml-crypto refuses documents with two elements of the same ID; and claims are
 * read from xml-crypto's getSignedReferences() (the canonical bytes the digest covered), never from the
 * original document. https://github.com/node-saml/xml-crypto#verifying-xml-documents
 * The key comes only from IAM's metadata (getCertFromKeyInfo returns null): a certificate embedded in the
 * response itself is used solely to say who signed instead.
 */
import { createHash, X509Certificate } from "node:crypto";
import { SignedXml } from "xml-crypto";
import { parseUntrustedXml, UntrustedXmlError } from "../../shared/untrusted-xml";

export const XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
export { ASSERTION_NS, PROTOCOL_NS } from "../../shared/saml-sign-in/saml-namespaces";

export type SignatureStatus = "valid" | "missing" | "untrusted-certificate" | "invalid";

export interface SignatureVerdict {
  status: SignatureStatus;
  detail: string;
  /** The signed element as canonical XML, without its signature; only when valid. */
  signedXml?: string;
}

/** The response is hostile input: no DTD, no entities (see untrusted-xml.ts). */
export function parseXml(xml: string): Document {
  try {
    return parseUntrustedXml(xml);
  } catch (error) {
    if (error instanceof UntrustedXmlError) throw new Error(`the XML is refused: ${error.message}`);
    throw error;
  }
}

/** The direct children of `parent` in `namespace` named `localName`. Of the child nodes only elements have a namespace URI. */
export function childElements(parent: Element, namespace: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    const candidate = node as Partial<Element>;
    if (candidate.namespaceURI === namespace && candidate.localName === localName) found.push(node as Element);
  }
  return found;
}

function toPem(base64: string): string {
  return new X509Certificate(Buffer.from(base64, "base64")).toString();
}

/**
 * A verifier that trusts only `certificate`. xml-crypto takes the key from `getCertFromKeyInfo(keyInfo) ||
 * publicCert` (lib/signed-xml.js, checkSignature), so answering nothing makes it ignore the certificate the
 * response carries.
 */
function verifierTrusting(certificate: string): SignedXml {
  // Stryker disable next-line ArrowFunction: null and undefined are both "no certificate" to that `||`
  return new SignedXml({ publicCert: toPem(certificate), getCertFromKeyInfo: () => null });
}

function thumbprint(base64: string): string {
  return createHash("sha1").update(Buffer.from(base64, "base64")).digest("hex").toUpperCase();
}

/**
 * Verifies the signature that is a direct child of `element` over the whole document `xml`, with each
 * trusted certificate (base64 DER) in turn. `holder` names where those certificates come from, for the verdict.
 */
export function verifyEnvelopedSignature(xml: string, element: Element, trustedCertificates: readonly string[], holder = "the IAM provider"): SignatureVerdict {
  const signatures = childElements(element, XMLDSIG_NS, "Signature");
  const what = element.localName;
  if (signatures.length === 0) return { status: "missing", detail: `the ${what} is not signed` };
  if (signatures.length > 1) return { status: "invalid", detail: `the ${what} carries ${signatures.length} signatures; Entra signs it once` };
  const id = element.getAttribute("ID");
  if (!id) return { status: "invalid", detail: `the ${what} has no ID, so its signature cannot refer to it` };
  const signature = signatures[0];
  let lastError = "";
  for (const certificate of trustedCertificates) {
    let verifier: SignedXml;
    try {
      verifier = verifierTrusting(certificate);
      verifier.loadSignature(signature);
      const valid = verifier.checkSignature(xml);
      if (!valid) {
        lastError = "the digest does not match: the content was changed after signing";
        continue;
      }
    } catch (error) {
      lastError = (error as Error).message;
      continue;
    }
    const references = verifier.getReferences();
    if (references.length !== 1 || references[0].uri !== `#${id}`) {
      return {
        status: "invalid",
        detail: `the ${what}'s signature refers to ${references.map((reference) => reference.uri || '""').join(", ")}, not to the ${what} itself (#${id}): a wrapped or misplaced signature`,
      };
    }
    return { status: "valid", detail: `the ${what} is signed by ${thumbprint(certificate)}`, signedXml: verifier.getSignedReferences()[0] };
  }
  const embedded = embeddedCertificate(signature);
  // Verify with the embedded certificate only to tell a foreign signer from tampering. (A trusted one
  // was tried above and failed, so it fails here too.)
  // Stryker disable next-line ConditionalExpression: with no certificate the probe throws inside the try and ends in the same verdict
  if (embedded) {
    try {
      const probe = verifierTrusting(embedded);
      probe.loadSignature(signature);
      if (probe.checkSignature(xml)) {
        return { status: "untrusted-certificate", detail: `the ${what} is signed by ${thumbprint(embedded)}, which ${holder} does not hold (it holds ${trustedCertificates.map(thumbprint).join(", ") || "none"})` };
      }
    } catch {
      // fall through to the generic verdict
    }
  }
  return { status: "invalid", detail: `the ${what}'s signature does not verify with ${holder}'s certificate: ${lastError}` };
}

function embeddedCertificate(signature: Element): string | undefined {
  const values = signature.getElementsByTagNameNS(XMLDSIG_NS, "X509Certificate");
  const text = values.length > 0 ? (values.item(0)!.textContent ?? "").replace(/\s/g, "") : "";
  return text || undefined;
}

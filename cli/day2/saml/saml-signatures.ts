/**
 * Verifies the enveloped XML signatures on a SAML Response and its Assertion against the certificates
 * IAM trusts, and returns the XML that was actually signed, so nothing unverified is read.
 *
 * Signature wrapping (moving a signed element aside and putting a forged one where a reader looks) is
 * defeated in three ways: each signature must be a direct child of the element it signs and reference
 * that element's own ID; xml-crypto refuses documents with two elements of the same ID (validateReference);
 * and claims are read from the canonical bytes the digest covered, never from the original document.
 * https://github.com/node-saml/xml-crypto#verifying-xml-documents
 * The key comes only from IAM's metadata: a certificate embedded in the response itself is used solely to
 * say who signed instead.
 */
import { createHash, X509Certificate } from "node:crypto";
import { DOMParser } from "@xmldom/xmldom";
import { type Reference, type SignatureAlgorithm, SignedXml } from "xml-crypto";
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

function thumbprint(base64: string): string {
  return createHash("sha1").update(Buffer.from(base64, "base64")).digest("hex").toUpperCase();
}

/**
 * The steps of xml-crypto's `checkSignature(xml)` (node_modules/xml-crypto/lib/signed-xml.js, 6.3.2), which
 * it keeps private. `checkSignature` parses `xml` again on every call, once per certificate tried and per
 * signature; these steps run on the document the response was parsed into once, and split the check where
 * the key first matters, so the digests are checked once per signature and only the SignatureValue once per
 * certificate. Pinned with xml-crypto's exact version: a release that renames them fails every valid response
 * in the tests.
 */
interface CheckSignatureSteps {
  signatureAlgorithm?: string;
  signatureValue: string;
  references: Reference[];
  loadSignature(signature: Node): void;
  getCanonSignedInfoXml(doc: Document): string;
  loadReference(reference: Element): void;
  validateReference(reference: Reference, doc: Document): unknown;
  findSignatureAlgorithm(name: string | undefined): SignatureAlgorithm;
}

interface CheckedReferences {
  /** The canonical SignedInfo: what the SignatureValue signs. */
  signedInfo: string;
  signatureValue: string;
  algorithm: SignatureAlgorithm;
  /** Read back from `signedInfo`, as checkSignature does: only those are signed. */
  references: Reference[];
  /** Each reference's canonical XML, whose digest matched. */
  signedXml: string[];
}

/** The Reference children of the canonical SignedInfo, in any namespace, as xml-crypto's findChildren finds them. */
function referenceElements(signedInfo: string): Element[] {
  const root = new DOMParser().parseFromString(signedInfo, "text/xml").documentElement as unknown as Element;
  return Array.from(root.childNodes).filter((node): node is Element => (node as Partial<Element>).localName === "Reference");
}

/** The first SignatureValue child in any namespace, as xml-crypto's findChildren(signature, "SignatureValue") finds it. */
function signatureValueText(signature: Element): string | null {
  const value = Array.from(signature.childNodes).find((node) => (node as Partial<Element>).localName === "SignatureValue");
  return value?.textContent ?? null;
}

/**
 * checkSignature finds the loaded signature again in its own parse of the document by its SignatureValue, and
 * refuses a document where two Signature elements carry the same one (findLoadedSignature). These steps hold the
 * very node, so nothing needs guessing; a copy is still a sign of wrapping, and is refused as before.
 */
function refuseCopies(signature: Element): void {
  const value = signatureValueText(signature);
  const copies = Array.from(signature.ownerDocument.getElementsByTagNameNS(XMLDSIG_NS, "Signature")).filter((other) => signatureValueText(other) === value);
  if (copies.length > 1) {
    throw new Error("Cannot validate a document which contains multiple Signature elements with the same SignatureValue, in order to prevent signature wrapping attack.");
  }
}

/**
 * checkSignature's steps before it reads a key: load the signature, canonicalize SignedInfo, read the
 * references back from it and check each digest. Nothing here depends on the key, so one result serves
 * every certificate tried. An error (or a digest that does not match) holds for any key.
 */
function checkReferences(signature: Element): CheckedReferences | { error: string } {
  const steps = new SignedXml() as unknown as CheckSignatureSteps;
  const doc = signature.ownerDocument;
  try {
    refuseCopies(signature);
    steps.loadSignature(signature);
    // loadSignature takes the first SignatureValue text anywhere in the Signature; refuseCopies compared the
    // Signature's own SignatureValue child. Verify only that one, as checkSignature (which found the signature by it) did.
    if (steps.signatureValue !== (signatureValueText(signature) ?? "").replace(/\r?\n/g, "")) {
      throw new Error("the SignatureValue is not the Signature's own SignatureValue child");
    }
    const signedInfo = steps.getCanonSignedInfoXml(doc);
    steps.references = [];
    // (checkSignature refuses a SignedInfo without references; loadSignature already did, and none would
    // fail the one-reference rule below anyway.)
    for (const reference of referenceElements(signedInfo)) steps.loadReference(reference);
    const signedXml: string[] = [];
    for (const reference of steps.references) {
      const canonical = steps.validateReference(reference, doc);
      // Anything but the canonical XML (undefined in 6.3.2) is a failure, whatever a later release returns.
      if (typeof canonical !== "string") return { error: "the digest does not match: the content was changed after signing" };
      signedXml.push(canonical);
    }
    return { signedInfo, signatureValue: steps.signatureValue, algorithm: steps.findSignatureAlgorithm(steps.signatureAlgorithm), references: steps.references, signedXml };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** checkSignature's last step with `certificate` as the key: true, or why not. */
function verifiesWith(checked: CheckedReferences | { error: string }, certificate: string): true | string {
  if ("error" in checked) return checked.error;
  try {
    // As checkSignature: exactly true, never a merely truthy value (a Promise, say).
    if (checked.algorithm.verifySignature(checked.signedInfo, toPem(certificate), checked.signatureValue) === true) return true;
    return `invalid signature: the signature value ${checked.signatureValue} is incorrect`;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Verifies the signature that is a direct child of `element`, in the document `element` was parsed into,
 * with each trusted certificate (base64 DER) in turn. `holder` names where those certificates come from, for the verdict.
 */
export function verifyEnvelopedSignature(element: Element, trustedCertificates: readonly string[], holder = "the IAM provider"): SignatureVerdict {
  const signatures = childElements(element, XMLDSIG_NS, "Signature");
  const what = element.localName;
  if (signatures.length === 0) return { status: "missing", detail: `the ${what} is not signed` };
  if (signatures.length > 1) return { status: "invalid", detail: `the ${what} carries ${signatures.length} signatures; Entra signs it once` };
  const id = element.getAttribute("ID");
  if (!id) return { status: "invalid", detail: `the ${what} has no ID, so its signature cannot refer to it` };
  const signature = signatures[0];
  const checked = checkReferences(signature);
  let lastError = "";
  for (const certificate of trustedCertificates) {
    const outcome = verifiesWith(checked, certificate);
    if (outcome !== true) {
      lastError = outcome;
      continue;
    }
    const { references, signedXml } = checked as CheckedReferences;
    if (references.length !== 1 || references[0].uri !== `#${id}`) {
      return {
        status: "invalid",
        detail: `the ${what}'s signature refers to ${references.map((reference) => reference.uri || '""').join(", ")}, not to the ${what} itself (#${id}): a wrapped or misplaced signature`,
      };
    }
    return { status: "valid", detail: `the ${what} is signed by ${thumbprint(certificate)}`, signedXml: signedXml[0] };
  }
  const embedded = embeddedCertificate(signature);
  // Verify with the embedded certificate only to tell a foreign signer from tampering. (A trusted one
  // was tried above and failed, so it fails here too.)
  // Stryker disable next-line ConditionalExpression: with no certificate toPem throws inside verifiesWith and ends in the same verdict
  if (embedded && verifiesWith(checked, embedded) === true) {
    return { status: "untrusted-certificate", detail: `the ${what} is signed by ${thumbprint(embedded)}, which ${holder} does not hold (it holds ${trustedCertificates.map(thumbprint).join(", ") || "none"})` };
  }
  return { status: "invalid", detail: `the ${what}'s signature does not verify with ${holder}'s certificate: ${lastError}` };
}

function embeddedCertificate(signature: Element): string | undefined {
  const values = signature.getElementsByTagNameNS(XMLDSIG_NS, "X509Certificate");
  const text = values.length > 0 ? (values.item(0)!.textContent ?? "").replace(/\s/g, "") : "";
  return text || undefined;
}

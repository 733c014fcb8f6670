/**
 * Is this SAMLResponse the answer to our own sign-in? The listener cannot verify the IdP's signature (AWS does, with
 * the certificate in IAM), but it can refuse any response that was not issued for the AuthnRequest this CLI's
 * sign-in URL carried, or not addressed to this listener. That is what stops a response captured elsewhere, issued
 * for someone else's request, or made up by a web page from being forwarded as the VPN password.
 *
 * SAML 2.0 Core (https://docs.oasis-open.org/security/saml/v2.0/saml-core-2.0-os.pdf):
 * - 3.2.2 StatusResponseType: `InResponseTo` is the ID of the request the response answers; of `Destination`: "If
 *   it is present, the actual recipient MUST check that the URI reference identifies the location at which the
 *   message was received. If it does not, the response MUST be discarded."
 * - 2.4.1.2 SubjectConfirmationData: `InResponseTo` and `Recipient` bind each bearer confirmation the same way.
 *   When only the assertion is signed, these are the signed copies, so they are checked as well.
 * The Web Browser SSO profile requires `InResponseTo` to match the AuthnRequest's ID (SAML 2.0 Profiles 4.1.4.2,
 * https://docs.oasis-open.org/security/saml/v2.0/saml-profiles-2.0-os.pdf), and a signed message sent with the
 * HTTP-POST binding must carry `Destination` (SAML 2.0 Bindings 3.5.5.2), so a missing one is refused too.
 */
import { ASSERTION_NS, PROTOCOL_NS } from "./saml-namespaces";
import { parseUntrustedXml, UntrustedXmlError } from "../untrusted-xml";
import { quoteUntrusted } from "./untrusted-text";

/** AWS: "The maximum supported size for SAML responses is 128 KB"
 * (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/client-authentication.html#saml-requirements). */
export const MAX_SAML_RESPONSE_BYTES = 128 * 1024;

export interface ExpectedResponse {
  /** The AuthnRequest ID the response must answer (authn-request.ts). */
  requestId: string;
  /** The ACS URL the response must be addressed to, e.g. http://127.0.0.1:35001. */
  destination: string;
}

export type BindingVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Compares two URLs as the same location: scheme, host, port and path, so `http://127.0.0.1:35001` and
 * `http://127.0.0.1:35001/` are one place (WHATWG URL serialization gives both the path "/").
 */
export function sameLocation(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    return x.origin === y.origin && x.pathname === y.pathname && x.search === y.search;
  } catch {
    return false;
  }
}

/** Checks the base64 `SAMLResponse` form value (HTTP-POST binding: base64, not compressed). */
export function checkResponseBinding(samlResponse: string, expected: ExpectedResponse): BindingVerdict {
  const compact = samlResponse.replace(/\s/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return { ok: false, reason: "the SAMLResponse is not base64" };
  const bytes = Buffer.from(compact, "base64");
  if (bytes.length > MAX_SAML_RESPONSE_BYTES) return { ok: false, reason: "the SAMLResponse is larger than AWS's 128 KB limit" };
  let root: Element;
  try {
    root = parseUntrustedXml(bytes.toString("utf8")).documentElement;
  } catch (error) {
    if (error instanceof UntrustedXmlError) return { ok: false, reason: `the SAMLResponse is refused: ${error.message}` };
    throw error;
  }
  if (root.namespaceURI !== PROTOCOL_NS || root.localName !== "Response") {
    return { ok: false, reason: "the SAMLResponse is not a SAML 2.0 Response" };
  }
  const inResponseTo = root.getAttribute("InResponseTo");
  if (inResponseTo !== expected.requestId) {
    return { ok: false, reason: inResponseTo ? "the response answers another sign-in (InResponseTo differs)" : "the response answers no sign-in request (no InResponseTo)" };
  }
  const destination = root.getAttribute("Destination");
  // Stryker disable next-line LogicalOperator: sameLocation of a missing Destination is false too; the first test only picks the message
  if (!destination || !sameLocation(destination, expected.destination)) {
    return { ok: false, reason: `the response is addressed to ${destination ? quoteUntrusted(destination) : "no Destination"}, not ${expected.destination}` };
  }
  const confirmations = Array.from(root.getElementsByTagNameNS(ASSERTION_NS, "SubjectConfirmationData"));
  for (const confirmation of confirmations) {
    const confirmedRequest = confirmation.getAttribute("InResponseTo");
    if (confirmedRequest && confirmedRequest !== expected.requestId) {
      return { ok: false, reason: "the assertion answers another sign-in (SubjectConfirmationData InResponseTo differs)" };
    }
    const recipient = confirmation.getAttribute("Recipient");
    if (recipient && !sameLocation(recipient, expected.destination)) {
      return { ok: false, reason: `the assertion is addressed to ${quoteUntrusted(recipient)}, not ${expected.destination}` };
    }
  }
  return { ok: true };
}

/**
 * Reading the SAML AuthnRequest out of a sign-in URL, to know which request the IdP's response must answer.
 *
 * A sign-in URL that a browser opens carries the request in the HTTP-Redirect binding: the `SAMLRequest` query
 * parameter holds the AuthnRequest XML compressed with raw DEFLATE (RFC 1951, no zlib header) and then base64
 * encoded (SAML 2.0 Bindings, section 3.4.4.1 "DEFLATE Encoding",
 * https://docs.oasis-open.org/security/saml/v2.0/saml-bindings-2.0-os.pdf). The request's `ID` attribute is
 * required (SAML 2.0 Core, 3.2.1 RequestAbstractType), and the IdP copies it into the response's `InResponseTo`.
 * Entra ID accepts AuthnRequests this way
 * (https://learn.microsoft.com/en-us/entra/identity-platform/single-sign-on-saml-protocol#authnrequest).
 */
import { inflateRawSync } from "node:zlib";
import { PROTOCOL_NS } from "./saml-namespaces";
import { parseUntrustedXml, UntrustedXmlError } from "../untrusted-xml";

export class AuthnRequestError extends Error {
  override readonly name = "AuthnRequestError";
}

export interface AuthnRequestFacts {
  id: string;
  /** Where the SP asked the IdP to post the response, when the request says. */
  assertionConsumerServiceUrl?: string;
}

/** An AuthnRequest is a few hundred bytes; the cap stops a compressed bomb. */
const MAX_INFLATED_BYTES = 64 * 1024;

export function readAuthnRequest(signInUrl: URL): AuthnRequestFacts {
  const encoded = signInUrl.searchParams.get("SAMLRequest");
  if (!encoded) {
    throw new AuthnRequestError(
      `the sign-in URL (${signInUrl.origin}${signInUrl.pathname}) carries no SAMLRequest parameter, so the response cannot be tied to this sign-in`,
    );
  }
  const compact = encoded.replace(/\s/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw new AuthnRequestError("the sign-in URL's SAMLRequest is not base64");
  let xml: string;
  try {
    xml = inflateRawSync(Buffer.from(compact, "base64"), { maxOutputLength: MAX_INFLATED_BYTES }).toString("utf8");
  } catch (error) {
    throw new AuthnRequestError(`the sign-in URL's SAMLRequest does not inflate (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let root: Element;
  try {
    root = parseUntrustedXml(xml).documentElement;
  } catch (error) {
    if (error instanceof UntrustedXmlError) throw new AuthnRequestError(`the sign-in URL's SAMLRequest is refused: ${error.message}`);
    throw error;
  }
  if (root.namespaceURI !== PROTOCOL_NS || root.localName !== "AuthnRequest") {
    throw new AuthnRequestError(`the sign-in URL's SAMLRequest holds a ${root.localName}, not a SAML 2.0 AuthnRequest`);
  }
  const id = root.getAttribute("ID");
  if (!id) throw new AuthnRequestError("the sign-in URL's AuthnRequest has no ID");
  const assertionConsumerServiceUrl = root.getAttribute("AssertionConsumerServiceURL") || undefined;
  return { id, assertionConsumerServiceUrl };
}

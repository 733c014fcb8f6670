/**
 * The SP-initiated sign-in request AWS Client VPN sends to the IdP, made here so a sign-in can be proven without AWS.
 *
 * What AWS documents of its request: it is sent "via an HTTP Redirect binding", AWS "does not provide signed
 * authentication requests", its audience (our Issuer) is urn:amazon:webservices:clientvpn and the client's ACS is
 * http://127.0.0.1:35001 (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html,
 * "Requirements and considerations"). Nothing else of its AuthnRequest is documented, so this request carries
 * only what SAML requires and Entra reads (https://learn.microsoft.com/en-us/entra/identity-platform/single-sign-on-saml-protocol#authnrequest):
 * - `ID` (required): Entra copies it into InResponseTo; it "must not begin with a number", so "id" + 32 hex digits,
 *   the form Entra's page gives as an example (id6c1c178c166d486687be4aaf5e482730);
 * - `Version` "2.0" and `IssueInstant` in UTC (required; Entra "doesn't evaluate or use the value");
 * - `AssertionConsumerServiceURL`: "If provided, this parameter must match the RedirectUri of the cloud service";
 * - `Issuer`: "must exactly match one of the ServicePrincipalNames", and Entra sets the response's Audience to it;
 * - `Destination` and `ProtocolBinding` (HTTP-POST, what the listener takes) as SAML 2.0 Core 3.2.1 and 3.4.1
 *   describe them; Entra ignores both.
 * No NameIDPolicy: Entra "honors the format in the request" when one is sent
 * (https://learn.microsoft.com/en-us/entra/identity-platform/saml-claims-customization), which would hide the NameID
 * format the application emits by itself; without one the response shows exactly that. No Subject: Entra refuses it.
 *
 * HTTP-Redirect binding (SAML 2.0 Bindings 3.4.4.1, https://docs.oasis-open.org/security/saml/v2.0/saml-bindings-2.0-os.pdf):
 * the XML is compressed with DEFLATE (RFC 1951, no zlib header), base64-encoded and URL-encoded into the
 * `SAMLRequest` query parameter. cli/shared/saml-sign-in/authn-request.ts reads it back the same way.
 */
import { randomBytes } from "node:crypto";
import { deflateRawSync } from "node:zlib";
import { create } from "xmlbuilder2";
import { clientVpnIdentifierUri } from "../../components/config";
import { HTTP_POST_BINDING } from "../../components/saml-metadata";
import { ASSERTION_NS, PROTOCOL_NS } from "../shared/saml-sign-in/saml-namespaces";

export interface AuthnRequestInput {
  id: string;
  issueInstant: Date;
  /** The IdP's HTTP-Redirect SingleSignOnService (from the metadata AWS holds). */
  ssoUrl: string;
  /** Where the IdP must post the response: the listener, http://127.0.0.1:35001 for real. */
  acsUrl: string;
}

/** A request ID that is an NCName and unguessable: a web page cannot forge a response bound to it. */
export function newRequestId(random: Buffer = randomBytes(16)): string {
  return `id${random.toString("hex")}`;
}

export function buildAuthnRequestXml(input: AuthnRequestInput): string {
  return create()
    .ele(PROTOCOL_NS, "samlp:AuthnRequest", {
      ID: input.id,
      Version: "2.0",
      IssueInstant: input.issueInstant.toISOString(),
      Destination: input.ssoUrl,
      AssertionConsumerServiceURL: input.acsUrl,
      ProtocolBinding: HTTP_POST_BINDING,
    })
    .ele(ASSERTION_NS, "saml:Issuer")
    .txt(clientVpnIdentifierUri)
    .doc()
    .end({ headless: true });
}

/** The URL the browser opens: the SSO URL with the request in `SAMLRequest` (HTTP-Redirect binding). */
export function redirectBindingUrl(ssoUrl: string, requestXml: string): URL {
  const url = new URL(ssoUrl);
  url.searchParams.set("SAMLRequest", deflateRawSync(Buffer.from(requestXml, "utf8")).toString("base64"));
  return url;
}

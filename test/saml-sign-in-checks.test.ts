import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { AuthnRequestError, readAuthnRequest } from "../cli/shared/saml-sign-in/authn-request";
import { checkPostOrigin } from "../cli/shared/saml-sign-in/post-origin";
import { checkResponseBinding, sameLocation } from "../cli/shared/saml-sign-in/response-binding";
import { quoteUntrusted } from "../cli/shared/saml-sign-in/untrusted-text";
import { parseUntrustedXml, UntrustedXmlError } from "../cli/shared/untrusted-xml";
import { SamlTestIdp } from "./support/saml-test-idp";

const PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
const REQUEST_ID = "_8f1c0b7e-5d0c-4a55-9c0a-3b7d2e6f9a11";
const ACS = "http://127.0.0.1:35001";

/** A sign-in URL as the HTTP-Redirect binding builds it: raw DEFLATE, base64, URL-encoded. */
function signInUrl(xml: string): URL {
  const url = new URL("https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2");
  url.searchParams.set("SAMLRequest", deflateRawSync(Buffer.from(xml)).toString("base64"));
  url.searchParams.set("RelayState", "urn:x:y");
  return url;
}

const AUTHN_REQUEST = `<samlp:AuthnRequest xmlns:samlp="${PROTOCOL}" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${REQUEST_ID}" Version="2.0" IssueInstant="2026-11-29T10:00:00Z" AssertionConsumerServiceURL="${ACS}"><saml:Issuer>urn:amazon:webservices:clientvpn</saml:Issuer></samlp:AuthnRequest>`;

describe("readAuthnRequest", () => {
  it("reads the request ID and the ACS URL from a DEFLATE+base64 SAMLRequest", () => {
    expect(readAuthnRequest(signInUrl(AUTHN_REQUEST))).toEqual({ id: REQUEST_ID, assertionConsumerServiceUrl: ACS });
  });

  it.each([
    ["no SAMLRequest", new URL("https://login.microsoftonline.com/t/saml2?RelayState=x"), /carries no SAMLRequest parameter/],
    ["a SAMLRequest that is not base64", new URL("https://idp.example/saml2?SAMLRequest=%25%25"), /is not base64/],
    ["a SAMLRequest that is not DEFLATE", new URL(`https://idp.example/saml2?SAMLRequest=${Buffer.from("plain").toString("base64")}`), /does not inflate/],
    ["a request with a DTD", signInUrl(`<!DOCTYPE x [<!ENTITY a "b">]>${AUTHN_REQUEST}`), /document type declaration/],
    ["another kind of message", signInUrl(`<samlp:LogoutRequest xmlns:samlp="${PROTOCOL}" ID="_1"/>`), /holds a LogoutRequest/],
    ["a request without ID", signInUrl(`<samlp:AuthnRequest xmlns:samlp="${PROTOCOL}"/>`), /has no ID/],
    ["a SAMLRequest with a character before its base64", new URL(`https://idp.example/saml2?SAMLRequest=${encodeURIComponent(`!${deflateRawSync(Buffer.from(AUTHN_REQUEST)).toString("base64")}`)}`), /is not base64/],
    ["a SAMLRequest with a character after its base64", new URL(`https://idp.example/saml2?SAMLRequest=${encodeURIComponent(`${deflateRawSync(Buffer.from(AUTHN_REQUEST)).toString("base64")}!`)}`), /is not base64/],
    ["an AuthnRequest of another namespace", signInUrl(`<x:AuthnRequest xmlns:x="urn:example:not-saml" ID="_1"/>`), /holds a AuthnRequest, not a SAML 2\.0 AuthnRequest$/],
    ["a compressed bomb", signInUrl(`<samlp:AuthnRequest xmlns:samlp="${PROTOCOL}" ID="_1">${" ".repeat(200_000)}</samlp:AuthnRequest>`), /does not inflate/],
  ])("refuses %s", (_name, url, message) => {
    expect(() => readAuthnRequest(url)).toThrow(AuthnRequestError);
    expect(() => readAuthnRequest(url)).toThrow(message);
  });
});

describe("checkPostOrigin", () => {
  const IDP = "https://login.microsoftonline.com";
  it.each([
    ["the IdP's origin", IDP, { ok: true, sent: "idp-origin" }],
    // Fetch: an https page posting to http:// sends `null` under the default referrer policy.
    ["null, sent on an https-to-http POST", "null", { ok: true, sent: "null" }],
  ])("accepts %s", (_name, header, verdict) => {
    expect(checkPostOrigin(header, IDP)).toEqual(verdict);
  });

  it.each([
    ["another site", "https://evil.example", /came from "https:\/\/evil.example", not from the identity provider/],
    ["the IdP's origin over http", "http://login.microsoftonline.com", /not from the identity provider/],
    ["a look-alike host", "https://login.microsoftonline.com.evil.example", /not from the identity provider/],
    ["no header at all", undefined, /no Origin header/],
  ])("refuses %s", (_name, header, reason) => {
    const verdict = checkPostOrigin(header, IDP);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(reason);
  });
});

describe("checkResponseBinding", () => {
  const idp = new SamlTestIdp();
  const response = (options: { inResponseTo?: string; destination?: string; recipient?: string } = {}) =>
    idp.buildPostBinding({
      issuer: "https://sts.windows.net/00000000-0000-0000-0000-000000000000/",
      audience: "urn:amazon:webservices:clientvpn",
      recipient: options.recipient ?? ACS,
      destination: options.destination,
      inResponseTo: "inResponseTo" in options ? options.inResponseTo : REQUEST_ID,
      nameId: "ada@example.com",
    });
  const expected = { requestId: REQUEST_ID, destination: ACS };

  it("accepts an Entra-shaped response to this request, addressed to this listener", () => {
    expect(checkResponseBinding(response(), expected)).toEqual({ ok: true });
  });

  it("accepts the ACS URL written with a trailing slash", () => {
    expect(checkResponseBinding(response({ destination: `${ACS}/`, recipient: `${ACS}/` }), expected)).toEqual({ ok: true });
  });

  const forged = (xml: string) => Buffer.from(xml).toString("base64");
  it.each([
    ["a response to another request", response({ inResponseTo: "_another" }), /answers another sign-in \(InResponseTo differs\)/],
    ["an unsolicited (IdP-initiated) response", response({ inResponseTo: undefined }), /answers no sign-in request/],
    ["a response for another ACS", response({ destination: "http://127.0.0.1:35002", recipient: "http://127.0.0.1:35002" }), /addressed to "http:\/\/127.0.0.1:35002"/],
    ["a response whose assertion is for another ACS", response({ destination: ACS, recipient: "https://self-service.clientvpn.amazonaws.com/api/auth/sso/saml" }), /assertion is addressed to/],
    [
      "a response whose assertion answers another request",
      forged(`<p:Response xmlns:p="${PROTOCOL}" InResponseTo="${REQUEST_ID}" Destination="${ACS}"><a:SubjectConfirmationData xmlns:a="urn:oasis:names:tc:SAML:2.0:assertion" InResponseTo="_other"/></p:Response>`),
      /assertion answers another sign-in/,
    ],
    ["a response without Destination", forged(`<p:Response xmlns:p="${PROTOCOL}" InResponseTo="${REQUEST_ID}"/>`), /addressed to no Destination/],
    ["something that is not base64", "<xml/>", /not base64/],
    ["XML that is not a SAML Response", forged(`<Response InResponseTo="${REQUEST_ID}" Destination="${ACS}"/>`), /not a SAML 2.0 Response/],
    ["a response with a DTD", forged(`<!DOCTYPE p:Response [<!ENTITY x SYSTEM "file:///etc/shadow">]><p:Response xmlns:p="${PROTOCOL}"/>`), /document type declaration/],
    ["a Response of another kind", forged(`<p:LogoutResponse xmlns:p="${PROTOCOL}" InResponseTo="${REQUEST_ID}" Destination="${ACS}"/>`), /not a SAML 2.0 Response/],
    ["base64 with a character before it", `!${response()}`, /not base64/],
    ["base64 with a character after it", `${response()}!`, /not base64/],
    ["a response over 128 KB", forged(`<p:Response xmlns:p="${PROTOCOL}">${"x".repeat(128 * 1024)}</p:Response>`), /larger than AWS's 128 KB/],
    ["broken XML", forged("<p:Response"), /not well-formed XML/],
  ])("refuses %s", (_name, samlResponse, reason) => {
    const verdict = checkResponseBinding(samlResponse, expected);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(reason);
  });

  it("reads the inflate failure's code into the message", () => {
    const url = new URL(`https://idp.example/saml2?SAMLRequest=${Buffer.from("plain").toString("base64")}`);
    expect(() => readAuthnRequest(url)).toThrow("the sign-in URL's SAMLRequest does not inflate (Z_DATA_ERROR)");
  });

  it("checks a response of exactly 128 KB on its merits, not its size", () => {
    const open = `<p:Response xmlns:p="${PROTOCOL}">`;
    const close = "</p:Response>";
    const xml = `${open}${"x".repeat(128 * 1024 - open.length - close.length)}${close}`;
    expect(Buffer.byteLength(xml)).toBe(128 * 1024);
    expect(checkResponseBinding(forged(xml), expected)).toEqual({ ok: false, reason: "the response answers no sign-in request (no InResponseTo)" });
  });

  it.each([
    [ACS, `${ACS}/`, true],
    [ACS, "http://localhost:35001", false],
    [ACS, "https://127.0.0.1:35001", false],
    [ACS, `${ACS}/other`, false],
    [ACS, "not a url", false],
    [ACS, `${ACS}/?next=1`, false],
  ])("%s and %s are the same location: %s", (a, b, same) => {
    expect(sameLocation(a, b)).toBe(same);
  });
});

describe("parseUntrustedXml", () => {
  it.each([
    ["an internal entity (billion laughs)", '<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><r>&b;</r>'],
    ["an external entity (XXE)", '<!DOCTYPE r SYSTEM "file:///etc/passwd"><r/>'],
    ["a lower-case doctype", "<!doctype r><r/>"],
    ["an undeclared entity", "<r>&xxe;</r>"],
    ["no root element", "   "],
  ])("refuses %s", (_name, xml) => {
    expect(() => parseUntrustedXml(xml)).toThrow(UntrustedXmlError);
  });

  it("parses plain XML with namespaces", () => {
    expect(parseUntrustedXml(`<p:Response xmlns:p="${PROTOCOL}"/>`).documentElement.namespaceURI).toBe(PROTOCOL);
  });
});

describe("quoteUntrusted", () => {
  it.each([
    ["plain text", "https://evil.example", '"https://evil.example"'],
    ["a terminal escape (ESC)", "\u001b[2Jgone", '"?[2Jgone"'],
    ["a C1 control sequence introducer", "\u009b2J", '"?2J"'],
    ["quotes and backslashes", 'a"b\\c', '"a?b?c"'],
    ["a long value", "x".repeat(200), `"${"x".repeat(120)}…"`],
  ])("prints %s safely", (_name, value, printed) => {
    expect(quoteUntrusted(value)).toBe(printed);
  });
});

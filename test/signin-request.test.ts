import { inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildAuthnRequestXml, newRequestId, redirectBindingUrl } from "../cli/signin/aws-authn-request";
import { readAuthnRequest } from "../cli/shared/saml-sign-in/authn-request";
import { parseUntrustedXml } from "../cli/shared/untrusted-xml";
import { validateSamlProtocolMessage } from "./support/saml-protocol-schema";

const ssoUrl = "https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555/saml2";
const input = { id: newRequestId(), issueInstant: new Date("2026-11-21T12:00:00.123Z"), ssoUrl, acsUrl: "http://127.0.0.1:35001" };
const xml = buildAuthnRequestXml(input);

const validateRequest = (document: string) => validateSamlProtocolMessage(document, "request.xml");

describe("the AuthnRequest the sign-in check sends as AWS would", () => {
  it("is a schema-valid SAML 2.0 AuthnRequest", async () => {
    const result = await validateRequest(xml);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("is checked by a schema that refuses a broken request", async () => {
    expect((await validateRequest(xml.replace('Version="2.0" ', ""))).valid).toBe(false);
  });

  it("asks for the ACS and identifier AWS uses, and nothing Entra would refuse or honour over the app's own settings", () => {
    const root = parseUntrustedXml(xml).documentElement;
    expect(Object.fromEntries(Array.from(root.attributes, (attribute) => [attribute.name, attribute.value]))).toEqual({
      "xmlns:samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
      ID: input.id,
      Version: "2.0",
      IssueInstant: "2026-11-21T12:00:00.123Z",
      Destination: ssoUrl,
      AssertionConsumerServiceURL: "http://127.0.0.1:35001",
      ProtocolBinding: "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
    });
    const children = Array.from(root.childNodes).filter((node) => node.nodeType === 1) as Element[];
    expect(children.map((child) => [child.namespaceURI, child.localName, child.textContent])).toEqual([
      ["urn:oasis:names:tc:SAML:2.0:assertion", "Issuer", "urn:amazon:webservices:clientvpn"],
    ]);
  });

  it("gets a new ID each time, an NCName that does not begin with a digit, as Entra requires", () => {
    const ids = Array.from({ length: 50 }, () => newRequestId());
    expect(new Set(ids).size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^id[0-9a-f]{32}$/);
  });
});

describe("the HTTP-Redirect binding", () => {
  const url = redirectBindingUrl(ssoUrl, xml);

  it("sends the request to the SSO URL, deflated, base64 and URL-encoded in SAMLRequest", () => {
    expect(`${url.origin}${url.pathname}`).toBe(ssoUrl);
    const encoded = /[?&]SAMLRequest=([^&]*)/.exec(url.href)![1];
    expect(encoded).toMatch(/^[A-Za-z0-9%]+$/);
    expect(inflateRawSync(Buffer.from(decodeURIComponent(encoded), "base64")).toString("utf8")).toBe(xml);
  });

  it("is read back by the listener's reader with the request's ID and ACS", () => {
    expect(readAuthnRequest(url)).toEqual({ id: input.id, assertionConsumerServiceUrl: "http://127.0.0.1:35001" });
  });
});

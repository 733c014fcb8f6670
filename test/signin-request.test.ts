import { inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildAuthnRequestXml, newRequestId, redirectBindingUrl } from "../cli/signin/aws-authn-request";
import { readAuthnRequest } from "../cli/shared/saml-sign-in/authn-request";
import { parseUntrustedXml } from "../cli/shared/untrusted-xml";
import { validateSamlProtocolMessages } from "./support/saml-protocol-schema";

const ssoUrl = "https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555/saml2";
const input = { id: newRequestId(), issueInstant: new Date("2026-11-21T12:00:00.123Z"), ssoUrl, acsUrl: "http://127.0.0.1:35001" };
const xml = buildAuthnRequestXml(input);

// The request and a broken copy in one run of the schema validator, which costs a worker thread and a compile.
let validation: ReturnType<typeof validateSamlProtocolMessages> | undefined;
const validated = () =>
  (validation ??= validateSamlProtocolMessages([
    { fileName: "request.xml", contents: xml },
    { fileName: "broken.xml", contents: xml.replace('Version="2.0" ', "") },
  ]));
const errorsIn = async (fileName: string) => (await validated()).errors.filter((error) => error.loc?.fileName === fileName);

describe("the AuthnRequest the sign-in check sends as AWS would", () => {
  it("is a schema-valid SAML 2.0 AuthnRequest", async () => {
    expect(await errorsIn("request.xml")).toEqual([]);
    expect((await validated()).rawOutput).toMatch(/^request\.xml validates$/m);
  });

  it("is checked by a schema that refuses a broken request", async () => {
    expect(await errorsIn("broken.xml")).not.toEqual([]);
    expect((await validated()).rawOutput).toMatch(/^broken\.xml fails to validate$/m);
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

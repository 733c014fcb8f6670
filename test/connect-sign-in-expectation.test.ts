import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { AuthnRequestError } from "../cli/shared/saml-sign-in/authn-request";
import { expectSignIn } from "../cli/connect/sign-in-expectation";

const PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";

function signInUrl(attributes: string): URL {
  const request = `<samlp:AuthnRequest xmlns:samlp="${PROTOCOL}" ID="_req-1" ${attributes}/>`;
  const url = new URL("https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2");
  url.searchParams.set("SAMLRequest", deflateRawSync(Buffer.from(request)).toString("base64"));
  return url;
}

describe("what the listener accepts for a challenge", () => {
  it("the IdP page's origin, the AuthnRequest's ID and this listener's URL", () => {
    expect(expectSignIn(signInUrl('AssertionConsumerServiceURL="http://127.0.0.1:35001"'), "http://127.0.0.1:35001")).toEqual({
      expected: { idpOrigin: "https://login.microsoftonline.com", requestId: "_req-1", destination: "http://127.0.0.1:35001" },
    });
  });

  it("warns when the endpoint asked the IdP to post elsewhere than where this CLI listens", () => {
    const { warning } = expectSignIn(signInUrl('AssertionConsumerServiceURL="http://127.0.0.1:35001"'), "http://127.0.0.1:40000");
    expect(warning).toBe(
      "the endpoint asked the identity provider to post the sign-in to http://127.0.0.1:35001, but this CLI listens on http://127.0.0.1:40000; the sign-in will not arrive unless they match (see --saml-port).",
    );
  });

  it("refuses a sign-in URL without an AuthnRequest, since no response could be tied to it", () => {
    expect(() => expectSignIn(new URL("https://login.microsoftonline.com/t/saml2?RelayState=x"), "http://127.0.0.1:35001")).toThrow(AuthnRequestError);
  });
});

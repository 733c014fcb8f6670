/**
 * What the listener must accept for one challenge: a POST from the IdP whose sign-in page the endpoint sent us to,
 * carrying a response to the AuthnRequest in that page's URL, addressed to this listener.
 */
import { readAuthnRequest } from "../shared/saml-sign-in/authn-request";
import type { ExpectedSignIn } from "../shared/saml-sign-in/acs-listener";
import { sameLocation } from "../shared/saml-sign-in/response-binding";

export interface SignInExpectation {
  expected: ExpectedSignIn;
  /** Something the user should know before signing in. */
  warning?: string;
}

/** Throws AuthnRequestError when the sign-in URL carries no AuthnRequest to bind the response to. */
export function expectSignIn(signInUrl: URL, listenerUrl: string): SignInExpectation {
  const request = readAuthnRequest(signInUrl);
  const expected = { idpOrigin: signInUrl.origin, requestId: request.id, destination: listenerUrl };
  const asked = request.assertionConsumerServiceUrl;
  if (asked && !sameLocation(asked, listenerUrl)) {
    return {
      expected,
      warning: `the endpoint asked the identity provider to post the sign-in to ${asked}, but this CLI listens on ${listenerUrl}; the sign-in will not arrive unless they match (see --saml-port).`,
    };
  }
  return { expected };
}

/**
 * The `Origin` header of the browser's POST to the listener: which page sent it.
 *
 * What a real browser sends. Entra ends the sign-in with a page on https://login.microsoftonline.com whose form
 * auto-submits to the ACS URL http://127.0.0.1:35001. The Fetch standard's "append a request `Origin` header"
 * (https://fetch.spec.whatwg.org/#append-a-request-origin-header) adds `Origin` to every request whose method is
 * neither GET nor HEAD, so a form POST always carries one; but under the referrer policies `no-referrer`,
 * `no-referrer-when-downgrade`, `strict-origin` and `strict-origin-when-cross-origin` (the browsers' default), a
 * POST from an https page to a URL whose scheme is not https carries `Origin: null` instead of the page's origin.
 * The rule tests the scheme, not whether 127.0.0.1 is a secure context. So the IdP's real sign-in arrives with
 * either the IdP's origin (under a policy such as `origin` or `unsafe-url`) or `null` (the default), and which one
 * depends on the Referrer-Policy of Entra's page, which we could not observe here.
 *
 * Therefore both are accepted, deliberately, and anything else is refused: another site's origin, and a missing
 * header (a browser always sends one on a POST, so its absence means the request did not come from a browser
 * page). `null` is also what a sandboxed frame or a data: URL sends, so it proves nothing by itself; what keeps a
 * cross-site POST out is the binding check (response-binding.ts): the response must answer this sign-in's
 * AuthnRequest ID, which a web page cannot know. The listener reports which form arrived, so the first real
 * sign-in shows which of the two Entra's page produces.
 */
import { quoteUntrusted } from "./untrusted-text";

export type OriginVerdict = { ok: true; sent: "idp-origin" | "null" } | { ok: false; reason: string };

export function checkPostOrigin(header: string | undefined, idpOrigin: string): OriginVerdict {
  if (header === undefined) return { ok: false, reason: "the POST has no Origin header; a browser always sends one on a form POST" };
  if (header === "null") return { ok: true, sent: "null" };
  if (header === idpOrigin) return { ok: true, sent: "idp-origin" };
  return { ok: false, reason: `the POST came from ${quoteUntrusted(header)}, not from the identity provider (${idpOrigin})` };
}

/**
 * A local identity provider that behaves like Entra ID's SAML endpoint for one tenant and one application, for the
 * sign-in check's end-to-end test with a real browser.
 *
 * Requests, as Entra documents them (https://learn.microsoft.com/en-us/entra/identity-platform/single-sign-on-saml-protocol):
 * GET https://<login host>/<tenant>/saml2 with the AuthnRequest in `SAMLRequest` (HTTP-Redirect binding: raw
 * DEFLATE, base64, URL-encoded). It is refused, on an error page and with nothing posted, when:
 * - there is no SAMLRequest, or it does not decode into a protocol AuthnRequest (AADSTS750054, AADSTS75005);
 * - `Version` is not 2.0, `IssueInstant` is missing, or `ID` is missing or not an NCName ("ID must not begin with
 *   a number"; a digit-first ID gets "The request is not a valid Saml2 protocol message", dexidp/dex#985);
 * - `Destination` names another endpoint (AADSTS75008, "the SAML request had an unexpected destination");
 * - the Issuer is not one of the application's identifiers (AADSTS700016);
 * - `AssertionConsumerServiceURL` is not one of its reply URLs, compared exactly (AADSTS50011);
 * - it carries a Subject ("will return an error if one is provided"), a NameIDPolicy Format outside the four
 *   Entra lists, or a RequestedAuthnContext whose Comparison is not `exact` (AADSTS75006 with AADSTS90011).
 * Codes and names: https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes.
 *
 * A valid request is redirected (302) to a sign-in page on the same origin, which returns Entra's auto-posting form
 * ("Working...", a form that submits itself on load) to the request's ACS URL, or the first reply URL when the
 * request names none. The response answers the request: InResponseTo is its ID, Destination and Recipient its ACS
 * URL, and Audience its Issuer ("Microsoft Entra ID sets the value of this element to the value of Issuer element of
 * the AuthnRequest"); the Issuer is https://sts.windows.net/<tenant>/. It is signed like Entra with "Sign SAML
 * response and assertion" (SamlTestIdp: RSA-SHA256, exclusive C14N), unless the account says otherwise.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inflateRawSync } from "node:zlib";
import { DOMParser } from "@xmldom/xmldom";
import { SamlTestIdp } from "./saml-test-idp";

const PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
const ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
const EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
/** The NameIDPolicy formats Entra accepts; "any other value results in an error". */
const NAME_ID_FORMATS = [
  "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
  EMAIL_FORMAT,
  "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
  "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
];
const NCNAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

/** Who signs in next, and how the application is set up to answer. */
export interface TestAccount {
  nameId: string;
  /** SAML attributes by name, as the application's claims emit them. */
  attributes: Record<string, string | readonly string[]>;
  /** Default true for both, as "Sign SAML response and assertion". */
  signResponse?: boolean;
  signAssertion?: boolean;
  /** Who signs; default the IdP's own certificate. */
  signer?: SamlTestIdp;
}

export interface EntraLikeIdpOptions {
  tenantId: string;
  /** The application's identifier URIs (service principal names). */
  identifierUris: readonly string[];
  /** The application's reply URLs, compared exactly. */
  replyUrls: readonly string[];
  signer?: SamlTestIdp;
}

export interface RequestLogEntry {
  outcome: "accepted" | "refused";
  /** The AADSTS code of a refusal. */
  code?: string;
  requestId?: string;
}

export interface EntraLikeIdp {
  origin: string;
  /** Where it takes HTTP-Redirect sign-in requests: <origin>/<tenant>/saml2. */
  ssoUrl: string;
  signer: SamlTestIdp;
  signInAs(account: TestAccount): void;
  /** Every sign-in request so far, in order. */
  requests: RequestLogEntry[];
  close(): Promise<void>;
}

class RequestRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

interface ParsedRequest {
  id: string;
  issuer: string;
  acsUrl: string;
  nameIdFormat?: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function elementChildren(parent: Element): Element[] {
  return Array.from(parent.childNodes).filter((node): node is Element => node.nodeType === 1);
}

function parseRequest(url: URL, options: EntraLikeIdpOptions, ssoUrl: string): ParsedRequest {
  const encoded = url.searchParams.get("SAMLRequest");
  if (!encoded) throw new RequestRefused("AADSTS750054", "SAMLRequest or SAMLResponse must be present as query string parameters in HTTP request for SAML Redirect binding.");
  let xml: string;
  try {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new Error("not base64");
    xml = inflateRawSync(Buffer.from(encoded, "base64")).toString("utf8");
  } catch {
    throw new RequestRefused("AADSTS75005", "The request is not a valid Saml2 protocol message.");
  }
  const errors: string[] = [];
  const document = new DOMParser({ errorHandler: { warning: () => undefined, error: (m) => void errors.push(m), fatalError: (m) => void errors.push(m) } }).parseFromString(xml, "text/xml");
  const root = document.documentElement as unknown as Element | null;
  if (errors.length > 0 || !root || root.namespaceURI !== PROTOCOL_NS || root.localName !== "AuthnRequest" || /<!DOCTYPE/i.test(xml)) {
    throw new RequestRefused("AADSTS75005", "The request is not a valid Saml2 protocol message.");
  }
  const id = root.getAttribute("ID") ?? "";
  if (!NCNAME.test(id) || root.getAttribute("Version") !== "2.0" || !root.getAttribute("IssueInstant")) {
    throw new RequestRefused("AADSTS75005", "The request is not a valid Saml2 protocol message.");
  }
  const destination = root.getAttribute("Destination");
  if (destination && destination !== ssoUrl) throw new RequestRefused("AADSTS75008", "The request from the app was denied since the SAML request had an unexpected destination.");
  const children = elementChildren(root);
  const issuer = (children.find((child) => child.namespaceURI === ASSERTION_NS && child.localName === "Issuer")?.textContent ?? "").trim();
  if (!options.identifierUris.includes(issuer)) {
    throw new RequestRefused("AADSTS700016", `Application with identifier '${issuer}' was not found in the directory '${options.tenantId}'.`);
  }
  const acsUrl = root.getAttribute("AssertionConsumerServiceURL") || options.replyUrls[0];
  if (!options.replyUrls.includes(acsUrl)) {
    throw new RequestRefused("AADSTS50011", `The redirect URI '${acsUrl}' specified in the request does not match the redirect URIs configured for the application.`);
  }
  const unsupported = (property: string) => new RequestRefused("AADSTS75006", `An error occurred while processing a SAML2 Authentication request. AADSTS90011: The SAML authentication request property '${property}' is not supported.`);
  if (children.some((child) => child.namespaceURI === ASSERTION_NS && child.localName === "Subject")) throw unsupported("Subject");
  const policy = children.find((child) => child.namespaceURI === PROTOCOL_NS && child.localName === "NameIDPolicy");
  const nameIdFormat = policy?.getAttribute("Format") || undefined;
  if (nameIdFormat && !NAME_ID_FORMATS.includes(nameIdFormat)) throw unsupported("NameIdentifierPolicy/Format");
  const context = children.find((child) => child.namespaceURI === PROTOCOL_NS && child.localName === "RequestedAuthnContext");
  if (context && context.getAttribute("Comparison") !== "exact") throw unsupported("RequestedAuthnContext/Comparison");
  return { id, issuer, acsUrl, nameIdFormat };
}

/** Entra's "Working..." page: a form that posts the response to the ACS URL as soon as it loads. */
function autoPostPage(acsUrl: string, samlResponse: string): string {
  return (
    `<!doctype html><html><head><title>Working...</title></head><body onload="document.forms[0].submit()">` +
    `<form method="POST" name="hiddenform" action="${escapeHtml(acsUrl)}">` +
    `<input type="hidden" name="SAMLResponse" value="${escapeHtml(samlResponse)}"/>` +
    `<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit"/></noscript>` +
    `</form></body></html>`
  );
}

export async function startEntraLikeIdp(options: EntraLikeIdpOptions): Promise<EntraLikeIdp> {
  const signer = options.signer ?? new SamlTestIdp();
  const requests: RequestLogEntry[] = [];
  const pending = new Map<string, { acsUrl: string; samlResponse: string }>();
  let account: TestAccount | undefined;
  let origin = "";
  let ssoUrl = "";

  const page = (res: ServerResponse, status: number, html: string) => {
    res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(html);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", origin);
    if (req.method !== "GET") return page(res, 405, "<p>Method not allowed</p>");
    if (url.pathname === `/${options.tenantId}/saml2`) {
      let request: ParsedRequest;
      try {
        request = parseRequest(url, options, ssoUrl);
      } catch (error) {
        if (!(error instanceof RequestRefused)) throw error;
        requests.push({ outcome: "refused", code: error.code });
        return page(res, 400, `<h1>Sorry, but we're having trouble signing you in.</h1><p>${escapeHtml(error.message)}</p>`);
      }
      if (!account) throw new Error("the test IdP was not told who signs in (signInAs)");
      const signWith = account.signer ?? signer;
      const samlResponse = signWith.buildPostBinding({
        issuer: `https://sts.windows.net/${options.tenantId}/`,
        audience: request.issuer,
        recipient: request.acsUrl,
        destination: request.acsUrl,
        inResponseTo: request.id,
        nameId: account.nameId,
        nameIdFormat: request.nameIdFormat ?? EMAIL_FORMAT,
        attributes: account.attributes,
        signResponse: account.signResponse ?? true,
        signAssertion: account.signAssertion ?? true,
      });
      const session = randomUUID();
      pending.set(session, { acsUrl: request.acsUrl, samlResponse });
      requests.push({ outcome: "accepted", requestId: request.id });
      res.writeHead(302, { location: `/${options.tenantId}/login?session=${session}`, "cache-control": "no-store" });
      return res.end();
    }
    if (url.pathname === `/${options.tenantId}/login`) {
      const signIn = pending.get(url.searchParams.get("session") ?? "");
      if (!signIn) return page(res, 400, "<p>This sign-in session is unknown or was already used.</p>");
      pending.delete(url.searchParams.get("session")!);
      return page(res, 200, autoPostPage(signIn.acsUrl, signIn.samlResponse));
    }
    return page(res, 404, "<p>Not found</p>");
  };

  const server: Server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      page(res, 500, `<p>${escapeHtml((error as Error).message)}</p>`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ssoUrl = `${origin}/${options.tenantId}/saml2`;
  return {
    origin,
    ssoUrl,
    signer,
    signInAs: (next) => void (account = next),
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

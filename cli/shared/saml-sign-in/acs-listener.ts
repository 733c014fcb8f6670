/**
 * The local Assertion Consumer Service: the HTTP endpoint on 127.0.0.1 that catches the browser's SAML POST.
 *
 * AWS fixes the ACS URL at http://127.0.0.1:35001 and notes that "the AWS provided client reserves TCP port 35001"
 * (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/client-authentication.html#saml-requirements), so the IdP
 * posts nowhere else; the port is a parameter so tests run side by side. Nothing here depends on OpenVPN: `npm run
 * connect` arms it with the AuthnRequest from the endpoint's challenge, and a sign-in check can arm it with its own.
 *
 * Anyone can reach a loopback port: every local user, and every web page the user has open (a form auto-submitted
 * by any page is a "simple" request, sent without a CORS preflight). So a POST is accepted only when all of this
 * holds, and every other POST is answered with the reason and leaves the sign-in waiting (it does not use it up):
 * - a sign-in is awaited right now (`awaitSignIn`), so an early or late POST is turned away;
 * - the Host header names this listener (a page that rebinds its own DNS name to 127.0.0.1 sends its own name);
 * - `Origin` is the IdP's origin or `null` (post-origin.ts explains both);
 * - the body is a form of at most `maxBodyBytes` with a SAMLResponse field;
 * - the response answers this sign-in's AuthnRequest and is addressed to this listener (response-binding.ts).
 * The first POST that passes wins; a second one, even a valid one, is told a sign-in was already received.
 *
 * Slow clients cannot hold anything: headers must arrive within `headersTimeoutMs` and the whole request within
 * `requestTimeoutMs` (Node's http server options; its defaults are 60 s and 300 s, checked every 30 s:
 * https://nodejs.org/api/http.html#httpcreateserveroptions-requestlistener), and no POST reserves the sign-in while
 * its body is still arriving.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkPostOrigin } from "./post-origin";
import { checkResponseBinding, MAX_SAML_RESPONSE_BYTES, type ExpectedResponse } from "./response-binding";

export const DEFAULT_ACS_PORT = 35001;
const LISTEN_HOST = "127.0.0.1";

export class ListenerError extends Error {
  override readonly name = "ListenerError";
}

export class SignInTimeoutError extends Error {
  override readonly name = "SignInTimeoutError";
}

export class SignInCancelledError extends Error {
  override readonly name = "SignInCancelledError";
}

export interface ExpectedSignIn extends ExpectedResponse {
  /** The origin of the IdP's sign-in page, e.g. https://login.microsoftonline.com. */
  idpOrigin: string;
}

export interface AcceptedSignIn {
  /** The SAMLResponse form field exactly as posted (base64). */
  samlResponse: string;
  /** Which form of Origin the browser sent (post-origin.ts). */
  origin: "idp-origin" | "null";
}

export interface AcsListenerOptions {
  port?: number;
  /** A form body this size holds AWS's largest SAML response (128 KB) as base64 and form-encoded, with room for
   * RelayState; the forwarded password must still fit the patched OpenVPN's 128 KiB, which the session checks. */
  maxBodyBytes?: number;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Told why a POST was turned away (without secrets), so the user can see what reached the listener. */
  onRefused?: (reason: string) => void;
}

export interface AcsListener {
  port: number;
  /** The URL the IdP must post to: the expected Destination. */
  url: string;
  /** Accepts one sign-in; rejects with SignInTimeoutError after `timeoutMs`, or SignInCancelledError on cancel(). */
  awaitSignIn(expected: ExpectedSignIn, options?: { timeoutMs?: number }): Promise<AcceptedSignIn>;
  /** Stops waiting for the current sign-in, if any. */
  cancel(): void;
  close(): Promise<void>;
}

const PAGE_OK = `<!doctype html><meta charset="utf-8"><title>Signed in</title>
<p>Sign-in received. You can close this window.</p>`;

// The answer is never cached, never framed and never runs anything.
const SAFE_HEADERS = {
  connection: "close",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
};

interface Waiting {
  expected: ExpectedSignIn;
  resolve: (signIn: AcceptedSignIn) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

export async function startAcsListener(options: AcsListenerOptions = {}): Promise<AcsListener> {
  const maxBodyBytes = options.maxBodyBytes ?? MAX_SAML_RESPONSE_BYTES + 16 * 1024;
  const requestTimeout = options.requestTimeoutMs ?? 10_000;
  let waiting: Waiting | undefined;
  let port = options.port ?? DEFAULT_ACS_PORT;

  const server = createServer(
    {
      headersTimeout: Math.min(options.headersTimeoutMs ?? 5_000, requestTimeout),
      requestTimeout,
      connectionsCheckingInterval: Math.min(1_000, requestTimeout),
    },
    (req, res) => handle(req, res),
  );
  server.maxConnections = 32;

  function refuse(res: ServerResponse, status: number, reason: string, headers: Record<string, string> = {}): void {
    options.onRefused?.(reason);
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { ...SAFE_HEADERS, "content-type": "text/plain; charset=utf-8", ...headers });
    res.end(`${reason}\n`);
  }

  function settle(): Waiting | undefined {
    const current = waiting;
    waiting = undefined;
    clearTimeout(current?.timer);
    return current;
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const host = req.headers.host;
    if (host !== `${LISTEN_HOST}:${port}` && host !== `localhost:${port}`) return refuse(res, 421, "This listener only answers requests to 127.0.0.1.");
    if (req.method !== "POST") return refuse(res, 405, "Only the identity provider's POST is accepted here.", { allow: "POST" });
    if ((req.url ?? "/").split("?")[0] !== "/") return refuse(res, 404, "Not found.");
    const expected = waiting?.expected;
    if (!expected) return refuse(res, 409, "No sign-in is in progress; this POST was not expected.");
    const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "application/x-www-form-urlencoded") return refuse(res, 415, "Expected a form POST.");
    if (Number(req.headers["content-length"] ?? "0") > maxBodyBytes) {
      refuse(res, 413, `The sign-in response is larger than ${maxBodyBytes} bytes.`);
      req.destroy();
      return;
    }
    const origin = checkPostOrigin(req.headers.origin, expected.idpOrigin);
    if (!origin.ok) return refuse(res, 403, origin.reason);

    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        refuse(res, 413, `The sign-in response is larger than ${maxBodyBytes} bytes.`);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > maxBodyBytes) return;
      // The body arrived; is the same sign-in still awaited, or did another POST or a timeout end it meanwhile?
      if (waiting?.expected !== expected) return refuse(res, 409, "A sign-in was already received, or none is in progress.");
      const samlResponse = new URLSearchParams(Buffer.concat(chunks).toString("utf8")).get("SAMLResponse");
      if (!samlResponse) return refuse(res, 400, "The POST has no SAMLResponse field.");
      const binding = checkResponseBinding(samlResponse, expected);
      if (!binding.ok) return refuse(res, 403, binding.reason);
      settle()?.resolve({ samlResponse, origin: origin.sent });
      res.writeHead(200, { ...SAFE_HEADERS, "content-type": "text/html; charset=utf-8" });
      res.end(PAGE_OK);
    });
    req.on("error", () => undefined);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(
          new ListenerError(
            `port ${port} on ${LISTEN_HOST} is already in use, so the sign-in cannot come back to this CLI. ` +
              `Close the AWS VPN Client or another running connect (find it with: ss -ltnp 'sport = :${port}') and retry.`,
          ),
        );
      } else {
        reject(new ListenerError(`cannot listen on ${LISTEN_HOST}:${port} (${error.code ?? error.message}).`));
      }
    });
    server.listen({ host: LISTEN_HOST, port, exclusive: true }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const cancel = () => settle()?.reject(new SignInCancelledError("the sign-in was cancelled."));
  return {
    port,
    url: `http://${LISTEN_HOST}:${port}`,
    awaitSignIn(expected, { timeoutMs } = {}) {
      if (closing) return Promise.reject(new ListenerError("the sign-in listener is closed."));
      if (waiting) return Promise.reject(new ListenerError("a sign-in is already awaited."));
      return new Promise<AcceptedSignIn>((resolve, reject) => {
        const entry: Waiting = { expected, resolve, reject };
        if (timeoutMs !== undefined) {
          entry.timer = setTimeout(() => {
            if (waiting === entry) settle()?.reject(new SignInTimeoutError(`no sign-in arrived within ${Math.round(timeoutMs / 1000)} s.`));
          }, timeoutMs);
        }
        waiting = entry;
      });
    },
    cancel,
    close() {
      closing ??= new Promise<void>((resolve) => {
        cancel();
        // A request already being read gets a moment to be answered; then every connection is dropped.
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), Math.min(200, requestTimeout)).unref();
      });
      return closing;
    },
  };
}

/**
 * The local HTTP endpoint that receives the browser's SAML POST (the "ACS URL").
 *
 * AWS fixes the Assertion Consumer Service URL at http://127.0.0.1:35001 and notes that "the AWS provided client
 * reserves TCP port 35001" (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/client-authentication.html#saml-requirements),
 * so the IdP will post nowhere else; the port is a parameter only so tests can run side by side.
 *
 * It is bound to 127.0.0.1 only and takes exactly one POST carrying a SAMLResponse form field. Everything else is
 * refused: other methods, bodies over 128 KB (AWS's maximum SAML response size, same page), a second POST, and a
 * Host header that does not name the loopback listener (a web page that rebinds its own DNS name to 127.0.0.1 would
 * send its own name; refusing it keeps other sites from posting here). It closes after the response or the timeout.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MAX_SAML_RESPONSE_BYTES } from "./openvpn-binary";

export const DEFAULT_SAML_PORT = 35001;

export class ListenerError extends Error {
  override readonly name = "ListenerError";
}

export class SignInTimeoutError extends Error {
  override readonly name = "SignInTimeoutError";
}

export interface SamlListenerOptions {
  port?: number;
  timeoutMs: number;
  maxBodyBytes?: number;
}

export interface SamlListener {
  port: number;
  /** Resolves with the decoded SAMLResponse field; rejects on timeout or close. */
  response: Promise<string>;
  close(): Promise<void>;
}

const LISTEN_HOST = "127.0.0.1";

const PAGE_OK = `<!doctype html><meta charset="utf-8"><title>Signed in</title>
<p>Sign-in received. The VPN is connecting; you can close this window.</p>`;

function reply(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", connection: "close", ...headers });
  res.end(`${text}\n`);
}

export async function startSamlListener(options: SamlListenerOptions): Promise<SamlListener> {
  const maxBodyBytes = options.maxBodyBytes ?? MAX_SAML_RESPONSE_BYTES;
  let claimed = false;
  let settled = false;
  let resolveResponse!: (value: string) => void;
  let rejectResponse!: (error: Error) => void;
  const response = new Promise<string>((resolve, reject) => {
    resolveResponse = resolve;
    rejectResponse = reject;
  });
  // The driver may close before anyone awaits the response; that is not an unhandled rejection.
  response.catch(() => undefined);

  const server = createServer((req, res) => handle(req, res));
  let port = options.port ?? DEFAULT_SAML_PORT;

  function allowedHost(host: string | undefined): boolean {
    return host === `${LISTEN_HOST}:${port}` || host === `localhost:${port}`;
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (!allowedHost(req.headers.host)) return reply(res, 421, "This listener only answers requests to 127.0.0.1.");
    if (req.method !== "POST") return reply(res, 405, "Only the identity provider's POST is accepted here.", { allow: "POST" });
    if ((req.url ?? "/").split("?")[0] !== "/") return reply(res, 404, "Not found.");
    if (claimed || settled) return reply(res, 409, "A sign-in was already received; this listener takes only one.");
    const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "application/x-www-form-urlencoded") return reply(res, 415, "Expected a form POST.");
    const declared = Number(req.headers["content-length"] ?? "0");
    if (declared > maxBodyBytes) {
      reply(res, 413, `The sign-in response is larger than ${maxBodyBytes} bytes.`);
      req.destroy();
      return;
    }
    claimed = true;
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        tooLarge = true;
        claimed = false;
        reply(res, 413, `The sign-in response is larger than ${maxBodyBytes} bytes.`);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (tooLarge) return;
      const value = new URLSearchParams(Buffer.concat(chunks).toString("utf8")).get("SAMLResponse");
      if (!value) {
        claimed = false;
        return reply(res, 400, "The POST has no SAMLResponse field.");
      }
      settled = true;
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", connection: "close" });
      res.end(PAGE_OK, () => void close());
      resolveResponse(value);
    });
    req.on("error", () => {
      claimed = false;
    });
  }

  let timer: NodeJS.Timeout | undefined = undefined;
  let closing: Promise<void> | undefined;
  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve) => {
      clearTimeout(timer);
      if (!settled) {
        settled = true;
        rejectResponse(new ListenerError("the sign-in listener closed before a sign-in arrived."));
      }
      server.close(() => resolve());
      server.closeIdleConnections();
      // Give the browser's page a moment to leave, then drop anything still open.
      setTimeout(() => server.closeAllConnections(), 200).unref();
    });
    return closing;
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
  timer = setTimeout(() => {
    if (settled) return;
    settled = true;
    rejectResponse(new SignInTimeoutError(`no sign-in arrived within ${Math.round(options.timeoutMs / 1000)} s.`));
    void close();
  }, options.timeoutMs);
  timer.unref();
  return { port, response, close };
}

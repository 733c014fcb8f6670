/**
 * A local identity provider for the end-to-end test. Opening its sign-in URL (what the browser would do) makes it
 * "sign the user in" at once and POST a SAMLResponse form to the CLI's listener, like Entra's auto-submitting form.
 *
 * The token is short so that it fits stock OpenVPN's 256-character limit, and it contains "+", "/" and "=" like real
 * base64 so the test checks that the CLI forwards it form-encoded, as AWS expects.
 */
import { randomBytes } from "node:crypto";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface TestIdp {
  /** Sign-in URL for one challenge: carries the request id and the ACS port the endpoint was told. */
  signInUrl(requestId: string, acsPort: number): string;
  /** The token issued for a request id, once the browser has opened the URL. */
  tokenFor(requestId: string): string | undefined;
  issuedTokens(): string[];
  close(): Promise<void>;
}

function postForm(port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/",
        headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

export async function startTestIdp(): Promise<TestIdp> {
  const tokens = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const requestId = url.searchParams.get("SAMLRequest");
    const acsPort = Number(url.searchParams.get("acs"));
    if (req.method !== "GET" || url.pathname !== "/saml2" || !requestId || !acsPort) {
      res.writeHead(400).end("bad sign-in request\n");
      return;
    }
    const token = `t+${randomBytes(9).toString("hex")}/k=`;
    tokens.set(requestId, token);
    postForm(acsPort, new URLSearchParams({ SAMLResponse: token, RelayState: "ignored" }).toString()).then(
      (status) => res.writeHead(status === 200 ? 200 : 502).end(`listener answered ${status}\n`),
      (error: Error) => res.writeHead(502).end(`listener unreachable: ${error.message}\n`),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // The RelayState holds colons, as real IdP URLs do, to exercise the challenge parser end to end.
    signInUrl: (requestId, acsPort) =>
      `http://127.0.0.1:${port}/saml2?SAMLRequest=${requestId}&acs=${acsPort}&RelayState=urn:test:relay`,
    tokenFor: (requestId) => tokens.get(requestId),
    issuedTokens: () => [...tokens.values()],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A local identity provider for the end-to-end test. Opening its sign-in URL (what the browser would do) makes it
 * "sign the user in" at once and POST a SAMLResponse form to the CLI's listener, like Entra's auto-submitting form:
 * with an Origin header naming the IdP's page, InResponseTo set to the AuthnRequest's ID and Destination set to the
 * ACS URL, as a real IdP does (SAML 2.0 Profiles 4.1.4.2).
 *
 * The sign-in URL carries the AuthnRequest the way a real one does (HTTP-Redirect binding: raw DEFLATE, base64, in
 * `SAMLRequest`). Everything is kept short because the stock OpenVPN in the test takes at most 255 characters per
 * management argument on both ends: the challenge the server sends and the password the client answers with. So the
 * request has no AssertionConsumerServiceURL (the `acs` parameter stands in for the reply URL registered at the IdP),
 * and the response is an unsigned minimal Response. Its base64 holds "+", "/" and "=" like real ones, so the test
 * checks that the CLI forwards it form-encoded, as AWS expects.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { postForm } from "../post-form";

const PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";

export interface TestIdp {
  origin: string;
  /** Sign-in URL for one challenge: carries an AuthnRequest with this ID and the ACS port the endpoint was told. */
  signInUrl(requestId: string, acsPort: number): string;
  /** The SAMLResponse issued for a request id, once the browser has opened the URL. */
  tokenFor(requestId: string): string | undefined;
  issuedTokens(): string[];
  close(): Promise<void>;
}

/**
 * A minimal Response bound to the request. Its comment makes the base64 hold "/" and "+" whatever the alignment (three
 * "?" and three ">" in a row put one of each at the byte that base64 maps to those characters), and the padding
 * blanks make its length leave "=" at the end.
 */
function boundResponse(requestId: string, destination: string): string {
  for (const padding of ["", " ", "  "]) {
    const xml = `<p:Response xmlns:p="${PROTOCOL_NS}" InResponseTo="${requestId}" Destination="${destination}"><!--???>>>${padding}--></p:Response>`;
    const base64 = Buffer.from(xml).toString("base64");
    if (base64.endsWith("=")) return base64;
  }
  throw new Error("unreachable: one of three lengths in a row is not a multiple of 3");
}

export async function startTestIdp(): Promise<TestIdp> {
  const tokens = new Map<string, string>();
  let origin = "";
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const samlRequest = url.searchParams.get("SAMLRequest");
    const acsPort = Number(url.searchParams.get("acs"));
    const authnRequest = samlRequest ? inflateRawSync(Buffer.from(samlRequest, "base64")).toString("utf8") : "";
    const requestId = /^<p:AuthnRequest [^>]*\bID="([^"]+)"/.exec(authnRequest)?.[1];
    if (req.method !== "GET" || url.pathname !== "/saml2" || !requestId || !acsPort) {
      res.writeHead(400).end("bad sign-in request\n");
      return;
    }
    const token = boundResponse(requestId, `http://127.0.0.1:${acsPort}`);
    tokens.set(requestId, token);
    postForm(acsPort, new URLSearchParams({ SAMLResponse: token, RelayState: "ignored" }).toString(), origin).then(
      (status) => res.writeHead(status === 200 ? 200 : 502).end(`listener answered ${status}\n`),
      (error: Error) => res.writeHead(502).end(`listener unreachable: ${error.message}\n`),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    signInUrl: (requestId, acsPort) => {
      const authnRequest = `<p:AuthnRequest xmlns:p="${PROTOCOL_NS}" ID="${requestId}"/>`;
      const samlRequest = encodeURIComponent(deflateRawSync(Buffer.from(authnRequest)).toString("base64"));
      // The RelayState holds colons, as real IdP URLs do, to exercise the challenge parser end to end.
      return `${origin}/saml2?SAMLRequest=${samlRequest}&acs=${acsPort}&RelayState=a:b`;
    },
    tokenFor: (requestId) => tokens.get(requestId),
    issuedTokens: () => [...tokens.values()],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

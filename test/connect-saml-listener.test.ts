import { request } from "node:http";
import { connect, createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  ListenerError,
  SignInCancelledError,
  SignInTimeoutError,
  startAcsListener,
  type AcsListener,
  type AcsListenerOptions,
  type ExpectedSignIn,
} from "../cli/shared/saml-sign-in/acs-listener";
import { SamlTestIdp } from "./support/saml-test-idp";

const IDP_ORIGIN = "https://login.microsoftonline.com";
const REQUEST_ID = "_a7f3c2d1-0000-4000-8000-000000000001";
const PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";

interface Reply {
  status: number;
  body: string;
}

interface SendOptions {
  method?: string;
  body?: string | string[];
  host?: string;
  type?: string;
  path?: string;
  chunked?: boolean;
  /** The Origin header; null leaves it out. */
  origin?: string | null;
}

function send(port: number, options: SendOptions = {}): Promise<Reply> {
  const chunks = options.body === undefined ? [] : Array.isArray(options.body) ? options.body : [options.body];
  const headers: Record<string, string | number> = {
    host: options.host ?? `127.0.0.1:${port}`,
    "content-type": options.type ?? "application/x-www-form-urlencoded",
  };
  if (options.origin !== null) headers.origin = options.origin ?? IDP_ORIGIN;
  if (!options.chunked) headers["content-length"] = chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0);
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method: options.method ?? "POST", path: options.path ?? "/", headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

/** A response bound to REQUEST_ID and the listener's URL; `nonce` tells two apart. */
function samlResponse(destination: string, options: { inResponseTo?: string; nonce?: string } = {}): string {
  const xml = `<p:Response xmlns:p="${PROTOCOL}" ID="_${options.nonce ?? "r1"}" InResponseTo="${options.inResponseTo ?? REQUEST_ID}" Destination="${destination}"/>`;
  return Buffer.from(xml).toString("base64");
}

const form = (value: string) => `SAMLResponse=${encodeURIComponent(value)}&RelayState=abc`;

describe("the sign-in (ACS) listener", () => {
  let listener: AcsListener | undefined;
  afterEach(async () => {
    await listener?.close();
    listener = undefined;
  });

  async function start(options: AcsListenerOptions = {}): Promise<AcsListener> {
    listener = await startAcsListener({ port: 0, ...options });
    return listener;
  }

  const expectedFor = (l: AcsListener): ExpectedSignIn => ({ idpOrigin: IDP_ORIGIN, requestId: REQUEST_ID, destination: l.url });

  it("takes the IdP's form POST for this sign-in, hands over the SAMLResponse and tells the browser it can close", async () => {
    const l = await start();
    const signIn = l.awaitSignIn(expectedFor(l));
    const value = samlResponse(l.url);
    const reply = await send(l.port, { body: form(value) });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain("You can close this window");
    await expect(signIn).resolves.toEqual({ samlResponse: value, origin: "idp-origin" });
  });

  it("takes a real Entra-shaped signed response", async () => {
    const l = await start();
    const signIn = l.awaitSignIn(expectedFor(l));
    const value = new SamlTestIdp().buildPostBinding({
      issuer: "https://sts.windows.net/00000000-0000-0000-0000-000000000000/",
      audience: "urn:amazon:webservices:clientvpn",
      recipient: l.url,
      inResponseTo: REQUEST_ID,
      nameId: "ada@example.com",
    });
    expect((await send(l.port, { body: form(value), origin: "null" })).status).toBe(200);
    await expect(signIn).resolves.toEqual({ samlResponse: value, origin: "null" });
  });

  it("turns away a POST that arrives before a sign-in is awaited, and still takes the real one later", async () => {
    const l = await start();
    const early = await send(l.port, { body: form(samlResponse(l.url, { nonce: "early" })) });
    expect(early).toEqual({ status: 409, body: "No sign-in is in progress; this POST was not expected.\n" });
    const signIn = l.awaitSignIn(expectedFor(l));
    expect((await send(l.port, { body: form(samlResponse(l.url, { nonce: "real" })) })).status).toBe(200);
    await expect(signIn).resolves.toMatchObject({ samlResponse: samlResponse(l.url, { nonce: "real" }) });
  });

  it("turns away a POST after the sign-in was taken", async () => {
    const l = await start();
    const signIn = l.awaitSignIn(expectedFor(l));
    await send(l.port, { body: form(samlResponse(l.url)) });
    await signIn;
    expect((await send(l.port, { body: form(samlResponse(l.url, { nonce: "late" })) })).status).toBe(409);
  });

  // Two valid POSTs at once: the first complete one wins, the other is answered (not reset) with 409.
  it("answers a second POST with 409 and keeps the first response", async () => {
    const l = await start();
    const signIn = l.awaitSignIn(expectedFor(l));
    const values = [samlResponse(l.url, { nonce: "first" }), samlResponse(l.url, { nonce: "second" })];
    const replies = await Promise.all(values.map((value) => send(l.port, { body: form(value) })));
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409]);
    await expect(signIn).resolves.toMatchObject({ samlResponse: values[replies[0].status === 200 ? 0 : 1] });
  });

  it.each<[string, (l: AcsListener) => SendOptions, number, RegExp]>([
    ["from another site", (l) => ({ body: form(samlResponse(l.url)), origin: "https://evil.example" }), 403, /not from the identity provider/],
    ["with no Origin (not from a browser page)", (l) => ({ body: form(samlResponse(l.url)), origin: null }), 403, /no Origin header/],
    ["answering another sign-in", (l) => ({ body: form(samlResponse(l.url, { inResponseTo: "_other" })) }), 403, /InResponseTo differs/],
    ["addressed elsewhere", () => ({ body: form(samlResponse("http://127.0.0.1:1")) }), 403, /addressed to "http:\/\/127.0.0.1:1"/],
    ["without a SAMLResponse field", () => ({ body: "RelayState=abc" }), 400, /no SAMLResponse field/],
    ["that is not a form", (l) => ({ body: JSON.stringify({ SAMLResponse: samlResponse(l.url) }), type: "application/json" }), 415, /Expected a form POST/],
    ["to another path", (l) => ({ body: form(samlResponse(l.url)), path: "/other" }), 404, /Not found/],
    ["that is a GET", () => ({ method: "GET" }), 405, /Only the identity provider's POST/],
    ["naming another host (DNS rebinding)", (l) => ({ body: form(samlResponse(l.url)), host: "evil.example" }), 421, /only answers requests to 127.0.0.1/],
    ["naming a look-alike host", (l) => ({ body: form(samlResponse(l.url)), host: "127.0.0.1.nip.io:35001" }), 421, /only answers/],
  ])("refuses a POST %s, says why, and still takes the real sign-in", async (_name, options, status, reason) => {
    const refused: string[] = [];
    const l = await start({ onRefused: (text) => refused.push(text) });
    const signIn = l.awaitSignIn(expectedFor(l));
    const reply = await send(l.port, options(l));
    expect(reply.status).toBe(status);
    expect(reply.body).toMatch(reason);
    expect(refused).toEqual([reply.body.trim()]);
    expect((await send(l.port, { body: form(samlResponse(l.url, { nonce: "real" })) })).status).toBe(200);
    await expect(signIn).resolves.toMatchObject({ samlResponse: samlResponse(l.url, { nonce: "real" }) });
  });

  it("accepts localhost as the Host", async () => {
    const l = await start();
    const signIn = l.awaitSignIn(expectedFor(l));
    expect((await send(l.port, { host: `localhost:${l.port}`, body: form(samlResponse(l.url)) })).status).toBe(200);
    await expect(signIn).resolves.toMatchObject({ origin: "idp-origin" });
  });

  it.each([
    ["declared with Content-Length", false],
    ["streamed without Content-Length", true],
  ])("refuses a body over the limit, %s", async (_name, chunked) => {
    const l = await start({ maxBodyBytes: 1024 });
    void l.awaitSignIn(expectedFor(l)).catch(() => undefined);
    const body = chunked ? [form("a".repeat(600)), "b".repeat(600)] : form("a".repeat(2000));
    const reply = await send(l.port, { body, chunked }).catch((error: Error) => ({ status: -1, body: error.message }));
    // The listener answers 413 and drops the connection; a client still sending may see the reset instead.
    expect([413, -1]).toContain(reply.status);
    if (reply.status === -1) expect(reply.body).toMatch(/ECONNRESET|EPIPE/);
  });

  it("does not let a slow body hold the sign-in: it is cut off, and the real POST gets through meanwhile", async () => {
    // Node cuts a request off at the first check (every requestTimeoutMs) after the limit: within 0.2 s here. The
    // real POST arrives in one piece, so the limit never touches it.
    const l = await start({ requestTimeoutMs: 100 });
    const signIn = l.awaitSignIn(expectedFor(l));
    const slow = connect(l.port, "127.0.0.1");
    const cutOff = new Promise<number>((resolve) => {
      const started = Date.now();
      slow.on("close", () => resolve(Date.now() - started));
    });
    slow.on("error", () => undefined);
    slow.resume();
    slow.write(
      `POST / HTTP/1.1\r\nHost: 127.0.0.1:${l.port}\r\nOrigin: ${IDP_ORIGIN}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nSAMLResponse=`,
    );
    expect((await send(l.port, { body: form(samlResponse(l.url)) })).status).toBe(200);
    await expect(signIn).resolves.toMatchObject({ origin: "idp-origin" });
    expect(await cutOff).toBeLessThan(3_000);
  });

  it("gives up after the timeout, and then turns POSTs away", async () => {
    const l = await start();
    await expect(l.awaitSignIn(expectedFor(l), { timeoutMs: 50 })).rejects.toThrow(SignInTimeoutError);
    expect((await send(l.port, { body: form(samlResponse(l.url)) })).status).toBe(409);
  });

  it("stops waiting when cancelled", async () => {
    const l = await start();
    const signIn = l.awaitSignIn(expectedFor(l));
    l.cancel();
    await expect(signIn).rejects.toThrow(SignInCancelledError);
  });

  it("awaits one sign-in at a time", async () => {
    const l = await start();
    void l.awaitSignIn(expectedFor(l)).catch(() => undefined);
    await expect(l.awaitSignIn(expectedFor(l))).rejects.toThrow("a sign-in is already awaited");
  });

  it("stops listening when closed", async () => {
    const l = await start();
    await l.close();
    await expect(send(l.port, { body: form("again") })).rejects.toThrow(/ECONNREFUSED|ECONNRESET/);
  });

  it("says clearly when the port is taken", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const attempt = startAcsListener({ port });
      await expect(attempt).rejects.toThrow(ListenerError);
      await expect(startAcsListener({ port })).rejects.toThrow(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use.*AWS VPN Client`));
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});

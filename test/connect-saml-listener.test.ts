import { request } from "node:http";
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ListenerError, SignInTimeoutError, startSamlListener, type SamlListener } from "../cli/connect/saml-listener";

interface Reply {
  status: number;
  body: string;
}

function send(
  port: number,
  options: { method?: string; body?: string | string[]; host?: string; type?: string; path?: string; chunked?: boolean } = {},
): Promise<Reply> {
  const chunks = options.body === undefined ? [] : Array.isArray(options.body) ? options.body : [options.body];
  const headers: Record<string, string | number> = {
    host: options.host ?? `127.0.0.1:${port}`,
    "content-type": options.type ?? "application/x-www-form-urlencoded",
  };
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

const form = (value: string) => `SAMLResponse=${encodeURIComponent(value)}&RelayState=abc`;

describe("the SAML listener", () => {
  let listener: SamlListener | undefined;
  afterEach(async () => {
    await listener?.close();
    listener = undefined;
  });

  async function start(options: { timeoutMs?: number; maxBodyBytes?: number } = {}): Promise<SamlListener> {
    listener = await startSamlListener({ port: 0, timeoutMs: options.timeoutMs ?? 5_000, maxBodyBytes: options.maxBodyBytes });
    return listener;
  }

  it("takes one form POST, hands over the decoded SAMLResponse and tells the browser it can close", async () => {
    const { port, response } = await start();
    const reply = await send(port, { body: form("PHNhbWw+/x==") });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain("you can close this window");
    await expect(response).resolves.toBe("PHNhbWw+/x==");
  });

  it("stops listening after the sign-in", async () => {
    const { port } = await start();
    await send(port, { body: form("token") });
    await listener?.close();
    await expect(send(port, { body: form("again") })).rejects.toThrow(/ECONNREFUSED|ECONNRESET/);
  });

  it("refuses a GET", async () => {
    const { port } = await start();
    const reply = await send(port, { method: "GET" });
    expect(reply.status).toBe(405);
  });

  it.each([
    ["declared with Content-Length", false],
    ["streamed without Content-Length", true],
  ])("refuses a body over the limit, %s", async (_name, chunked) => {
    const { port } = await start({ maxBodyBytes: 1024 });
    const body = chunked ? [form("a".repeat(600)), "b".repeat(600)] : form("a".repeat(2000));
    const reply = await send(port, { body, chunked }).catch((error: Error) => ({ status: -1, body: error.message }));
    // The listener answers 413 and drops the connection; a client still sending may see the reset instead.
    expect([413, -1]).toContain(reply.status);
    if (reply.status === -1) expect(reply.body).toMatch(/ECONNRESET|EPIPE/);
  });

  it("accepts a body of exactly the limit", async () => {
    const { port, response } = await start({ maxBodyBytes: 1024 });
    const body = form("a".repeat(1024 - form("").length));
    expect(Buffer.byteLength(body)).toBe(1024);
    expect((await send(port, { body })).status).toBe(200);
    await expect(response).resolves.toHaveLength(1024 - form("").length);
  });

  it("refuses a second POST and keeps the first response", async () => {
    const { port, response } = await start();
    const replies = await Promise.all([send(port, { body: form("first") }), send(port, { body: form("second") })]);
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409]);
    const winner = replies[0].status === 200 ? "first" : "second";
    await expect(response).resolves.toBe(winner);
  });

  it.each(["evil.example", "127.0.0.1.nip.io:35001", "localhost.evil.example", "10.0.0.5"])(
    "refuses a request whose Host header is %s",
    async (host) => {
      const { port, response } = await start();
      const reply = await send(port, { host: host.includes(":") ? host : `${host}:${port}`, body: form("x") });
      expect(reply.status).toBe(421);
      // Nothing was accepted: a real sign-in still can be.
      expect((await send(port, { body: form("real") })).status).toBe(200);
      await expect(response).resolves.toBe("real");
    },
  );

  it("accepts localhost as the Host", async () => {
    const { port, response } = await start();
    expect((await send(port, { host: `localhost:${port}`, body: form("via-localhost") })).status).toBe(200);
    await expect(response).resolves.toBe("via-localhost");
  });

  it.each([
    ["without a SAMLResponse field", { body: "RelayState=abc" }, 400],
    ["that is not a form", { body: '{"SAMLResponse":"x"}', type: "application/json" }, 415],
    ["to another path", { body: form("x"), path: "/other" }, 404],
  ])("refuses a POST %s and still waits for the real one", async (_name, options, status) => {
    const { port, response } = await start();
    expect((await send(port, options)).status).toBe(status);
    expect((await send(port, { body: form("real") })).status).toBe(200);
    await expect(response).resolves.toBe("real");
  });

  it("gives up after the timeout and closes", async () => {
    const { port, response } = await start({ timeoutMs: 100 });
    await expect(response).rejects.toThrow(SignInTimeoutError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(send(port, { body: form("late") })).rejects.toThrow(/ECONNREFUSED|ECONNRESET/);
  });

  it("says clearly when the port is taken", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const attempt = startSamlListener({ port, timeoutMs: 1_000 });
      await expect(attempt).rejects.toThrow(ListenerError);
      await expect(startSamlListener({ port, timeoutMs: 1_000 })).rejects.toThrow(
        new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use.*AWS VPN Client`),
      );
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});

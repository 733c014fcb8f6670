/**
 * The fake Graph server plus the one route the Day-2 doctor needs and the fake lacks:
 * GET /applications(appId='{appId}') (https://learn.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0).
 * A loopback front server answers that route from the fake's own applications and relays every other
 * request to the fake unchanged, so the fake stays the single source of Graph's shapes and faults.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeGraphServer, fakeToken } from "./fake-graph-server";

export class Day2GraphServer {
  readonly fake = new FakeGraphServer();
  /** Requests that reached the front, as `METHOD path?query` (relayed ones included). */
  readonly calls: string[] = [];
  private server?: Server;
  private port = 0;

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1.0`;
  }

  async start(): Promise<this> {
    await this.fake.start();
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server!.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    if (this.server) {
      this.server.closeAllConnections();
      await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    }
    await this.fake.stop();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.baseUrl);
    this.calls.push(`${req.method} ${decodeURIComponent(url.pathname.replace(/^\/v1\.0/, ""))}`);
    const byAppId = /^\/v1\.0\/applications\(appId='([^']+)'\)$/.exec(decodeURIComponent(url.pathname));
    if (byAppId && req.method === "GET") {
      if (req.headers.authorization !== `Bearer ${fakeToken}`) return this.json(res, 401, { error: { code: "InvalidAuthenticationToken", message: "Access token is empty." } });
      const application = [...this.fake.applications.values()].find((candidate) => candidate.appId === byAppId[1]);
      if (!application) {
        return this.json(res, 404, {
          error: { code: "Request_ResourceNotFound", message: `Resource '${byAppId[1]}' does not exist or one of its queried reference-property objects are not present.` },
        });
      }
      const { tokenIssuancePolicyIds: _hidden, ...visible } = application;
      void _hidden;
      return this.json(res, 200, { "@odata.context": `${this.baseUrl}/$metadata#applications/$entity`, ...visible });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const relayed = await fetch(`${this.fake.baseUrl.replace(/\/v1\.0$/, "")}${req.url}`, {
      method: req.method,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([name]) => ["authorization", "content-type", "accept"].includes(name)) as [string, string][]),
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const text = await relayed.text();
    res.writeHead(relayed.status, { "content-type": relayed.headers.get("content-type") ?? "application/json" });
    res.end(text);
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }
}

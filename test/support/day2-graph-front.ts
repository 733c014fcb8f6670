/**
 * The fake Graph as the Day-2 doctor tests use it. The doctor's one extra route,
 * GET /applications(appId='{appId}'), is now a route of the fake itself, so this only keeps the shape
 * those tests were written against: the fake under `fake`, and the calls with decoded paths.
 */
import { FakeGraphServer } from "./fake-graph-server";

export class Day2GraphServer {
  readonly fake = new FakeGraphServer();

  get baseUrl(): string {
    return this.fake.baseUrl;
  }

  /** Requests received, as `METHOD path` with the path decoded. */
  get calls(): string[] {
    return this.fake.requests.map((request) => `${request.method} ${decodeURIComponent(request.path)}`);
  }

  async start(): Promise<this> {
    await this.fake.start();
    return this;
  }

  stop(): Promise<void> {
    return this.fake.stop();
  }
}

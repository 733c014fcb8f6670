/**
 * A small Microsoft Graph HTTP client: JSON in and out, Graph's error shape turned into a typed error,
 * and the retries Graph asks callers to make, within bounds.
 *
 * It holds no credential of its own: a token getter is injected, so the same client serves the dynamic
 * provider, the Day-2 CLI and the tests (which point it at a loopback fake with a fixed token, a
 * recording `sleep` and a fake clock). It never logs; errors carry the method, path, Graph's error code
 * and request id, never a header or a token.
 *
 * It uses Node's global `fetch` (Node >= 18), so nothing heavy is imported when Pulumi serializes the
 * dynamic provider that captures this module.
 */

/** Graph's error body: https://learn.microsoft.com/en-us/graph/errors#json-representation */
export interface GraphErrorBody {
  error?: {
    code?: string;
    message?: string;
    innerError?: Record<string, unknown> & { "request-id"?: string; date?: string; "client-request-id"?: string };
  };
}

/** A Graph call that failed for good (after any retries). */
export class GraphError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    /** HTTP status; 0 when no answer came (connection failed or the attempt timed out). */
    readonly status: number,
    /** Graph's `error.code`, e.g. `Request_ResourceNotFound`, `Authorization_RequestDenied`. */
    readonly code: string,
    readonly graphMessage: string,
    readonly requestId: string | undefined,
    /**
     * True when the request may have been carried out although it failed: a 5xx or a lost answer to a
     * request that was sent. A caller that is not idempotent must look before it tries again.
     */
    readonly outcomeUnknown = false,
  ) {
    super(
      status === 0
        ? `Microsoft Graph ${method} ${path} could not be reached: ${graphMessage}`
        : `Microsoft Graph ${method} ${path} failed: ${status} ${code}: ${graphMessage}` + (requestId ? ` (request-id ${requestId})` : ""),
    );
    this.name = "GraphError";
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

export interface GraphRetryPolicy {
  /** Retries after a 429 or 5xx (or a connection that failed) before giving up. */
  maxThrottleRetries: number;
  /** Retries of a 404 for calls marked `retryNotFound` (objects the directory has not replicated yet). */
  maxNotFoundRetries: number;
  /** First backoff delay when the response names none; doubled each attempt. */
  baseDelayMs: number;
  /** Ceiling for one computed backoff delay. */
  maxDelayMs: number;
  /** Ceiling for one wait that Graph asks for with Retry-After. */
  maxRetryAfterMs: number;
  /** One attempt that has not answered by then is abandoned and counts as a transient failure. */
  attemptTimeoutMs: number;
  /** Everything one call does (attempts, waits, pages) ends by then: one throttled tenant cannot hold a job. */
  callDeadlineMs: number;
  /** Pages of one collection; a longer chain of @odata.nextLink is refused. */
  maxPages: number;
}

/**
 * Defaults. Graph says: on 429 wait the Retry-After seconds, otherwise back off exponentially.
 * https://learn.microsoft.com/en-us/graph/throttling#best-practices-to-handle-throttling
 * A Retry-After is obeyed up to 60 s a wait; six of them and the backoffs stay inside the call's
 * 5-minute deadline, which leaves room for the longest replication wait below (210 s).
 * A new application or service principal can answer 404 for a while after its creation because the
 * directory replicates asynchronously; Microsoft asks callers to retry with backoff:
 * https://devblogs.microsoft.com/identity/designing-for-eventual-consistency-for-microsoft-entra/
 * 10 not-found retries with ceilings of 2, 4, 8, 16 and then 30 seconds (each wait between half the
 * ceiling and all of it) give up after 105 to 210 seconds.
 * 100 pages of Graph's default 100 items is far beyond what one application holds here (its token
 * issuance policies, its app role assignments).
 */
export const defaultRetryPolicy: GraphRetryPolicy = {
  maxThrottleRetries: 6,
  maxNotFoundRetries: 10,
  baseDelayMs: 2_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
  attemptTimeoutMs: 60_000,
  callDeadlineMs: 300_000,
  maxPages: 100,
};

export interface GraphClientOptions {
  /** Service root including the version, e.g. `https://graph.microsoft.com/v1.0`. */
  baseUrl: string;
  /** Returns a bearer token for the Graph resource; called before every attempt (credentials cache). */
  getToken: () => Promise<string>;
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds since the epoch; tests pin it. */
  now?: () => number;
  retry?: Partial<GraphRetryPolicy>;
  /** Jitter source in [0, 1); tests pin it. */
  random?: () => number;
}

export interface GraphRequestOptions {
  query?: Record<string, string>;
  body?: unknown;
  /** Retry 404 within `maxNotFoundRetries`: for objects created moments ago by another resource. */
  retryNotFound?: boolean;
  /**
   * Whether sending the request twice does no harm. GET, PATCH and DELETE are; a POST is not unless the
   * caller says so (a `$ref` POST whose repeat Graph answers "already exist" is). A request that is not
   * idempotent is retried only after a 429 ("Returns HTTP status code 429 Too Many Requests and the
   * requests fail": https://learn.microsoft.com/en-us/graph/throttling); a 5xx
   * or a lost answer is reported with `outcomeUnknown`, for the caller to look before it tries again.
   */
  idempotent?: boolean;
}

/** A page of a Graph collection: https://learn.microsoft.com/en-us/graph/paging */
interface CollectionPage<T> {
  value: T[];
  "@odata.nextLink"?: string;
}

export class GraphClient {
  private readonly baseUrl: URL;
  private readonly getToken: () => Promise<string>;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly policy: GraphRetryPolicy;
  private readonly random: () => number;

  constructor(options: GraphClientOptions) {
    this.baseUrl = new URL(options.baseUrl.replace(/\/+$/, ""));
    this.getToken = options.getToken;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
    this.policy = { ...defaultRetryPolicy, ...options.retry };
    this.random = options.random ?? Math.random;
  }

  get<T>(path: string, options: Omit<GraphRequestOptions, "body"> = {}): Promise<T> {
    return this.request<T>("GET", path, options);
  }

  post<T>(path: string, body: object, options: Omit<GraphRequestOptions, "body"> = {}): Promise<T> {
    return this.request<T>("POST", path, { idempotent: false, ...options, body });
  }

  patch(path: string, body: object, options: Omit<GraphRequestOptions, "body"> = {}): Promise<void> {
    return this.request<void>("PATCH", path, { ...options, body });
  }

  delete(path: string, options: Omit<GraphRequestOptions, "body"> = {}): Promise<void> {
    return this.request<void>("DELETE", path, options);
  }

  /**
   * Every item of a collection, following `@odata.nextLink` ("use the entire URL ... in the next
   * request": https://learn.microsoft.com/en-us/graph/paging) only while it stays on the service root
   * this client talks to, and for at most `maxPages` pages. The bearer token goes with each page, so a
   * link elsewhere (another host, plain http) is refused, not followed. All pages share one call
   * deadline: with one per page, a throttled collection could take `maxPages` times as long.
   */
  async list<T>(path: string, options: Omit<GraphRequestOptions, "body"> = {}): Promise<T[]> {
    const deadline = this.now() + this.policy.callDeadlineMs;
    const items: T[] = [];
    let page = await this.send<CollectionPage<T>>("GET", path, options, deadline);
    items.push(...page.value);
    for (let pages = 1; page["@odata.nextLink"]; pages++) {
      if (pages >= this.policy.maxPages) {
        throw new Error(`Microsoft Graph GET ${path} returned more than ${this.policy.maxPages} pages; refusing to read further`);
      }
      page = await this.send<CollectionPage<T>>("GET", page["@odata.nextLink"], { retryNotFound: options.retryNotFound }, deadline);
      items.push(...page.value);
    }
    return items;
  }

  /** The URL Graph uses to name an object in `@odata.id` references. */
  odataId(path: string): string {
    return `${this.baseUrl.href}${path}`;
  }

  request<T>(method: string, pathOrUrl: string, options: GraphRequestOptions = {}): Promise<T> {
    return this.send<T>(method, pathOrUrl, options, this.now() + this.policy.callDeadlineMs);
  }

  /** One request with its retries, all ending by `deadline` (ms since the epoch). */
  private async send<T>(method: string, pathOrUrl: string, options: GraphRequestOptions, deadline: number): Promise<T> {
    const url = this.urlFor(pathOrUrl, options.query);
    const path = url.pathname.slice(this.baseUrl.pathname.length) || "/";
    const idempotent = options.idempotent ?? method !== "POST";
    let throttleRetries = 0;
    let notFoundRetries = 0;
    for (;;) {
      const token = await this.getToken();
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
      if (options.body !== undefined) headers["content-type"] = "application/json";
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers,
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: AbortSignal.timeout(Math.max(1, Math.min(this.policy.attemptTimeoutMs, deadline - this.now()))),
        });
      } catch (cause) {
        // A dropped or hung connection is as transient as a 503, and as ambiguous: the request may have run.
        const failure = new GraphError(method, path, 0, "NoResponse", (cause as Error).message, undefined, true);
        if (idempotent && throttleRetries < this.policy.maxThrottleRetries) {
          await this.wait(this.backoff(throttleRetries++), deadline, failure);
          continue;
        }
        throw failure;
      }
      if (response.ok) {
        const text = await response.text();
        return (text ? JSON.parse(text) : undefined) as T;
      }
      const errorBody = await readErrorBody(response);
      const failure = new GraphError(
        method,
        path,
        response.status,
        errorBody.error?.code ?? `HTTP${response.status}`,
        errorBody.error?.message ?? response.statusText,
        errorBody.error?.innerError?.["request-id"] ?? response.headers.get("request-id") ?? undefined,
        response.status >= 500,
      );
      const retryable = response.status === 429 || (response.status >= 500 && idempotent);
      if (retryable && throttleRetries < this.policy.maxThrottleRetries) {
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"), this.now());
        await this.wait(
          retryAfter !== undefined ? Math.min(retryAfter, this.policy.maxRetryAfterMs) : this.backoff(throttleRetries),
          deadline,
          failure,
        );
        throttleRetries++;
        continue;
      }
      if (response.status === 404 && options.retryNotFound && notFoundRetries < this.policy.maxNotFoundRetries) {
        await this.wait(this.backoff(notFoundRetries++), deadline, failure);
        continue;
      }
      throw failure;
    }
  }

  /** Sleeps before the next attempt, or gives up with the last failure when that would pass the deadline. */
  private async wait(ms: number, deadline: number, lastFailure: GraphError): Promise<void> {
    if (this.now() + ms >= deadline) {
      throw new GraphError(
        lastFailure.method,
        lastFailure.path,
        lastFailure.status,
        lastFailure.code,
        `${lastFailure.graphMessage} (gave up: waiting ${Math.ceil(ms / 1000)} s more would pass the call's ` +
          `${Math.round(this.policy.callDeadlineMs / 1000)} s deadline)`,
        lastFailure.requestId,
        lastFailure.outcomeUnknown,
      );
    }
    await this.sleep(ms);
  }

  /** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** attempt);
    return Math.round(ceiling / 2 + (ceiling / 2) * this.random());
  }

  /** A path below the service root, or an absolute URL on it (a nextLink); nothing else gets the token. */
  private urlFor(pathOrUrl: string, query: Record<string, string> | undefined): URL {
    const absolute = /^[a-z][a-z0-9+.-]*:/i.test(pathOrUrl);
    const url = absolute ? new URL(pathOrUrl) : new URL(`${this.baseUrl.href}${pathOrUrl}`);
    if (url.origin !== this.baseUrl.origin || !url.pathname.startsWith(`${this.baseUrl.pathname}/`)) {
      throw new Error(
        `refusing to send the Graph token to ${url.origin}${url.pathname}: it is not under the service root ${this.baseUrl.href}`,
      );
    }
    for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
    return url;
  }
}

/**
 * Retry-After is either delay-seconds or an HTTP date (RFC 9110 section 10.2.3); returns milliseconds,
 * or undefined when absent or unreadable.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

async function readErrorBody(response: Response): Promise<GraphErrorBody> {
  const text = await response.text().catch(() => "");
  try {
    return JSON.parse(text) as GraphErrorBody;
  } catch {
    return {};
  }
}

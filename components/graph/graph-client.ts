/**
 * A small Microsoft Graph HTTP client: JSON in and out, Graph's error shape turned into a typed error,
 * and the retries Graph asks callers to make.
 *
 * It holds no credential of its own: a token getter is injected, so the same client serves the dynamic
 * provider, the Day-2 CLI and the tests (which point it at a loopback fake with a fixed token and a
 * recording `sleep`). It never logs; errors carry the method, path, Graph's error code and request id,
 * never a header or a token.
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
    readonly status: number,
    /** Graph's `error.code`, e.g. `Request_ResourceNotFound`, `Authorization_RequestDenied`. */
    readonly code: string,
    readonly graphMessage: string,
    readonly requestId: string | undefined,
  ) {
    super(
      `Microsoft Graph ${method} ${path} failed: ${status} ${code}: ${graphMessage}` +
        (requestId ? ` (request-id ${requestId})` : ""),
    );
    this.name = "GraphError";
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

export interface GraphRetryPolicy {
  /** Retries after a 429 or 5xx before giving up. */
  maxThrottleRetries: number;
  /** Retries of a 404 for calls marked `retryNotFound` (objects the directory has not replicated yet). */
  maxNotFoundRetries: number;
  /** First backoff delay when the response names none; doubled each attempt. */
  baseDelayMs: number;
  /** Ceiling for one computed backoff delay. */
  maxDelayMs: number;
  /** One attempt that has not answered by then is abandoned and counts as a transient failure. */
  attemptTimeoutMs: number;
}

/**
 * Defaults. Graph says: on 429 wait the Retry-After seconds, otherwise back off exponentially.
 * https://learn.microsoft.com/en-us/graph/throttling#best-practices-to-handle-throttling
 * A new application or service principal can answer 404 for a while after its creation because the
 * directory replicates asynchronously; Microsoft asks callers to retry with backoff:
 * https://devblogs.microsoft.com/identity/designing-for-eventual-consistency-for-microsoft-entra/
 * 10 not-found retries with ceilings of 2, 4, 8, 16 and then 30 seconds (each wait between half the
 * ceiling and all of it) give up after 105 to 210 seconds.
 */
export const defaultRetryPolicy: GraphRetryPolicy = {
  maxThrottleRetries: 6,
  maxNotFoundRetries: 10,
  baseDelayMs: 2_000,
  maxDelayMs: 30_000,
  attemptTimeoutMs: 60_000,
};

/** Longest Retry-After we obey as given; Graph has been seen asking for minutes on heavy workloads. */
const maxRetryAfterMs = 300_000;

export interface GraphClientOptions {
  /** Service root including the version, e.g. `https://graph.microsoft.com/v1.0`. */
  baseUrl: string;
  /** Returns a bearer token for the Graph resource; called before every attempt (credentials cache). */
  getToken: () => Promise<string>;
  sleep?: (ms: number) => Promise<void>;
  retry?: Partial<GraphRetryPolicy>;
  /** Jitter source in [0, 1); tests pin it. */
  random?: () => number;
}

export interface GraphRequestOptions {
  query?: Record<string, string>;
  body?: unknown;
  /** Retry 404 within `maxNotFoundRetries`: for objects created moments ago by another resource. */
  retryNotFound?: boolean;
}

/** A page of a Graph collection: https://learn.microsoft.com/en-us/graph/paging */
interface CollectionPage<T> {
  value: T[];
  "@odata.nextLink"?: string;
}

export class GraphClient {
  private readonly baseUrl: string;
  private readonly getToken: () => Promise<string>;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly policy: GraphRetryPolicy;
  private readonly random: () => number;

  constructor(options: GraphClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.getToken = options.getToken;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.policy = { ...defaultRetryPolicy, ...options.retry };
    this.random = options.random ?? Math.random;
  }

  get<T>(path: string, options: Omit<GraphRequestOptions, "body"> = {}): Promise<T> {
    return this.request<T>("GET", path, options);
  }

  post<T>(path: string, body: unknown, options: Omit<GraphRequestOptions, "body"> = {}): Promise<T> {
    return this.request<T>("POST", path, { ...options, body });
  }

  patch(path: string, body: unknown, options: Omit<GraphRequestOptions, "body"> = {}): Promise<void> {
    return this.request<void>("PATCH", path, { ...options, body });
  }

  delete(path: string, options: Omit<GraphRequestOptions, "body"> = {}): Promise<void> {
    return this.request<void>("DELETE", path, options);
  }

  /** Every item of a collection, following `@odata.nextLink`. */
  async list<T>(path: string, options: Omit<GraphRequestOptions, "body"> = {}): Promise<T[]> {
    const items: T[] = [];
    let page = await this.get<CollectionPage<T>>(path, options);
    items.push(...page.value);
    while (page["@odata.nextLink"]) {
      page = await this.request<CollectionPage<T>>("GET", page["@odata.nextLink"], { retryNotFound: options.retryNotFound });
      items.push(...page.value);
    }
    return items;
  }

  /** The URL Graph uses to name an object in `@odata.id` references. */
  odataId(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  async request<T>(method: string, pathOrUrl: string, options: GraphRequestOptions = {}): Promise<T> {
    const url = this.urlFor(pathOrUrl, options.query);
    const path = url.pathname.slice(new URL(this.baseUrl).pathname.replace(/\/+$/, "").length) || "/";
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
          signal: AbortSignal.timeout(this.policy.attemptTimeoutMs),
        });
      } catch (cause) {
        // A dropped or hung connection is as transient as a 503.
        if (throttleRetries < this.policy.maxThrottleRetries) {
          await this.sleep(this.backoff(throttleRetries++));
          continue;
        }
        throw new Error(`Microsoft Graph ${method} ${path} could not be reached: ${(cause as Error).message}`);
      }
      if (response.ok) {
        const text = await response.text();
        return (text ? JSON.parse(text) : undefined) as T;
      }
      const errorBody = await readErrorBody(response);
      const retryable = response.status === 429 || response.status >= 500;
      if (retryable && throttleRetries < this.policy.maxThrottleRetries) {
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"), Date.now());
        await this.sleep(
          retryAfter !== undefined ? Math.min(retryAfter, maxRetryAfterMs) : this.backoff(throttleRetries),
        );
        throttleRetries++;
        continue;
      }
      if (response.status === 404 && options.retryNotFound && notFoundRetries < this.policy.maxNotFoundRetries) {
        await this.sleep(this.backoff(notFoundRetries++));
        continue;
      }
      throw new GraphError(
        method,
        path,
        response.status,
        errorBody.error?.code ?? `HTTP${response.status}`,
        errorBody.error?.message ?? response.statusText,
        errorBody.error?.innerError?.["request-id"] ?? response.headers.get("request-id") ?? undefined,
      );
    }
  }

  /** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** attempt);
    return Math.round(ceiling / 2 + (ceiling / 2) * this.random());
  }

  private urlFor(pathOrUrl: string, query: Record<string, string> | undefined): URL {
    const url = /^https?:\/\//.test(pathOrUrl) ? new URL(pathOrUrl) : new URL(`${this.baseUrl}${pathOrUrl}`);
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

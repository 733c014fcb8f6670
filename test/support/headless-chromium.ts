/**
 * Chromium's headless shell as a test's browser, opened and read through the DevTools HTTP endpoints alone
 * (https://chromedevtools.github.io/devtools-protocol/#endpoints): `PUT /json/new?<url>` opens a tab at a URL,
 * `GET /json/list` lists the tabs with the URL each shows, `GET /json/close/<id>` closes one. That is all a sign-in
 * test needs of the browser (open the sign-in URL as the CLI's browser command would, then see where the tab
 * landed), and it keeps the test free of a browser driver: playwright-core cost the worker 0.6 s of CPU to load and
 * run for what these three requests do (docs/research/suite-cpu.md, fifth pass).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export interface HeadlessChromium {
  /** Opens a new tab at `url`; resolves with the tab's id once Chromium has made it (not once the page loaded). */
  open(url: string): Promise<string>;
  /** Resolves once the tab shows `url`; rejects after `timeoutMs`, naming the URL it shows instead. */
  waitForUrl(tabId: string, url: string, timeoutMs: number): Promise<void>;
  close(tabId: string): Promise<void>;
  /** Stops Chromium and every process it started. */
  stop(): Promise<void>;
}

interface Target {
  id: string;
  type: string;
  url: string;
}

/**
 * Starts `executable` headless with a fresh profile in `profileDir` and DevTools on a port Chromium picks; the port is
 * read from `DevToolsActivePort`, which Chromium writes in the profile once it listens (its first line).
 */
export async function startHeadlessChromium(options: { executable: string; profileDir: string; args: readonly string[]; timeoutMs?: number }): Promise<HeadlessChromium> {
  const browser = spawn(
    options.executable,
    ["--headless", "--remote-debugging-port=0", `--user-data-dir=${options.profileDir}`, ...options.args, "about:blank"],
    // Its own process group, so stop() reaches the zygote and renderers too.
    { detached: true, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  browser.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const exited = new Promise<void>((done) => browser.once("exit", () => done()));
  try {
    const port = await devToolsPort(browser, options.profileDir, options.timeoutMs ?? 20_000, () => stderr);
    return driver(`http://127.0.0.1:${port}`, browser, exited);
  } catch (error) {
    stopGroup(browser);
    throw error;
  }
}

async function devToolsPort(browser: ChildProcess, profileDir: string, timeoutMs: number, stderr: () => string): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (browser.exitCode !== null || browser.signalCode !== null) throw new Error(`Chromium exited before DevTools listened:\n${stderr()}`);
    const text = await readFile(join(profileDir, "DevToolsActivePort"), "utf8").catch(() => "");
    const port = Number(text.split("\n")[0]);
    if (Number.isInteger(port) && port > 0) return port;
    if (Date.now() > deadline) throw new Error(`Chromium did not write DevToolsActivePort within ${timeoutMs} ms:\n${stderr()}`);
    await sleep(20);
  }
}

function driver(origin: string, browser: ChildProcess, exited: Promise<void>): HeadlessChromium {
  async function request(method: "GET" | "PUT", path: string): Promise<string> {
    const answer = await fetch(`${origin}${path}`, { method });
    const body = await answer.text();
    if (!answer.ok) throw new Error(`DevTools ${method} ${path}: HTTP ${answer.status} ${body}`);
    return body;
  }
  const tabs = async () => (JSON.parse(await request("GET", "/json/list")) as Target[]).filter((target) => target.type === "page");
  return {
    // Encoded: Chromium decodes the query once before it opens it (seen with 156: a raw "%2B" arrived as "+", and an
    // "&" cut the URL short), and a SAMLRequest holds both.
    open: async (url) => (JSON.parse(await request("PUT", `/json/new?${encodeURIComponent(url)}`)) as Target).id,
    waitForUrl: async (tabId, url, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const shown = (await tabs()).find((tab) => tab.id === tabId)?.url;
        if (shown === url) return;
        if (Date.now() > deadline) throw new Error(`the tab shows ${shown ?? "nothing (it is gone)"}, not ${url}, after ${timeoutMs} ms`);
        await sleep(20);
      }
    },
    close: async (tabId) => void (await request("GET", `/json/close/${tabId}`)),
    stop: async () => {
      stopGroup(browser);
      await exited;
    },
  };
}

function stopGroup(browser: ChildProcess): void {
  if (browser.pid === undefined || browser.exitCode !== null || browser.signalCode !== null) return;
  try {
    process.kill(-browser.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/**
 * Runs the sign-in listener in a child process with the given uid and gid, behind the same interface as the
 * in-process listener (AcsListener), so the root CLI never parses HTTP or SAML XML itself (see privileges.ts).
 *
 * The child is this same TypeScript code, started with the Node binary running the CLI and tsx's loader
 * (`node --import tsx`, https://tsx.is/dev-api/node-cli), an empty environment apart from PATH, and `/` as its
 * working directory, so it needs nothing but read access to the project's files.
 *
 * tsx's transform cache is off in the child (TSX_DISABLE_CACHE). With no TMPDIR, tsx would read compiled code from
 * /tmp/tsx-<uid>: it makes that folder with mkdirSync(…, { recursive: true }), which accepts one another local user
 * made first, and runs whatever `<time>-<key>` file there matches a source file (privatenumber/tsx
 * src/utils/temporary-directory.ts and src/utils/transform/cache.ts, where `process.env.TSX_DISABLE_CACHE` selects
 * an in-memory Map instead). The key is a hash of the file, its path and the options, all readable by that user.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  ListenerError,
  SignInCancelledError,
  SignInTimeoutError,
  type AcceptedSignIn,
  type AcsListener,
  type ExpectedSignIn,
} from "../shared/saml-sign-in/acs-listener";
import { childMessageSchema, type ChildMessage, type ParentMessage } from "./listener-protocol";
import type { Credentials } from "./privileges";

export interface ListenerProcessOptions {
  port: number;
  credentials: Credentials;
  onRefused?: (reason: string) => void;
  /** How long the child may take to start (tsx compiles on first run). */
  startTimeoutMs?: number;
}

interface Waiting {
  resolve: (signIn: AcceptedSignIn) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

const STDERR_KEPT = 4_000;

export async function startListenerProcess(options: ListenerProcessOptions): Promise<AcsListener & { pid: number }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", pathToFileURL(require.resolve("tsx")).href, join(__dirname, "listener-process-main.ts"), String(options.port)],
    {
      uid: options.credentials.uid,
      gid: options.credentials.gid,
      cwd: "/",
      env: { PATH: "/usr/local/bin:/usr/bin:/bin", TSX_DISABLE_CACHE: "1" },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = `${stderr}${chunk.toString("utf8")}`.slice(-STDERR_KEPT);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", () => resolve(null));
  });

  let waiting: Waiting | undefined;
  const settle = () => {
    const current = waiting;
    waiting = undefined;
    clearTimeout(current?.timer);
    return current;
  };
  const post = (message: ParentMessage) => {
    if (child.connected) child.send(message);
  };

  const who = `uid ${options.credentials.uid}`;
  const started = new Promise<{ port: number; url: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ListenerError(`the sign-in listener (${who}) did not start in time.`)), options.startTimeoutMs ?? 20_000);
    void exited.then((code) => {
      clearTimeout(timer);
      const detail = stderr.trim().split("\n").slice(-3).join(" ").slice(0, 500);
      reject(
        new ListenerError(
          `the sign-in listener could not start as ${who} (exit code ${code ?? "unknown"}${detail ? `: ${detail}` : ""}). ` +
            "Run the CLI through sudo from your own account, from a folder that account can read.",
        ),
      );
    });
    child.on("message", (raw: unknown) => {
      const parsed = childMessageSchema.safeParse(raw);
      if (!parsed.success) return; // not something the listener would send: ignored
      const message: ChildMessage = parsed.data;
      switch (message.type) {
        case "listening":
          clearTimeout(timer);
          resolve({ port: message.port, url: message.url });
          break;
        case "failed":
          clearTimeout(timer);
          reject(new ListenerError(message.message));
          break;
        case "refused":
          options.onRefused?.(message.reason);
          break;
        case "accepted":
          settle()?.resolve({ samlResponse: message.samlResponse, origin: message.origin });
          break;
      }
    });
  });
  let address: { port: number; url: string };
  try {
    address = await started;
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  void exited.then(() => settle()?.reject(new ListenerError("the sign-in listener stopped.")));

  const cancel = () => {
    const current = settle();
    if (!current) return;
    post({ type: "cancel" });
    current.reject(new SignInCancelledError("the sign-in was cancelled."));
  };
  return {
    pid: child.pid as number,
    port: address.port,
    url: address.url,
    awaitSignIn(expected: ExpectedSignIn, { timeoutMs } = {}) {
      if (!child.connected) return Promise.reject(new ListenerError("the sign-in listener is closed."));
      if (waiting) return Promise.reject(new ListenerError("a sign-in is already awaited."));
      return new Promise<AcceptedSignIn>((resolve, reject) => {
        const entry: Waiting = { resolve, reject };
        if (timeoutMs !== undefined) {
          entry.timer = setTimeout(() => {
            if (waiting !== entry) return;
            settle();
            post({ type: "cancel" });
            reject(new SignInTimeoutError(`no sign-in arrived within ${Math.round(timeoutMs / 1000)} s.`));
          }, timeoutMs);
        }
        waiting = entry;
        post({ type: "await", expected });
      });
    },
    cancel,
    async close() {
      cancel();
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

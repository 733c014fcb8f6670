/** A Day-2 environment for tests: stack outputs from a plain object, a fake clock, captured output. */
import { ACMClient } from "@aws-sdk/client-acm";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import { GraphClient } from "../../components/graph/graph-client";
import type { Day2Environment } from "../../cli/day2/day2-environment";
import { stackReadError } from "../../cli/day2/stack-context";
import { assertWithinCap } from "../../cli/shared/capped-file";
import { fakeToken } from "./fake-graph-server";

export interface TestEnvironment extends Day2Environment {
  out: string[];
  err: string[];
  sleeps: number[];
  /** Everything written to stdout. */
  stdout(): string;
}

export function testEnvironment(options: {
  stacks: Record<string, { outputs: Record<string, unknown>; config: Record<string, string> }>;
  graphBaseUrl?: string;
  files?: Record<string, string>;
  /** Paths that are folders: reading one fails as fs.readFile does (EISDIR). */
  folders?: string[];
  startMs?: number;
  stopped?: Promise<void>;
}): TestEnvironment {
  let nowMs = options.startMs ?? Date.parse("2026-11-21T12:00:00Z");
  const env: TestEnvironment = {
    out: [],
    err: [],
    sleeps: [],
    stdout: () => env.out.join(""),
    stacks: {
      // An unknown stack fails as the Automation API reader fails on Pulumi's StackNotFoundError.
      async outputs(name) {
        const stack = options.stacks[name];
        if (!stack) throw stackReadError(name, new Error(`error: no stack named '${name}' found`), true);
        return stack.outputs;
      },
      async config(name) {
        const stack = options.stacks[name];
        if (!stack) throw stackReadError(name, new Error(`error: no stack named '${name}' found`), true);
        return stack.config;
      },
    },
    // Credentials are fixed so the SDK never looks for real ones; aws-sdk-client-mock answers every call.
    createAws: (region) => {
      const settings = { region: region ?? "us-east-1", credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" } };
      return { acm: new ACMClient(settings), ec2: new EC2Client(settings), iam: new IAMClient(settings), logs: new CloudWatchLogsClient(settings) };
    },
    createGraph: () => {
      if (!options.graphBaseUrl) throw new Error("this test has no Graph");
      return new GraphClient({ baseUrl: options.graphBaseUrl, getToken: async () => fakeToken, retry: { maxThrottleRetries: 0 } });
    },
    readFile: async (path, maxBytes) => {
      if (options.folders?.includes(path)) throw Object.assign(new Error("EISDIR: illegal operation on a directory, read"), { code: "EISDIR" });
      const text = options.files?.[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: "ENOENT", path });
      return maxBytes === undefined ? text : assertWithinCap(path, text, maxBytes);
    },
    writeOut: (text) => void env.out.push(text),
    writeErr: (text) => void env.err.push(text),
    interactive: false,
    color: false,
    now: () => nowMs,
    sleep: async (ms) => {
      env.sleeps.push(ms);
      nowMs += ms;
    },
    stopped: options.stopped,
  };
  return env;
}

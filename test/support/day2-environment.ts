/** A Day-2 environment for tests: stack outputs from a plain object, a fake clock, captured output. */
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import { GraphClient } from "../../components/graph/graph-client";
import type { Day2Environment } from "../../cli/day2/day2-environment";
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
      async outputs(name) {
        const stack = options.stacks[name];
        if (!stack) throw new Error(`no stack named ${name} found`);
        return stack.outputs;
      },
      async config(name) {
        const stack = options.stacks[name];
        if (!stack) throw new Error(`no stack named ${name} found`);
        return stack.config;
      },
    },
    // Credentials are fixed so the SDK never looks for real ones; aws-sdk-client-mock answers every call.
    createAws: (region) => {
      const settings = { region: region ?? "us-east-1", credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" } };
      return { ec2: new EC2Client(settings), iam: new IAMClient(settings), logs: new CloudWatchLogsClient(settings) };
    },
    createGraph: () => {
      if (!options.graphBaseUrl) throw new Error("this test has no Graph");
      return new GraphClient({ baseUrl: options.graphBaseUrl, getToken: async () => fakeToken, retry: { maxThrottleRetries: 0 } });
    },
    readFile: async (path, maxBytes) => {
      const text = options.files?.[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: "ENOENT" });
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

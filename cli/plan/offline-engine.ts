import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { explainEngineFailure } from "./engine-failure";
import { installRecordingMocks, MockEngineOptions, MockRecording, RecordedInvoke, RecordedResource } from "./recording-mocks";
import { skippingPulumiBookkeepingTraces } from "./pulumi-bookkeeping-traces";

/** A Pulumi program as `index.ts` exports it: a function returning the stack outputs. */
export type PulumiProgram = () => Promise<Record<string, unknown>> | Record<string, unknown>;

export interface OfflineRun {
  /** Stack outputs, fully resolved. */
  outputs: Record<string, unknown>;
  resources: RecordedResource[];
  invokes: RecordedInvoke[];
  /** What the program logged with `pulumi.log.warn`, as `pulumi preview` would show it. */
  warnings: string[];
}

export interface OfflineEngine {
  /**
   * Runs the program once with the given engine config (flat, structured values JSON-encoded, as the
   * Pulumi CLI hands them over). Rejects with the program's own error, e.g. the RunError listing every
   * configuration problem; `lastRun` still holds what was declared until then.
   */
  run(program: PulumiProgram, engineConfig: Record<string, string>): Promise<OfflineRun>;
  /** What the most recent run declared and called, whether it succeeded or failed. */
  lastRun(): Omit<OfflineRun, "outputs">;
}

/** How long an output may stay unresolved before the run is declared stuck (mocks never leave one unknown). */
const outputTimeoutMs = 5_000;
const runtimeWarningPrefix = "warning: [runtime] ";

/**
 * Runs a Pulumi program in this process under the SDK's mock monitor: the way `pulumi preview` runs it,
 * minus the engine, the CLI, the providers and the credentials. Fake provider outputs stand in for
 * what the clouds would return.
 */
export function createOfflineEngine(options: MockEngineOptions & { outputTimeoutMs?: number }): OfflineEngine {
  const recording = installRecordingMocks(options);
  const timeoutMs = options.outputTimeoutMs ?? outputTimeoutMs;
  let warnings: string[] = [];
  return {
    async run(program, engineConfig) {
      recording.resources.length = 0;
      recording.invokes.length = 0;
      recording.failures.length = 0;
      warnings = [];
      pulumi.runtime.setAllConfig(engineConfig);
      const exported = await capturingRuntimeWarnings(warnings, () =>
        skippingPulumiBookkeepingTraces(() =>
          failingOnUnhandledRejections(recording, async () => {
            const value = await program();
            const outputs = Object.fromEntries(
              await Promise.all(Object.entries(value ?? {}).map(async ([key, output]) => [key, await resolved(key, output, recording, timeoutMs)])),
            );
            // Resources declared after an output resolved (rules, routes) register asynchronously.
            // waitForRPCs is exported by the SDK but left out of its typings (internal).
            await (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
            const failure = firstFailure(recording);
            if (failure) throw failure;
            return outputs;
          }),
        ),
      );
      return { outputs: exported, resources: [...recording.resources], invokes: [...recording.invokes], warnings: [...warnings] };
    },
    lastRun() {
      return { resources: [...recording.resources], invokes: [...recording.invokes], warnings: [...warnings] };
    },
  };
}

/**
 * With no engine attached, `pulumi.log.warn` writes to console.warn; collect those lines for the
 * report instead of letting them interleave with it.
 */
async function capturingRuntimeWarnings<T>(into: string[], body: () => Promise<T>): Promise<T> {
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    const [first] = args;
    if (typeof first === "string" && first.startsWith(runtimeWarningPrefix) && args.length === 1) {
      into.push(first.slice(runtimeWarningPrefix.length));
      return;
    }
    original(...args);
  };
  try {
    return await body();
  } finally {
    console.warn = original;
  }
}

function firstFailure(recording: MockRecording): Error | undefined {
  const [failure] = recording.failures;
  return failure && new Error(`failed to create ${failure.type} ${failure.name}: ${failure.message}`);
}

/**
 * A resource that fails to register rejects promises nobody awaits; the real engine fails the update
 * then. Fail the run with the first such rejection as soon as it happens (outputs that depend on the
 * resource would otherwise only time out), instead of letting Node end the process.
 */
async function failingOnUnhandledRejections<T>(recording: MockRecording, body: () => Promise<T>): Promise<T> {
  let failRun: (reason: unknown) => void = () => undefined;
  const firstRejection = new Promise<never>((_, reject) => {
    failRun = reject;
  });
  const collect = (reason: unknown) => failRun(firstFailure(recording) ?? explainEngineFailure(reason));
  process.on("unhandledRejection", collect);
  try {
    return await Promise.race([body(), firstRejection]);
  } finally {
    // Let rejections of this run's last promises surface before the listener goes.
    await new Promise((done) => setImmediate(done));
    process.off("unhandledRejection", collect);
  }
}

function resolved(key: string, value: unknown, recording: MockRecording, timeoutMs: number): Promise<unknown> {
  return new Promise((done, fail) => {
    const output = pulumi.output(value) as pulumi.Output<unknown>;
    const timer = setTimeout(() => fail(new Error(stuckOutputMessage(key, output, recording, timeoutMs))), timeoutMs);
    output.apply((plain) => {
      clearTimeout(timer);
      done(plain);
      return plain;
    });
    // apply never runs when a resource the output comes from failed; the (internal) promise says why.
    (output as unknown as { promise(): Promise<unknown> }).promise().catch((error: unknown) => {
      clearTimeout(timer);
      fail(error);
    });
  });
}

/**
 * Which resources a stuck output waits for, and how far each got: one the engine never saw has an input
 * that never settled (or could not be serialized); one it created leaves an apply still running.
 * The SDK keeps a resource's type and name in internal fields (`__pulumiType`, `__name`).
 */
function stuckOutputMessage(key: string, output: pulumi.Output<unknown>, recording: MockRecording, timeoutMs: number): string {
  const waitedFor = [...(output as unknown as { resources(): Set<unknown> }).resources()].map((resource) => {
    const { __pulumiType: type, __name: name } = resource as { __pulumiType: string; __name: string };
    const created = recording.resources.some((recorded) => recorded.type === type && recorded.name === name);
    return `${type} ${name} (${created ? "created; a value computed from it never settled" : "never registered: one of its inputs never settled"})`;
  });
  const reason = waitedFor.length > 0 ? `it waits for ${waitedFor.join(", ")}` : "it depends on no resource: a promise in the program never settled";
  return `stack output ${key} never resolved under the offline engine within ${timeoutMs / 1000} s: ${reason}`;
}

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { Worker } from "node:worker_threads";
import { explainEngineFailure, traceEventsUnavailable } from "../cli/plan/engine-failure";
import { createOfflineEngine } from "../cli/plan/offline-engine";
import { freshPulumiRuntime } from "./support/pulumi-runtime-reset";

/** A tiny program with the shapes that matter: a component, a child, a lookup, a warning, an output. */
const engine = createOfflineEngine({
  project: "demo",
  stack: "dev",
  organization: "acme",
  outputs: {
    "test:index:Thing": (name) => ({ id: `${name}-42`, arn: `arn:test:${name}` }),
    "test:index:Refused": () => {
      throw new Error("the provider refused it");
    },
  },
  invokes: {
    "test:index:lookup": (inputs) => ({ answer: `for ${String(inputs.question)}` }),
    "test:index:broken": () => {
      throw new Error("the lookup failed for a reason");
    },
  },
});

class Thing extends pulumi.CustomResource {
  declare readonly arn: pulumi.Output<string>;
  constructor(name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
    super("test:index:Thing", name, { arn: undefined, ...props }, opts);
  }
}

class Box extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;
  constructor(name: string) {
    super("demo:index:Box", name, {});
    const first = new Thing(`${name}-first`, {}, { parent: this });
    const second = new Thing(`${name}-second`, { after: first.id }, { parent: this });
    this.arn = first.arn;
    this.registerOutputs({ arn: this.arn, second: second.id });
  }
}

const program = async () => {
  const config = new pulumi.Config("demo");
  const looked = await pulumi.runtime.invoke("test:index:lookup", { question: config.require("question") });
  pulumi.log.warn("mind the gap");
  const box = new Box("box");
  return { answer: looked.answer, arn: box.arn, nested: { list: [pulumi.output("a"), "b"] } };
};

describe("offline engine", () => {
  it("runs a program with the engine's flat config and resolves every output, nested ones too", async () => {
    const run = await engine.run(program, { "demo:question": "life" });
    expect(run.outputs).toEqual({ answer: "for life", arn: "arn:test:box-first", nested: { list: ["a", "b"] } });
    expect(run.invokes).toEqual([{ token: "test:index:lookup", inputs: { question: "life" } }]);
  });

  it("records each resource with its parent, its dependencies and the fake provider's outputs", async () => {
    const { resources } = await engine.run(program, { "demo:question": "life" });
    const box = resources.find((r) => r.name === "box")!;
    const first = resources.find((r) => r.name === "box-first")!;
    const second = resources.find((r) => r.name === "box-second")!;
    expect(box.parent).toBeUndefined();
    expect(first.parent).toBe(box.urn);
    expect(first.urn).toBe("urn:pulumi:dev::demo::demo:index:Box$test:index:Thing::box-first");
    expect(second.dependsOn).toEqual([first.urn]);
    expect(first.state).toMatchObject({ id: "box-first-42", arn: "arn:test:box-first" });
  });

  it("collects pulumi.log.warn lines instead of printing them", async () => {
    const { warnings } = await engine.run(program, { "demo:question": "life" });
    expect(warnings).toEqual(["mind the gap"]);
  });

  it("hands the program a failed lookup's message, as a provider error carries it", async () => {
    const message = await engine.run(async () => {
      try {
        await pulumi.runtime.invoke("test:index:broken", {});
        return {};
      } catch (error) {
        return { message: (error as Error).message };
      }
    }, {});
    expect(message.outputs.message).toBe("the lookup failed for a reason");
  });

  it("names a data source it has no answer for", async () => {
    const run = engine.run(async () => ({ value: (await pulumi.runtime.invoke("test:index:unknown", {})).x }), {});
    await expect(run).rejects.toThrow("the offline plan has no answer for the data source test:index:unknown");
  });

  it("rejects with the program's own RunError and keeps what was declared until then", async () => {
    const failing = async () => {
      new Box("partial");
      throw new pulumi.RunError("The stack configuration has 1 problem");
    };
    await expect(engine.run(failing, {})).rejects.toSatisfy((error: Error) => pulumi.RunError.isInstance(error) && error.message.includes("1 problem"));
    await new Promise((done) => setTimeout(done, 50));
    expect(engine.lastRun().resources.map((r) => r.name)).toContain("partial");
  });

  it("fails the run, instead of the process, when a resource nobody awaits cannot be registered", async () => {
    const run = engine.run(async () => {
      new Thing("fine", {}, {});
      new (class extends pulumi.CustomResource {
        constructor() {
          super("test:index:Refused", "refused", {});
        }
      })();
      return {};
    }, {});
    await expect(run).rejects.toThrow("the provider refused it");
  });
});

describe("offline engine, as strict as the real engine about URNs", () => {
  const duplicate = (what: string, urn: string) => `failed to create ${what}: Duplicate resource URN '${urn}'; try giving it a unique name`;
  it.each([
    ["two resources of one type and name", () => [new Thing("twin", {}, {}), new Thing("twin", {}, {})], duplicate("test:index:Thing twin", "urn:pulumi:dev::demo::test:index:Thing::twin")],
    // A URN carries the parent's type, not its name: same-named children of two boxes collide.
    [
      "same-named children of two components of one type",
      () => [new Thing("twin", {}, { parent: new Box("right") }), new Thing("twin", {}, { parent: new Box("left") })],
      duplicate("test:index:Thing twin", "urn:pulumi:dev::demo::demo:index:Box$test:index:Thing::twin"),
    ],
    [
      "a resource read twice under one name",
      () => [new pulumi.StackReference("acme/demo/prod"), new pulumi.StackReference("acme/demo/prod")],
      duplicate("pulumi:pulumi:StackReference acme/demo/prod", "urn:pulumi:dev::demo::pulumi:pulumi:StackReference::acme/demo/prod"),
    ],
  ])("refuses %s, as pulumi up does", async (_case, declare, message) => {
    const run = engine.run(async () => {
      declare();
      return {};
    }, {});
    await expect(run).rejects.toThrow(message);
  });

  it("accepts one name under parents of different types", async () => {
    const run = await engine.run(async () => {
      new Thing("twin", {}, {});
      new Thing("twin", {}, { parent: new Box("box") });
      return {};
    }, {});
    expect(run.resources.filter((r) => r.name === "twin").map((r) => r.urn)).toEqual([
      "urn:pulumi:dev::demo::test:index:Thing::twin",
      "urn:pulumi:dev::demo::demo:index:Box$test:index:Thing::twin",
    ]);
  });
});

describe("engine failure explanations", () => {
  /** The error Node raises for node:trace_events in a worker thread, which Pulumi's closure serializer loads. */
  function traceEventsErrorInAWorker(): Promise<Error & { code?: string }> {
    const worker = new Worker(
      `const { parentPort } = require("node:worker_threads");
       try { require("node:trace_events"); parentPort.postMessage(null); }
       catch (error) { parentPort.postMessage({ code: error.code, message: error.message }); }`,
      { eval: true },
    );
    return new Promise((done) =>
      worker.once("message", (error: { code: string; message: string }) => {
        void worker.terminate();
        done(Object.assign(new Error(error?.message), { code: error?.code }));
      }),
    );
  }

  it("says to run on the main thread when Pulumi cannot serialize a dynamic provider in a worker thread", async () => {
    const error = await traceEventsErrorInAWorker();
    expect(error.code).toBe(traceEventsUnavailable);
    const explained = explainEngineFailure(error) as Error;
    expect(explained.message).toMatch(/^Pulumi could not serialize a dynamic provider .* runs in a worker thread, .* node:trace_events.*`pool: "forks"`/);
    expect(explained.cause).toBe(error);
  });

  it("leaves every other failure as it is", () => {
    const error = Object.assign(new Error("AccessDenied"), { code: "AccessDenied" });
    expect(explainEngineFailure(error)).toBe(error);
    expect(explainEngineFailure("a string")).toBe("a string");
  });
});

// Last in the file: a stuck resource keeps an RPC open, and a later successful run would wait for it.
describe("offline engine, when a run gets stuck", () => {
  let engine: ReturnType<typeof createOfflineEngine>;
  // Installed here, not at collection time, so the engine above keeps its mocks for its own tests.
  beforeAll(() => {
    engine = createOfflineEngine({ project: "demo", stack: "dev", organization: "acme", outputs: {}, invokes: {}, outputTimeoutMs: 200 });
  });
  // Their RPCs never end, so draining them (fresh-pulumi-runtime.ts, after the file) would wait forever:
  // drop them with the rest of the SDK's state, as the end of a process would.
  afterAll(() => freshPulumiRuntime());
  const never = () => new Promise<string>(() => undefined);

  it.each([
    ["its own reason", new Error("this input cannot be serialized"), /this input cannot be serialized$/],
    ["the explanation of a worker-thread failure", Object.assign(new Error("Trace events are unavailable"), { code: traceEventsUnavailable }), /runs in a worker thread/],
  ])("fails at once with %s when a resource cannot be registered, instead of waiting out the output timeout", async (_case, reason, message) => {
    // The output never settles: without failing fast, the run would end in the timeout's message.
    const run = engine.run(async () => {
      const thing = new Thing("unserializable", { code: Promise.reject(reason) }, {});
      return { arn: thing.arn };
    }, {});
    await expect(run).rejects.toThrow(message);
  });

  it.each([
    [
      "a resource with an input that never settles",
      () => ({ arn: new Thing("waiting", { code: never() }, {}).arn }),
      "stack output arn never resolved under the offline engine within 0.2 s: it waits for test:index:Thing waiting (never registered: one of its inputs never settled)",
    ],
    [
      "an apply on a created resource that never settles",
      () => ({ arn: new Thing("created", {}, {}).arn.apply(never) }),
      "stack output arn never resolved under the offline engine within 0.2 s: it waits for test:index:Thing created (created; a value computed from it never settled)",
    ],
    [
      "a promise outside any resource",
      () => ({ arn: pulumi.output(never()) }),
      "stack output arn never resolved under the offline engine within 0.2 s: it depends on no resource: a promise in the program never settled",
    ],
  ])("says what a stuck output waits for: %s", async (_case, program, message) => {
    // The engine's clock is faked, not its work: the run goes as far as it can (under mocks that is one or two
    // turns of the event loop; 20 leave a margin that does not depend on the machine's load), then 0.2 s pass
    // at once instead of being waited out.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const failure = engine.run(async () => program(), {}).then(() => undefined, (error: unknown) => error as Error);
      for (let turn = 0; turn < 20; turn += 1) await new Promise((done) => setImmediate(done));
      expect(vi.getTimerCount(), "the output's timeout is all that is left").toBe(1);
      vi.advanceTimersByTime(200);
      expect((await failure)?.message).toBe(message);
    } finally {
      vi.useRealTimers();
    }
  });
});

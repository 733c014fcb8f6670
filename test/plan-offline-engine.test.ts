import { describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { createOfflineEngine } from "../cli/plan/offline-engine";

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

import { beforeAll, describe, expect, it } from "vitest";
import { StackRun, stackRunner } from "./support/stack-run";
import { engineConfigOf, exampleNetworkFacts } from "./support/example-stack";
import { evaluatePack, PackResource, Violation } from "../policies/evaluate";

const runStack = stackRunner(exampleNetworkFacts);
const now = new Date("2026-11-21T12:00:00Z");

const asPackResources = (run: StackRun): PackResource[] =>
  run.resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.state, dependsOn: r.dependsOn }));

let example: Violation[];
beforeAll(async () => {
  example = evaluatePack(asPackResources(await runStack(engineConfigOf())), {}, { clock: () => now });
});

describe("the policy pack on the example stack, run under mocks", () => {
  it("finds no mandatory violation", () => {
    expect(example.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });

  it("would report one if the stack drifted into an insecure shape (the pack really runs here)", async () => {
    const config = engineConfigOf();
    const access = JSON.parse(config["clientvpn-federation:access"]);
    access.push({ name: "internet", cidr: "0.0.0.0/0", groups: ["engineers"] });
    config["clientvpn-federation:access"] = JSON.stringify(access);
    const violations = evaluatePack(asPackResources(await runStack(config)), {}, { clock: () => now });
    expect(violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.message).join("\n")).toMatch(/0\.0\.0\.0\/0/);
  });
});

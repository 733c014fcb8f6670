import { beforeAll, describe, expect, it } from "vitest";
import { StackRun, stackRunner } from "./support/stack-run";
import { engineConfigForRoute, engineConfigOf, exampleNetworkFacts } from "./support/example-stack";
import { groupClaimRoutes } from "../components/group-claim-route";
import { evaluatePack, PackResource, Violation } from "../policies/evaluate";

const runStack = stackRunner(exampleNetworkFacts);
const now = new Date("2026-11-21T12:00:00Z");

const asPackResources = (run: StackRun): PackResource[] =>
  run.resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.state, dependsOn: r.dependsOn }));

const byRoute = new Map<string, Violation[]>();
beforeAll(async () => {
  for (const route of groupClaimRoutes) {
    byRoute.set(route, evaluatePack(asPackResources(await runStack(engineConfigForRoute(route))), {}, { clock: () => now }));
  }
});

describe.each(groupClaimRoutes)("the policy pack on the example stack on the %s route, run under mocks", (route) => {
  it("finds no mandatory violation", () => {
    expect(byRoute.get(route)!.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });

  it("finds no Entra violation at all: the pack understands the route (memberOf source, assignment, group claims, URLs, signing)", () => {
    expect(byRoute.get(route)!.filter((v) => v.policyName.startsWith("entra-"))).toEqual([]);
  });
});

describe("the policy pack on the example stack, run under mocks", () => {
  it("would report one if the stack drifted into an insecure shape (the pack really runs here)", async () => {
    const config = engineConfigOf();
    const access = JSON.parse(config["clientvpn-federation:access"]);
    access.push({ name: "internet", cidr: "0.0.0.0/0", groups: ["engineers"] });
    config["clientvpn-federation:access"] = JSON.stringify(access);
    const violations = evaluatePack(asPackResources(await runStack(config)), {}, { clock: () => now });
    expect(violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.message).join("\n")).toMatch(/0\.0\.0\.0\/0/);
  });
});

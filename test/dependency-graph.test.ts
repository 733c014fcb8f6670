import { describe, expect, it } from "vitest";
import { concurrencyOf, GraphNode } from "../cli/shared/dependency-graph";

const node = (urn: string, ...dependsOn: string[]): GraphNode => ({ urn, dependsOn });
const all = () => true;

describe("concurrencyOf", () => {
  it.each([
    { case: "independent resources all run at once", nodes: [node("a"), node("b"), node("c")], maxInFlight: 3, longestChain: 1 },
    { case: "a chain runs one at a time", nodes: [node("a"), node("b", "a"), node("c", "b")], maxInFlight: 1, longestChain: 3 },
    { case: "a diamond has two in the middle", nodes: [node("a"), node("b", "a"), node("c", "a"), node("d", "b", "c")], maxInFlight: 2, longestChain: 3 },
    // Width needs the transitive relation: c and a are ordered through b even without a direct edge.
    { case: "order through an intermediate", nodes: [node("a"), node("b", "a"), node("c", "b"), node("x")], maxInFlight: 2, longestChain: 3 },
    { case: "two lanes", nodes: [node("a1"), node("b1"), node("a2", "a1"), node("b2", "b1"), node("a3", "a2")], maxInFlight: 2, longestChain: 3 },
  ])("$case", ({ nodes, maxInFlight, longestChain }) => {
    expect(concurrencyOf(nodes, all)).toEqual({ maxInFlight, longestChain });
  });

  it("counts only the selected resources but follows order through the others", () => {
    const nodes = [node("endpoint"), node("r1", "gate"), node("gate", "r0"), node("r0", "endpoint")];
    expect(concurrencyOf(nodes, (n) => n.urn.startsWith("r"))).toEqual({ maxInFlight: 1, longestChain: 2 });
  });

  it("reports a cycle instead of looping", () => {
    expect(() => concurrencyOf([node("a", "b"), node("b", "a")], all)).toThrow(/cycle/);
  });
});

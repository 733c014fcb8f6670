import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { lanePredecessors, maxConcurrentEndpointMutations } from "../components/mutation-lanes";

/** In-flight count and chain length of a lane plan, as the engine would schedule it. */
function measure(predecessors: (number | undefined)[]) {
  const depth: number[] = [];
  predecessors.forEach((p, i) => (depth[i] = p === undefined ? 1 : depth[p] + 1));
  const waitedOn = new Map<number, number>();
  for (const p of predecessors) if (p !== undefined) waitedOn.set(p, (waitedOn.get(p) ?? 0) + 1);
  return {
    chainHeads: predecessors.filter((p) => p === undefined).length,
    longestChain: Math.max(0, ...depth),
    maxWaitersOnOne: Math.max(0, ...waitedOn.values()),
  };
}

describe("lanePredecessors", () => {
  it("uses AWS's limit of ten concurrent endpoint changes", () => {
    expect(maxConcurrentEndpointMutations).toBe(10);
  });

  it("lets the first ten run at once and makes each later change wait ten places back", () => {
    const plan = lanePredecessors(23);
    expect(plan.slice(0, 10)).toEqual(Array(10).fill(undefined));
    expect(plan.slice(10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it("keeps at most ten changes unblocked and the longest chain at ceil(n/10) (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 1, max: 20 }), (count, lanes) => {
        const { chainHeads, longestChain, maxWaitersOnOne } = measure(lanePredecessors(count, lanes));
        expect(chainHeads).toBe(Math.min(count, lanes));
        expect(longestChain).toBe(Math.ceil(count / lanes));
        // Each change releases at most one successor, so completions never widen past the lane count.
        expect(maxWaitersOnOne).toBeLessThanOrEqual(1);
      }),
    );
  });

  it.each([0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses %d lanes: the count must be a positive integer", (lanes) => {
    expect(() => lanePredecessors(3, lanes)).toThrow(`lanes must be a positive integer, got ${lanes}`);
  });

  it("accepts a single lane, which makes every change wait for the one before", () => {
    expect(lanePredecessors(3, 1)).toEqual([undefined, 0, 1]);
  });
});

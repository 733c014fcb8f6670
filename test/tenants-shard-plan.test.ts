import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { estimateWallMs, planShards, planShardsWithinWindow, type ShardPlan } from "../cli/tenants/shard-plan";

const stackName = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);
const stackList = fc.array(stackName, { minLength: 1, maxLength: 60 });
const durationMs = fc.integer({ min: 0, max: 3_600_000 });

/** Stacks with last known durations for some (or none, or all) of them. */
const fleet = stackList.chain((stacks) =>
  fc.record({
    stacks: fc.constant(stacks),
    lastDurationsMs: fc.dictionary(fc.constantFrom(...stacks), durationMs),
    shardCount: fc.integer({ min: 1, max: 80 }),
    concurrency: fc.integer({ min: 1, max: 16 }),
  }),
);

const allStacks = (plan: ShardPlan): string[] => plan.shards.flatMap((shard) => shard.stacks);

describe("planShards: properties", () => {
  it("puts every stack in exactly one shard, duplicates in the input counted once", () => {
    fc.assert(
      fc.property(fleet, (request) => {
        const placed = allStacks(planShards(request));
        expect([...placed].sort()).toEqual([...new Set(request.stacks)].sort());
      }),
    );
  });

  it("makes min(shardCount, stacks) shards, none empty, numbered from 1", () => {
    fc.assert(
      fc.property(fleet, (request) => {
        const plan = planShards(request);
        expect(plan.shards).toHaveLength(Math.min(request.shardCount, new Set(request.stacks).size));
        expect(plan.shards.every((shard) => shard.stacks.length > 0)).toBe(true);
        expect(plan.shards.map((shard) => shard.index)).toEqual(plan.shards.map((_, i) => i + 1));
      }),
    );
  });

  it("balances by count when no duration is known: shard sizes differ by at most one", () => {
    fc.assert(
      fc.property(stackList, fc.integer({ min: 1, max: 80 }), (stacks, shardCount) => {
        const plan = planShards({ stacks, shardCount, concurrency: 4 });
        const sizes = plan.shards.map((shard) => shard.stacks.length);
        expect(plan.balance).toBe("count");
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("balances by duration when one is known: no shard carries more than the average plus the longest stack", () => {
    fc.assert(
      fc.property(fleet, (request) => {
        fc.pre(Object.keys(request.lastDurationsMs).length > 0);
        const plan = planShards(request);
        const loads = plan.shards.map((shard) => shard.estimatedWorkMs!);
        const total = loads.reduce((sum, load) => sum + load, 0);
        const longest = Math.max(...Object.values(request.lastDurationsMs));
        expect(plan.balance).toBe("duration");
        // Greedy list scheduling's bound (Graham 1966): max load <= total/m + the largest job.
        expect(Math.max(...loads)).toBeLessThanOrEqual(total / plan.shards.length + longest + 1e-6);
      }),
    );
  });

  it("orders each shard longest first, so the fleet runner starts the long stacks early", () => {
    const fullyKnown = stackList.chain((stacks) =>
      fc.record({
        stacks: fc.constant(stacks),
        lastDurationsMs: fc.tuple(...stacks.map(() => durationMs)).map((values) =>
          Object.fromEntries(stacks.map((stack, i) => [stack, values[i]])),
        ),
        shardCount: fc.integer({ min: 1, max: 80 }),
        concurrency: fc.integer({ min: 1, max: 16 }),
      }),
    );
    fc.assert(
      fc.property(fullyKnown, (request) => {
        for (const shard of planShards(request).shards) {
          const durations = shard.stacks.map((stack) => request.lastDurationsMs[stack]);
          expect(durations).toEqual([...durations].sort((a, b) => b - a));
        }
      }),
    );
  });

  it("does not depend on the order the backend listed the stacks in", () => {
    fc.assert(
      fc.property(
        fleet.chain((request) => fc.record({ request: fc.constant(request), shuffled: fc.shuffledSubarray(request.stacks, { minLength: request.stacks.length }) })),
        ({ request, shuffled }) => {
          expect(planShards({ ...request, stacks: shuffled })).toEqual(planShards(request));
        },
      ),
    );
  });
});

describe("planShards: examples", () => {
  it("estimates a stack with no known duration as the median of the known ones", () => {
    const plan = planShards({
      stacks: ["a", "b", "c", "new"],
      shardCount: 1,
      concurrency: 1,
      lastDurationsMs: { a: 60_000, b: 120_000, c: 600_000 },
    });
    expect(plan.shards[0].estimatedWorkMs).toBe(60_000 + 120_000 + 600_000 + 120_000);
  });

  it("spreads stacks whose known durations are all zero instead of leaving a shard empty", () => {
    const plan = planShards({ stacks: ["a", "b", "c", "d", "e"], shardCount: 2, concurrency: 1, lastDurationsMs: { a: 0 } });
    expect(plan.shards.map((shard) => shard.stacks.length)).toEqual([3, 2]);
  });

  it("ignores negative or non-finite durations, as if unknown", () => {
    const plan = planShards({ stacks: ["a", "b"], shardCount: 2, concurrency: 1, lastDurationsMs: { a: -5, b: Number.NaN } });
    expect(plan.balance).toBe("count");
  });

  it("pairs a long stack with short ones instead of splitting by count", () => {
    const plan = planShards({
      stacks: ["big", "s1", "s2", "s3"],
      shardCount: 2,
      concurrency: 1,
      lastDurationsMs: { big: 300, s1: 100, s2: 100, s3: 100 },
    });
    expect(plan.shards.map((shard) => shard.stacks)).toEqual([["big"], ["s1", "s2", "s3"]]);
  });

  it.each([
    { shardCount: 0, concurrency: 1 },
    { shardCount: 1.5, concurrency: 1 },
    { shardCount: 2, concurrency: 0 },
  ])("refuses shardCount $shardCount / concurrency $concurrency", ({ shardCount, concurrency }) => {
    expect(() => planShards({ stacks: ["a"], shardCount, concurrency })).toThrow(RangeError);
  });
});

describe("estimateWallMs", () => {
  it.each([
    { durations: [10, 10, 10, 10], concurrency: 2, wall: 20 },
    { durations: [30, 10, 10, 10], concurrency: 2, wall: 30 },
    { durations: [10, 10, 10, 30], concurrency: 2, wall: 40 },
    { durations: [5, 7], concurrency: 8, wall: 7 },
    { durations: [], concurrency: 3, wall: 0 },
  ])("$durations with $concurrency at once -> $wall", ({ durations, concurrency, wall }) => {
    expect(estimateWallMs(durations, concurrency)).toBe(wall);
  });

  it("is at least the longest stack and the work per worker, and at most their sum", () => {
    fc.assert(
      fc.property(fc.array(durationMs, { minLength: 1, maxLength: 50 }), fc.integer({ min: 1, max: 16 }), (durations, concurrency) => {
        const wall = estimateWallMs(durations, concurrency);
        const total = durations.reduce((sum, d) => sum + d, 0);
        expect(wall).toBeGreaterThanOrEqual(Math.max(...durations));
        expect(wall).toBeGreaterThanOrEqual(total / concurrency - 1e-6);
        expect(wall).toBeLessThanOrEqual(total / concurrency + Math.max(...durations) + 1e-6);
      }),
    );
  });
});

describe("planShardsWithinWindow", () => {
  const minutes = (n: number): number => n * 60_000;
  const stacks = Array.from({ length: 40 }, (_, i) => `t${String(i).padStart(2, "0")}`);
  const lastDurationsMs = Object.fromEntries(stacks.map((stack) => [stack, minutes(5)]));

  it("uses the fewest shards that each fit the window", () => {
    // 40 stacks x 5 min at 4 at once = 50 min of wall time; a 30-min window needs 2 shards of 25 min.
    const plan = planShardsWithinWindow({ stacks, concurrency: 4, lastDurationsMs, maxShards: 10, windowMs: minutes(30) });
    expect(plan.shards).toHaveLength(2);
    expect(plan.shards.every((shard) => shard.estimatedWallMs! <= minutes(30))).toBe(true);
  });

  it("uses the maximum when even that many do not fit, so the caller can warn", () => {
    const plan = planShardsWithinWindow({ stacks, concurrency: 1, lastDurationsMs, maxShards: 2, windowMs: minutes(30) });
    expect(plan.shards).toHaveLength(2);
    expect(plan.shards[0].estimatedWallMs).toBe(minutes(100));
  });

  it("uses the maximum when no duration is known", () => {
    const plan = planShardsWithinWindow({ stacks, concurrency: 4, maxShards: 6, windowMs: minutes(30) });
    expect(plan).toMatchObject({ balance: "count" });
    expect(plan.shards).toHaveLength(6);
  });
});

/**
 * Splits a fleet of stacks into shards, one CI job each, so that every shard finishes inside its own time window.
 *
 * Pure: the caller lists the stacks and reads the last known durations; this module only decides.
 * - Every stack lands in exactly one shard, and no shard is empty.
 * - With a last known duration for at least one stack, shards are balanced by duration: longest first, each to the
 *   least loaded shard (LPT list scheduling). A stack with no known duration counts as the median of the known
 *   ones, so a new tenant is neither free nor the worst case.
 * - Without any, shards are balanced by count: stacks sorted by name, dealt in turn, sizes differing by at most one.
 * - Inside a shard, stacks run longest first: the fleet runner starts them in the order given, and starting the
 *   long ones first keeps the last worker from finishing far behind the others.
 */

export type ShardBalance = "duration" | "count";

export interface Shard {
  /** 1-based, as shown in the job name. */
  readonly index: number;
  readonly stacks: readonly string[];
  /** Sum of the stacks' estimated durations; undefined when balanced by count. */
  readonly estimatedWorkMs?: number;
  /** Estimated wall time with `concurrency` stacks at once; undefined when balanced by count. */
  readonly estimatedWallMs?: number;
}

export interface ShardPlan {
  readonly balance: ShardBalance;
  readonly shards: readonly Shard[];
}

export interface ShardPlanRequest {
  readonly stacks: readonly string[];
  readonly shardCount: number;
  /** Stacks each shard runs at once (the fleet CLI's --concurrency), for the wall-time estimate. */
  readonly concurrency: number;
  /** Last known duration of each stack in ms, e.g. from the previous run. Unknown stacks may be missing. */
  readonly lastDurationsMs?: Readonly<Record<string, number>>;
}

function assertWholeNumber(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a whole number of at least 1, got ${value}`);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Wall time of running `durationsMs` in the order given with `concurrency` workers, each taking the next stack when
 * it finishes one: the fleet runner's own queue (run-fleet.ts).
 */
export function estimateWallMs(durationsMs: readonly number[], concurrency: number): number {
  assertWholeNumber("concurrency", concurrency);
  const workers = new Array<number>(Math.min(concurrency, Math.max(durationsMs.length, 1))).fill(0);
  for (const duration of durationsMs) {
    let earliest = 0;
    for (let i = 1; i < workers.length; i++) if (workers[i] < workers[earliest]) earliest = i;
    workers[earliest] += duration;
  }
  return Math.max(...workers);
}

/** Each stack's estimate: its last known duration, or the median of the known ones. Undefined when none is known. */
function estimates(stacks: readonly string[], lastDurationsMs: Readonly<Record<string, number>>): Map<string, number> | undefined {
  const isKnown = (stack: string): boolean =>
    Object.hasOwn(lastDurationsMs, stack) && Number.isFinite(lastDurationsMs[stack]) && lastDurationsMs[stack] >= 0;
  const known = stacks.filter(isKnown).map((stack) => lastDurationsMs[stack]);
  if (known.length === 0) return undefined;
  const fallback = median(known);
  return new Map(stacks.map((stack) => [stack, isKnown(stack) ? lastDurationsMs[stack] : fallback]));
}

export function planShards(request: ShardPlanRequest): ShardPlan {
  assertWholeNumber("shardCount", request.shardCount);
  assertWholeNumber("concurrency", request.concurrency);
  const stacks = [...new Set(request.stacks)].sort(byName);
  const count = Math.min(request.shardCount, stacks.length);
  const estimated = estimates(stacks, request.lastDurationsMs ?? {});

  if (!estimated) {
    const dealt = Array.from({ length: count }, () => [] as string[]);
    stacks.forEach((stack, i) => dealt[i % count].push(stack));
    return { balance: "count", shards: dealt.map((members, i) => ({ index: i + 1, stacks: members })) };
  }

  const longestFirst = [...stacks].sort((a, b) => estimated.get(b)! - estimated.get(a)! || byName(a, b));
  const members = Array.from({ length: count }, () => [] as string[]);
  const loads = new Array<number>(count).fill(0);
  // Ties go to the shard with fewer stacks, so stacks estimated at 0 ms still spread out and no shard stays empty.
  const lighter = (i: number, j: number): boolean =>
    loads[i] < loads[j] || (loads[i] === loads[j] && members[i].length < members[j].length);
  for (const stack of longestFirst) {
    let lightest = 0;
    for (let i = 1; i < count; i++) if (lighter(i, lightest)) lightest = i;
    members[lightest].push(stack);
    loads[lightest] += estimated.get(stack)!;
  }
  return {
    balance: "duration",
    shards: members.map((shardStacks, i) => ({
      index: i + 1,
      stacks: shardStacks,
      estimatedWorkMs: loads[i],
      estimatedWallMs: estimateWallMs(
        shardStacks.map((stack) => estimated.get(stack)!),
        request.concurrency,
      ),
    })),
  };
}

/**
 * The fewest shards, at most `maxShards`, whose every shard is estimated to finish within `windowMs`; `maxShards`
 * when durations are unknown (nothing to estimate with) or when even that many do not fit (the caller warns).
 * Fewer shards means fewer jobs paying the fixed set-up (checkout, npm ci, CLI install, logins).
 */
export function planShardsWithinWindow(
  request: Omit<ShardPlanRequest, "shardCount"> & { readonly maxShards: number; readonly windowMs: number },
): ShardPlan {
  assertWholeNumber("maxShards", request.maxShards);
  for (let shardCount = 1; shardCount < request.maxShards; shardCount++) {
    const plan = planShards({ ...request, shardCount });
    if (plan.balance === "count") break;
    if (plan.shards.every((shard) => (shard.estimatedWallMs ?? 0) <= request.windowMs)) return plan;
  }
  return planShards({ ...request, shardCount: request.maxShards });
}

import { hasChanges } from "./change-summary";
import {
  StackOperationError,
  type ChangeSummary,
  type FleetBackend,
  type ProgressListener,
  type ResourceChange,
  type StackProgress,
  type StackRunReport,
} from "./fleet-backend";
import { describeError, isNoChangesExpectedError } from "./stack-errors";

export const FLEET_OPERATIONS = ["preview", "up", "drift"] as const;
export type FleetOperation = (typeof FLEET_OPERATIONS)[number];

/**
 * - unchanged: nothing to do (preview, up) or in sync with the clouds (drift)
 * - changes: preview found changes to apply
 * - updated: up applied changes
 * - drift: the clouds differ from the program and state
 * - failed: the operation could not complete; `error` says why
 */
export type StackResult = "unchanged" | "changes" | "updated" | "drift" | "failed";

export interface StackOutcome {
  readonly stack: string;
  readonly result: StackResult;
  readonly changeSummary: ChangeSummary;
  readonly changedResources: readonly ResourceChange[];
  readonly policyWarnings?: readonly string[];
  readonly error?: string;
  readonly durationMs: number;
}

/** Receives each stack's life cycle; the presenters (listr2 or plain lines) implement it. */
export interface FleetReporter {
  stackStarted(stack: string): void;
  stackProgress(stack: string, progress: StackProgress): void;
  stackFinished(outcome: StackOutcome): void;
}

export interface FleetRunOptions {
  readonly operation: FleetOperation;
  readonly stacks: readonly string[];
  /** At most this many stacks run at once. */
  readonly concurrency: number;
  readonly policyPacks: readonly string[];
  readonly reporter?: FleetReporter;
  readonly clock?: () => number;
}

const EMPTY_REPORT: StackRunReport = { changeSummary: {}, changedResources: [] };

/**
 * Runs one operation over the fleet, at most `concurrency` stacks at a time.
 * Never throws for a stack's failure: each stack ends in an outcome, returned in the order of `stacks`.
 */
export async function runFleet(backend: FleetBackend, options: FleetRunOptions): Promise<StackOutcome[]> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new RangeError(`concurrency must be a whole number of at least 1, got ${options.concurrency}`);
  }
  const clock = options.clock ?? Date.now;
  const outcomes = new Array<StackOutcome>(options.stacks.length);
  let next = 0;

  const worker = async (): Promise<void> => {
    while (next < options.stacks.length) {
      const index = next++;
      const stack = options.stacks[index];
      const started = clock();
      options.reporter?.stackStarted(stack);
      const onProgress: ProgressListener = (progress) => options.reporter?.stackProgress(stack, progress);
      const partial = await runStack(backend, stack, options.operation, options.policyPacks, onProgress);
      const outcome: StackOutcome = { stack, ...partial, durationMs: clock() - started };
      outcomes[index] = outcome;
      options.reporter?.stackFinished(outcome);
    }
  };

  const workers = Math.min(options.concurrency, options.stacks.length);
  await Promise.all(Array.from({ length: workers }, worker));
  return outcomes;
}

/** Changes in the summary, or changed resources seen in the events (a summary can be missing). */
function reportsChanges(report: StackRunReport): boolean {
  return hasChanges(report.changeSummary) || report.changedResources.length > 0;
}

type PartialOutcome = Omit<StackOutcome, "stack" | "durationMs">;

async function runStack(
  backend: FleetBackend,
  stack: string,
  operation: FleetOperation,
  policyPacks: readonly string[],
  onProgress: ProgressListener,
): Promise<PartialOutcome> {
  try {
    switch (operation) {
      case "preview": {
        const report = await backend.preview(stack, { refresh: false, expectNoChanges: false, policyPacks }, onProgress);
        return { result: reportsChanges(report) ? "changes" : "unchanged", ...report };
      }
      case "up": {
        const report = await backend.up(stack, { policyPacks }, onProgress);
        return { result: reportsChanges(report) ? "updated" : "unchanged", ...report };
      }
      case "drift": {
        // `pulumi preview --refresh --expect-no-changes`: refresh reads the clouds, the diff then shows every
        // difference between the clouds and the program as a planned change.
        const report = await backend.preview(stack, { refresh: true, expectNoChanges: true, policyPacks }, onProgress);
        return { result: reportsChanges(report) ? "drift" : "unchanged", ...report };
      }
    }
  } catch (error) {
    const observed = error instanceof StackOperationError ? error.observed : EMPTY_REPORT;
    if (operation === "drift" && isNoChangesExpectedError(error)) {
      return { result: "drift", ...observed };
    }
    return { result: "failed", ...observed, error: describeError(error) };
  }
}

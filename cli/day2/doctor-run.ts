/**
 * Runs the doctor's checks at once and waits for those still settling, re-running each until it
 * settles or the deadline passes. Clock and sleep are injected so tests run in milliseconds.
 */
import { type CheckResult, type DoctorCheck, isBroken } from "./check-result";

export interface DoctorRunOptions {
  timeoutMs: number;
  pollIntervalMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Called with each result as it comes, settling ones included (for the progress display). */
  onResult?: (index: number, result: CheckResult) => void;
}

export interface DoctorReport {
  results: CheckResult[];
  broken: boolean;
}

export async function runDoctor(checks: readonly DoctorCheck[], options: DoctorRunOptions): Promise<DoctorReport> {
  const deadline = options.now() + options.timeoutMs;
  const results = await Promise.all(checks.map((check, index) => settle(check, index, deadline, options)));
  return { results, broken: results.some(isBroken) };
}

async function settle(check: DoctorCheck, index: number, deadline: number, options: DoctorRunOptions): Promise<CheckResult> {
  for (;;) {
    const result = await runSafely(check);
    if (!result.settling) {
      options.onResult?.(index, result);
      return result;
    }
    const remaining = deadline - options.now();
    if (remaining <= 0) {
      const timedOut: CheckResult = {
        ...result,
        settling: false,
        detail: `${result.detail}; still not settled after ${formatDuration(options.timeoutMs)}`,
        fix: `${result.fix ?? ""}${result.fix ? "; " : ""}if it stays like this, look at the endpoint in the VPC console for a stuck change, or run again with a longer --timeout`,
      };
      options.onResult?.(index, timedOut);
      return timedOut;
    }
    options.onResult?.(index, result);
    await options.sleep(Math.min(options.pollIntervalMs, remaining));
  }
}

/** A check that throws (no permission, network down) has not shown the link works: it fails, saying why. */
async function runSafely(check: DoctorCheck): Promise<CheckResult> {
  try {
    return await check.run();
  } catch (error) {
    return {
      name: check.name,
      status: "fail",
      detail: `could not check: ${describeError(error)}`,
      fix: "fix the access problem above (credentials, permissions or network) and run the doctor again",
    };
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const name = error.name && error.name !== "Error" ? `${error.name}: ` : "";
    return `${name}${error.message.split("\n")[0]}`;
  }
  return String(error);
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
}

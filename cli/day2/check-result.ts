/**
 * What every doctor check returns: one line of verdict, what was seen, and how to fix it.
 *
 * `settling` marks a result that may still turn into a pass by itself (an association still
 * `associating`, a rule still `authorizing`): the doctor waits for those, up to its timeout.
 */
export type CheckStatus = "pass" | "fail" | "warn" | "not-checkable";

export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to do about a fail or warn; also given for not-checkable (how to check by hand). */
  fix?: string;
  settling?: boolean;
}

export interface DoctorCheck {
  name: string;
  run(): Promise<CheckResult>;
}

export const pass = (name: string, detail: string): CheckResult => ({ name, status: "pass", detail });
export const fail = (name: string, detail: string, fix: string): CheckResult => ({ name, status: "fail", detail, fix });
export const warn = (name: string, detail: string, fix: string): CheckResult => ({ name, status: "warn", detail, fix });
export const notCheckable = (name: string, detail: string, fix: string): CheckResult => ({ name, status: "not-checkable", detail, fix });
export const settling = (name: string, detail: string, fix: string): CheckResult => ({ name, status: "fail", detail, fix, settling: true });

/** A broken link fails the run; warnings and what cannot be checked from here do not. */
export function isBroken(result: CheckResult): boolean {
  return result.status === "fail";
}

/**
 * The narrow boundary between the fleet orchestration and Pulumi.
 *
 * The orchestration only ever talks to a `FleetBackend`, so it can be tested against a double, and the
 * Automation API (which needs the Pulumi CLI, a backend login and cloud credentials) stays in one file:
 * `local-workspace-backend.ts`.
 */

/** Resource operation counts, keyed by Pulumi step op ("same", "create", "update", ...). */
export type ChangeSummary = Readonly<Record<string, number>>;

/** One resource the engine plans to change (or changed). */
export interface ResourceChange {
  readonly op: string;
  readonly urn: string;
  readonly type: string;
  /** Top-level property names that differ, when the engine reports them. */
  readonly diffs: readonly string[];
}

/** What a preview or update of one stack produced. */
export interface StackRunReport {
  readonly changeSummary: ChangeSummary;
  readonly changedResources: readonly ResourceChange[];
  /** Advisory policy violations, e.g. a signing certificate that expires soon. They do not fail a stack. */
  readonly policyWarnings?: readonly string[];
}

/** Live progress of one stack, folded from engine events. */
export interface StackProgress {
  /** Resource steps the engine has announced so far. */
  readonly steps: number;
  /** Of those, the steps that change something. */
  readonly changes: number;
  /** The step last announced, e.g. "update aws:ec2/clientVpnEndpoint:ClientVpnEndpoint vpn". */
  readonly current?: string;
}

export type ProgressListener = (progress: StackProgress) => void;

export interface PreviewOptions {
  /** Read every resource from the clouds before diffing (`pulumi preview --refresh`). */
  readonly refresh: boolean;
  /** Make the engine fail when the preview proposes changes (`--expect-no-changes`). */
  readonly expectNoChanges: boolean;
  /** Local policy pack folders to run (`--policy-pack`). */
  readonly policyPacks: readonly string[];
}

export interface UpOptions {
  readonly policyPacks: readonly string[];
}

export interface FleetBackend {
  /** Names of the project's stacks, as the Pulumi backend knows them. */
  listStacks(): Promise<string[]>;
  preview(stack: string, options: PreviewOptions, onProgress: ProgressListener): Promise<StackRunReport>;
  up(stack: string, options: UpOptions, onProgress: ProgressListener): Promise<StackRunReport>;
}

/**
 * A stack operation that failed after the engine had already reported some of its work.
 *
 * The Automation API throws when `--expect-no-changes` is violated, so the changes it saw before throwing
 * would be lost without this wrapper; the orchestration uses them to list the drifted resources.
 */
export class StackOperationError extends Error {
  constructor(
    readonly stackName: string,
    readonly observed: StackRunReport,
    /** Error diagnostics the engine printed (the real reason, where stderr only says "update failed"). */
    readonly diagnostics: readonly string[],
    options: { cause: unknown },
  ) {
    super(`${stackName}: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`, options);
    this.name = "StackOperationError";
  }
}

import type {
  FleetBackend,
  PreviewOptions,
  ProgressListener,
  StackProgress,
  StackRunReport,
  UpOptions,
} from "../cli/tenants/fleet-backend";

/** What the double does for one stack. */
export interface StackScript {
  /** Resolved report (default: nothing to change). */
  report?: StackRunReport;
  /** Thrown instead of returning a report. */
  error?: unknown;
  /** Progress events sent before finishing. */
  progress?: StackProgress[];
  /** How long the operation takes, in ms (default 5). */
  durationMs?: number;
}

export interface RecordedCall {
  kind: "preview" | "up";
  stack: string;
  options: PreviewOptions | UpOptions;
}

export const IN_SYNC: StackRunReport = { changeSummary: { same: 12 }, changedResources: [] };

/**
 * A `FleetBackend` test double: scripted per stack, and instrumented to record every call and the largest
 * number of operations in flight at once.
 */
export class FleetDouble implements FleetBackend {
  readonly calls: RecordedCall[] = [];
  inFlight = 0;
  maxInFlight = 0;
  listCalls = 0;

  constructor(
    private readonly scripts: Record<string, StackScript>,
    private readonly listError?: unknown,
  ) {}

  async listStacks(): Promise<string[]> {
    this.listCalls += 1;
    if (this.listError) throw this.listError;
    return Object.keys(this.scripts);
  }

  preview(stack: string, options: PreviewOptions, onProgress: ProgressListener): Promise<StackRunReport> {
    return this.play("preview", stack, options, onProgress);
  }

  up(stack: string, options: UpOptions, onProgress: ProgressListener): Promise<StackRunReport> {
    return this.play("up", stack, options, onProgress);
  }

  private async play(
    kind: RecordedCall["kind"],
    stack: string,
    options: PreviewOptions | UpOptions,
    onProgress: ProgressListener,
  ): Promise<StackRunReport> {
    const script = this.scripts[stack];
    if (!script) throw new Error(`the double has no script for stack ${stack}`);
    this.calls.push({ kind, stack, options });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      for (const progress of script.progress ?? []) onProgress(progress);
      await new Promise((resolve) => setTimeout(resolve, script.durationMs ?? 5));
      if (script.error !== undefined) throw script.error;
      return script.report ?? IN_SYNC;
    } finally {
      this.inFlight -= 1;
    }
  }
}

/**
 * An error shaped like the Automation API's CommandError (@pulumi/pulumi/automation/errors.js): the message
 * is `CommandResult.toString()` and the result stays on `commandResult`.
 */
export function commandError(code: number, stderr: string, stdout = ""): Error {
  const error = new Error(`code: ${code}\n stdout: ${stdout}\n stderr: ${stderr}\n err?: \n`);
  error.name = "CommandError";
  Object.assign(error, { commandResult: { code, stdout, stderr } });
  return error;
}

import { stripVTControlCharacters } from "node:util";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { isChangingOp } from "./change-summary";
import type { ChangeSummary, ResourceChange, StackProgress, StackRunReport } from "./fleet-backend";

/** The resource's name: the last `::` segment of its URN. */
export function resourceName(urn: string): string {
  const separator = urn.lastIndexOf("::");
  return separator === -1 ? urn : urn.slice(separator + 2);
}

/**
 * Folds the engine's event stream for one operation into live progress and a report.
 *
 * The report is also what survives when the Automation API throws (e.g. on `--expect-no-changes`), because
 * the events arrive before the CLI exits. Event shapes: @pulumi/pulumi/automation/events.d.ts.
 */
export class EngineEventObserver {
  private steps = 0;
  private current: string | undefined;
  private readonly changed = new Map<string, ResourceChange>();
  private summary: ChangeSummary | undefined;
  private readonly errors: string[] = [];
  private readonly warnings: string[] = [];
  private readonly seen = new Set<number>();

  /** Applies one event; returns the new progress when the event moved it, otherwise undefined. */
  observe(event: EngineEvent): StackProgress | undefined {
    // The engine numbers its events uniquely (events.d.ts: "No two events can have the same sequence number"),
    // but the Automation API can hand one over twice: @logdna/tail-file 2.2.0, which tails the event log, starts
    // a last read on quit() while a timed poll may still be reading from the same position, and both push
    // the same bytes. Seen under load in the fleet tests as a progress line repeated.
    if (this.seen.has(event.sequence)) return undefined;
    this.seen.add(event.sequence);
    if (event.summaryEvent) {
      this.summary = { ...event.summaryEvent.resourceChanges };
      return undefined;
    }
    const diagnostic = event.diagnosticEvent;
    if (diagnostic && diagnostic.severity === "error") {
      // Diagnostics keep ANSI colour codes even with colour turned off; strip them for tables and logs.
      const message = stripVTControlCharacters(diagnostic.message).trim();
      const where = diagnostic.urn ? `${resourceName(diagnostic.urn)}: ` : "";
      if (message) this.errors.push(`${where}${message}`);
      return undefined;
    }
    const policy = event.policyEvent;
    if (policy) {
      // A mandatory violation fails the operation; its text is the reason to report. An advisory one
      // ("warning") only warns, and is kept for the summary.
      const where = policy.resourceUrn ? ` (${resourceName(policy.resourceUrn)})` : "";
      const text = `${policy.policyName}${where}: ${stripVTControlCharacters(policy.message).trim()}`;
      (policy.enforcementLevel === "mandatory" ? this.errors : this.warnings).push(text);
      return undefined;
    }
    const metadata = event.resourcePreEvent?.metadata;
    if (!metadata) return undefined;
    this.steps += 1;
    this.current = `${metadata.op} ${metadata.type} ${resourceName(metadata.urn)}`;
    if (isChangingOp(metadata.op)) {
      // A replacement is announced as several steps (create-replacement, replace, delete-replaced);
      // keyed by URN, the last one wins and the resource is listed once.
      this.changed.set(metadata.urn, {
        op: metadata.op,
        urn: metadata.urn,
        type: metadata.type,
        diffs: [...(metadata.diffs ?? [])].sort(),
      });
    }
    return this.progress();
  }

  progress(): StackProgress {
    return { steps: this.steps, changes: this.changed.size, ...(this.current ? { current: this.current } : {}) };
  }

  /**
   * The report so far. `changeSummary` comes from the engine's summary event when one arrived; otherwise it is
   * counted from the announced steps, so a run cut short still reports what it saw.
   */
  report(): StackRunReport {
    const changedResources = [...this.changed.values()].sort((a, b) => a.urn.localeCompare(b.urn));
    return {
      changeSummary: this.summary ?? countOps(changedResources),
      changedResources,
      ...(this.warnings.length > 0 ? { policyWarnings: [...new Set(this.warnings)] } : {}),
    };
  }

  /** Error diagnostics and mandatory policy violations seen so far, oldest first. */
  errorDiagnostics(): readonly string[] {
    return [...this.errors];
  }
}

function countOps(changes: readonly ResourceChange[]): ChangeSummary {
  const counts: Record<string, number> = {};
  for (const change of changes) counts[change.op] = (counts[change.op] ?? 0) + 1;
  return counts;
}

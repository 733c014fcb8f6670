import Table from "cli-table3";
import { createColors } from "picocolors";
import { formatChangeCounts } from "./change-summary";
import { resourceName } from "./engine-events";
import type { ResourceChange } from "./fleet-backend";
import type { FleetOperation, StackOutcome, StackResult } from "./run-fleet";

/** The word shown for a result; "unchanged" reads differently per operation. */
export function resultLabel(operation: FleetOperation, result: StackResult): string {
  switch (result) {
    case "unchanged":
      return operation === "drift" ? "in sync" : "no changes";
    case "changes":
      return "changes pending";
    case "updated":
      return "updated";
    case "drift":
      return "DRIFT";
    case "failed":
      return "FAILED";
  }
}

/** "update azuread:index/application:Application vpn-app [web, identifierUris]" */
export function formatResourceChange(change: ResourceChange): string {
  const diffs = change.diffs.length > 0 ? ` [${change.diffs.join(", ")}]` : "";
  return `${change.op} ${change.type} ${resourceName(change.urn)}${diffs}`;
}

const NOTES_HEADER = "Errors and policy warnings";

/** The stack's error, then its advisory policy warnings. */
function notes(outcome: StackOutcome): string {
  const warnings = (outcome.policyWarnings ?? []).map((warning) => `warning: ${warning}`);
  return [...(outcome.error ? [outcome.error] : []), ...warnings].join("\n");
}

function headers(operation: FleetOperation): string[] {
  return operation === "drift"
    ? ["Stack", "Result", "Changes", "Drifted resources", NOTES_HEADER]
    : ["Stack", "Result", "Changes", NOTES_HEADER];
}

function cells(operation: FleetOperation, outcome: StackOutcome): string[] {
  const row = [outcome.stack, resultLabel(operation, outcome.result), formatChangeCounts(outcome.changeSummary)];
  if (operation === "drift") row.push(outcome.changedResources.map(formatResourceChange).join("\n"));
  row.push(notes(outcome));
  return row;
}

/** A one-line count of results, e.g. "3 stacks: 1 drift, 2 in sync". */
export function resultTally(operation: FleetOperation, outcomes: readonly StackOutcome[]): string {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) {
    const label = resultLabel(operation, outcome.result).toLowerCase();
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const parts = [...counts.entries()].map(([label, count]) => `${count} ${label}`);
  const noun = outcomes.length === 1 ? "stack" : "stacks";
  return `${outcomes.length} ${noun}: ${parts.join(", ")}`;
}

/** The terminal summary table. Long errors and resource lists wrap instead of stretching the table. */
export function renderSummaryTable(
  operation: FleetOperation,
  outcomes: readonly StackOutcome[],
  options: { color: boolean },
): string {
  const colors = createColors(options.color);
  const paint = (result: StackResult, text: string): string =>
    result === "failed" ? colors.red(text) : result === "drift" ? colors.yellow(text) : colors.green(text);
  const head = headers(operation);
  const table = new Table({
    head: head.map((title) => colors.bold(title)),
    style: { head: [], border: [] },
    wordWrap: true,
    wrapOnWordBoundary: true,
    colWidths: head.map((title) => (title === NOTES_HEADER || title === "Drifted resources" ? 60 : null)),
  });
  for (const outcome of outcomes) {
    const row = cells(operation, outcome);
    row[1] = paint(outcome.result, row[1]);
    table.push(row);
  }
  return `${table.toString()}\n${resultTally(operation, outcomes)}`;
}

function escapeMarkdownCell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

/** The same summary as a GitHub-flavoured Markdown table, for $GITHUB_STEP_SUMMARY. */
export function renderMarkdownSummary(operation: FleetOperation, outcomes: readonly StackOutcome[]): string {
  const head = headers(operation);
  const lines = [
    `### Tenant fleet ${operation}`,
    "",
    resultTally(operation, outcomes),
    "",
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...outcomes.map((outcome) => `| ${cells(operation, outcome).map(escapeMarkdownCell).join(" | ")} |`),
  ];
  return `${lines.join("\n")}\n`;
}

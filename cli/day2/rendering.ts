/** Text the Day-2 commands print: verdict lines, tables, byte counts and times. */
import Table from "cli-table3";
import { createColors } from "picocolors";
import type { CheckResult, CheckStatus } from "./check-result";

export type Colors = ReturnType<typeof createColors>;

export function colors(enabled: boolean): Colors {
  return createColors(enabled);
}

const LABELS: Record<CheckStatus, string> = { pass: "PASS", fail: "FAIL", warn: "WARN", "not-checkable": "N/A " };

function paint(c: Colors, status: CheckStatus, text: string): string {
  if (status === "pass") return c.green(text);
  if (status === "fail") return c.red(text);
  if (status === "warn") return c.yellow(text);
  return c.dim(text);
}

/** `PASS name: detail`, and an indented `fix:` line for anything that is not a pass. */
export function formatCheckResult(result: CheckResult, c: Colors): string {
  const lines = [`${paint(c, result.status, LABELS[result.status])}  ${c.bold(result.name)}: ${result.detail}`];
  if (result.status !== "pass" && result.fix) lines.push(`      ${c.dim("fix:")} ${result.fix}`);
  return lines.join("\n");
}

export function formatDoctorSummary(
  results: readonly CheckResult[],
  c: Colors,
  verdicts: { broken: string; fine: string } = { broken: "broken links found", fine: "all checkable links work" },
): string {
  const count = (status: CheckStatus) => results.filter((result) => result.status === status).length;
  const parts = [`${count("pass")} passed`, `${count("fail")} failed`, `${count("warn")} warned`, `${count("not-checkable")} not checkable`];
  const verdict = count("fail") > 0 ? c.red(verdicts.broken) : c.green(verdicts.fine);
  return `${verdict} (${parts.join(", ")})`;
}

export function renderTable(head: string[], rows: string[][], color: boolean): string {
  // No rule between rows: one line per connection or event reads faster.
  const table = new Table({
    head,
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
    style: { head: color ? ["cyan"] : [], border: color ? ["grey"] : [] },
  });
  table.push(...rows);
  return table.toString();
}

/** 1536 -> "1.5 KiB". */
export function formatBytes(value: string | number | undefined): string {
  const bytes = Number(value ?? 0);
  if (!Number.isFinite(bytes)) return String(value);
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let amount = bytes;
  let unit = 0;
  while (amount >= 1024 && unit < units.length - 1) {
    amount /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${amount.toFixed(1)} ${units[unit]}`;
}

/** "2h 05m" since `start`, for how long a connection has been up. */
export function formatElapsed(startMs: number, nowMs: number): string {
  const minutes = Math.max(0, Math.floor((nowMs - startMs) / 60_000));
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours}h ${String(minutes % 60).padStart(2, "0")}m` : `${minutes}m`;
}

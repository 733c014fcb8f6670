/**
 * Mutation scores per file, as Stryker computes them (mutation-testing-metrics' `mutationScore`):
 * detected (killed or timed out) over valid mutants (detected, survived or without coverage). Mutants
 * that do not compile or crash the runner are not valid; ignored ones (a `Stryker disable` comment with its
 * reason) are not counted.
 */
export type MutantStatus = "Killed" | "Survived" | "NoCoverage" | "CompileError" | "RuntimeError" | "Timeout" | "Ignored" | "Pending";

export interface FileScore {
  file: string;
  detected: number;
  survived: number;
  noCoverage: number;
  ignored: number;
  /** Percent of valid mutants detected; 100 for a file with none. */
  score: number;
}

export function fileScores(results: readonly { fileName: string; status: MutantStatus }[], files: readonly string[]): FileScore[] {
  return files.map((file) => {
    const statuses = results.filter((result) => result.fileName === file).map((result) => result.status);
    const count = (...wanted: MutantStatus[]) => statuses.filter((status) => wanted.includes(status)).length;
    const detected = count("Killed", "Timeout");
    const survived = count("Survived");
    const noCoverage = count("NoCoverage");
    const valid = detected + survived + noCoverage;
    return { file, detected, survived, noCoverage, ignored: count("Ignored"), score: valid === 0 ? 100 : (100 * detected) / valid };
  });
}

/** Floors, so 89.996 never shows as a passing 90.00. */
export const formatScore = (score: number) => `${(Math.floor(score * 100) / 100).toFixed(2)}%`;

export function scoreTable(rows: readonly { title: string; score: FileScore }[], minimum: number): string {
  const header = ["module", "file", "score", "killed", "survived", "no coverage", "ignored"];
  const body = rows.map(({ title, score }) => [
    title,
    score.file,
    `${formatScore(score.score)}${score.score < minimum ? " (below " + minimum + "%)" : ""}`,
    String(score.detected),
    String(score.survived),
    String(score.noCoverage),
    String(score.ignored),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...body].map((row) => row[column].length)));
  return [header, ...body].map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd()).join("\n") + "\n";
}

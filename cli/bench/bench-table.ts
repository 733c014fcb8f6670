import Table from "cli-table3";
import { BenchResult } from "./run-bench";

export const benchColumns = ["Scenario", "Resources", "Median ms", "× empty", "Endpoint changes in flight (max)", "Longest chain"] as const;

/** The benchmark's result table. Pure. */
export function renderBenchTable(results: BenchResult[]): string {
  const table = new Table({ head: [...benchColumns], style: { head: [], border: [] }, colAligns: ["left", "right", "right", "right", "right", "right"] });
  for (const result of results) {
    table.push([
      result.scenario,
      String(result.resources),
      result.medianMs.toFixed(result.medianMs < 10 ? 2 : 1),
      `${result.ratioToBaseline.toFixed(1)}×`,
      result.endpointChanges ? String(result.endpointChanges.maxInFlight) : "-",
      result.endpointChanges ? String(result.endpointChanges.longestChain) : "-",
    ]);
  }
  return table.toString();
}

import { Listr, type ListrTaskWrapper } from "listr2";
import type { FleetOperation, FleetReporter, StackOutcome } from "./run-fleet";
import { formatOutcome, formatProgress } from "./progress-text";

// The wrapper's renderer type parameters do not matter here: only `title` and `output` are set.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type TaskWrapper = ListrTaskWrapper<unknown, any, any>;

interface StackLine {
  task?: TaskWrapper;
  title: string;
  output?: string;
  settle: (outcome: StackOutcome) => void;
  settled: Promise<StackOutcome>;
}

/**
 * A live status line per stack on a terminal, drawn by listr2.
 *
 * listr2 only draws: the orchestration (`runFleet`) decides when a stack starts, so the concurrency bound lives
 * in one place. Every stack's task starts at once and waits for its stack's outcome; queued stacks say so.
 */
export function createListrReporter(
  operation: FleetOperation,
  stacks: readonly string[],
  options: { renderer?: "default" | "silent" } = {},
): { reporter: FleetReporter; finished: Promise<unknown>; titles: () => string[] } {
  const lines = new Map<string, StackLine>();
  for (const stack of stacks) {
    let settle: (outcome: StackOutcome) => void = () => undefined;
    const settled = new Promise<StackOutcome>((resolve) => (settle = resolve));
    lines.set(stack, { title: `${stack}: queued`, settle, settled });
  }

  // A stack may report before listr2 has called its task, so the latest title and output are kept and
  // applied when the task arrives.
  const update = (stack: string, change: { title?: string; output?: string }): void => {
    const line = lines.get(stack);
    if (!line) return;
    if (change.title !== undefined) line.title = change.title;
    if (change.output !== undefined) line.output = change.output;
    if (line.task) {
      line.task.title = line.title;
      if (line.output !== undefined) line.task.output = line.output;
    }
  };

  const list = new Listr(
    stacks.map((stack) => ({
      title: `${stack}: queued`,
      task: async (_context: unknown, task: TaskWrapper) => {
        const line = lines.get(stack)!;
        line.task = task;
        update(stack, {});
        const outcome = await line.settled;
        if (outcome.result === "failed") throw new Error(`${stack}: ${formatOutcome(operation, outcome)}`);
      },
      rendererOptions: { outputBar: 1, persistentOutput: false },
    })),
    { concurrent: true, exitOnError: false, renderer: options.renderer ?? "default", rendererOptions: { collapseErrors: false } },
  );

  const reporter: FleetReporter = {
    stackStarted: (stack) => update(stack, { title: `${stack}: ${operation} running` }),
    stackProgress: (stack, progress) => update(stack, { output: formatProgress(progress) }),
    stackFinished: (outcome) => {
      update(outcome.stack, { title: `${outcome.stack}: ${formatOutcome(operation, outcome)}` });
      lines.get(outcome.stack)?.settle(outcome);
    },
  };
  return { reporter, finished: list.run(), titles: () => stacks.map((stack) => lines.get(stack)!.title) };
}

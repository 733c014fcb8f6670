/**
 * What the doctor shows while it runs: on a terminal, a live listr2 line per check (spinning while the
 * check settles); elsewhere, one plain line when a check starts waiting. The final report is printed
 * separately, in check order, either way.
 */
import { Listr, type ListrTaskWrapper } from "listr2";
import type { CheckResult, DoctorCheck } from "./check-result";

export interface DoctorProgress {
  update(index: number, result: CheckResult): void;
  /** Resolves once the display has drawn its last frame. */
  finish(): Promise<void>;
}

export function plainProgress(writeOut: (text: string) => void): DoctorProgress {
  const announced = new Set<number>();
  return {
    update(index, result) {
      if (result.settling && !announced.has(index)) {
        announced.add(index);
        writeOut(`waiting: ${result.name}: ${result.detail}\n`);
      }
    },
    finish: async () => undefined,
  };
}

// Only `title` is set on the wrapper; its renderer type parameters do not matter here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type TaskWrapper = ListrTaskWrapper<unknown, any, any>;

export function listrProgress(checks: readonly DoctorCheck[]): DoctorProgress {
  const lines = checks.map((check) => {
    let settle: (result: CheckResult) => void = () => undefined;
    const settled = new Promise<CheckResult>((resolve) => (settle = resolve));
    return { title: `${check.name}: checking`, task: undefined as TaskWrapper | undefined, settle, settled };
  });
  const list = new Listr(
    lines.map((line) => ({
      title: line.title,
      task: async (_context: unknown, task: TaskWrapper) => {
        line.task = task;
        task.title = line.title;
        const result = await line.settled;
        if (result.status === "fail") throw new Error(line.title);
        if (result.status !== "pass") task.skip(line.title);
      },
    })),
    { concurrent: true, exitOnError: false, rendererOptions: { collapseErrors: false } },
  );
  const finished = list.run().then(() => undefined, () => undefined);
  return {
    update(index, result) {
      const line = lines[index];
      line.title = result.settling ? `${result.name}: waiting (${result.detail})` : `${result.name}: ${result.detail}`;
      if (line.task) line.task.title = line.title;
      if (!result.settling) line.settle(result);
    },
    finish: () => finished,
  };
}

import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runPlanCli } from "./cli";
import { PLAN_EXIT_CODES } from "./exit-codes";

// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org/).
const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

runPlanCli(process.argv.slice(2), {
  writeOut: (text) => process.stdout.write(text),
  writeErr: (text) => process.stderr.write(text),
  color,
  cwd: process.cwd(),
  now: new Date(),
  writeFiles: async (directory, files, stale) => {
    await mkdir(directory, { recursive: true });
    await Promise.all([
      ...Object.entries(files).map(([name, content]) => writeFile(join(directory, name), content, "utf8")),
      ...stale.map((name) => rm(join(directory, name), { force: true })),
    ]);
  },
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Only a bug gets here; user mistakes are reported inside runPlanCli without a stack trace.
    console.error(error);
    process.exitCode = PLAN_EXIT_CODES.internalError;
  },
);

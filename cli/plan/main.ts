import { runPlanCli } from "./cli";
import { writePlanFiles } from "./write-plan-files";
import { exitWith } from "../shared/exit-with";
import { invocationDirectory } from "../shared/invocation-directory";

// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org/).
const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

void exitWith(
  runPlanCli(process.argv.slice(2), {
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
    color,
    cwd: invocationDirectory(),
    now: new Date(),
    writeFiles: writePlanFiles,
  }),
);

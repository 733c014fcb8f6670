import { appendFile } from "node:fs/promises";
import { resolve } from "node:path";
import { isColorSupported } from "picocolors";
import { runCli } from "./cli";
import { LocalWorkspaceBackend } from "./local-workspace-backend";
import { exitWith } from "../shared/exit-with";
import { invocationDirectory } from "../shared/invocation-directory";

// The project root (where Pulumi.yaml is), whatever folder the command was started from.
const projectDir = resolve(__dirname, "..", "..");

void exitWith(
  runCli(process.argv.slice(2), {
    createBackend: () => LocalWorkspaceBackend.create(projectDir),
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
    interactive: Boolean(process.stdout.isTTY) && !process.env.CI,
    color: isColorSupported,
    stepSummaryPath: process.env.GITHUB_STEP_SUMMARY || undefined,
    appendFile: (path, text) => appendFile(path, text, "utf8"),
    cwd: invocationDirectory(),
  }),
);

/** The real Day-2 environment: Pulumi Automation API, AWS SDK default chain, Graph via @azure/identity. */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { isColorSupported } from "picocolors";
import { readTextFileCapped } from "../shared/capped-file";
import { createAwsClients } from "./aws-clients";
import type { Day2Environment } from "./day2-environment";
import { exitWith } from "../shared/exit-with";
import { createGraphClient } from "./graph-session";
import { automationStackReader } from "./stack-context";
import { invocationDirectory } from "../shared/invocation-directory";

// The project root (where Pulumi.yaml is), whatever folder the command was started from.
const projectDir = resolve(__dirname, "..", "..");

export function mainEnvironment(): Day2Environment {
  let stopped: Promise<void> | undefined;
  return {
    stacks: automationStackReader(projectDir),
    createAws: createAwsClients,
    createGraph: (context) => createGraphClient(context, process.env),
    // Relative to the folder the user ran `npm run` from, not the project root npm starts the script in.
    readFile: (path, maxBytes) => {
      const absolute = resolve(invocationDirectory(), path);
      return maxBytes === undefined ? readFile(absolute, "utf8") : readTextFileCapped(absolute, maxBytes);
    },
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
    interactive: Boolean(process.stdout.isTTY) && !process.env.CI,
    color: isColorSupported,
    now: () => Date.now(),
    sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
    // Created on first use (only --watch asks): a SIGINT listener replaces Node's default exit on Ctrl-C.
    get stopped() {
      stopped ??= new Promise<void>((done) => process.once("SIGINT", () => done()));
      return stopped;
    },
  };
}

/** Runs a command and sets the exit code; only a bug in the command itself prints a stack trace. */
export function runMain(command: (argv: readonly string[], env: Day2Environment) => Promise<number>): void {
  void exitWith(command(process.argv.slice(2), mainEnvironment()));
}

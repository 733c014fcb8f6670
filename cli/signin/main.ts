/** Entry point of `npm run signin-check`; the command itself is signin-command.ts. */
import { resolve } from "node:path";
import { isColorSupported } from "picocolors";
import { openBrowser } from "../connect/browser";
import { automationStackReader } from "../day2/stack-context";
import { exitWith } from "../shared/exit-with";
import { DEFAULT_ACS_PORT } from "../shared/saml-sign-in/acs-listener";
import { runSignInCommand } from "./signin-command";

const abort = new AbortController();
process.once("SIGINT", () => abort.abort());
process.once("SIGTERM", () => abort.abort());

void exitWith(
  runSignInCommand(process.argv.slice(2), {
    // The project root (where Pulumi.yaml is), whatever folder the command was started from.
    stacks: automationStackReader(resolve(__dirname, "..", "..")),
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
    color: isColorSupported,
    now: () => new Date(),
    env: process.env,
    uid: process.getuid?.(),
    openBrowser,
    signal: abort.signal,
    acsPort: DEFAULT_ACS_PORT,
  }),
);

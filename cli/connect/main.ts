/** Entry point of `npm run connect`; the command itself is connect-command.ts. */
import { EXIT } from "../shared/exit-codes";
import { runConnectCommand } from "./connect-command";

const abort = new AbortController();
process.once("SIGINT", () => abort.abort());
process.once("SIGTERM", () => abort.abort());

runConnectCommand(process.argv.slice(2), {
  env: process.env,
  uid: process.getuid?.(),
  writeErr: (text) => process.stderr.write(text),
  writeOut: (text) => process.stdout.write(text),
  signal: abort.signal,
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // An unexpected fault, not a user mistake: keep the stack for the bug report.
    console.error(error);
    process.exit(EXIT.internalError);
  },
);

import { isAbsolute } from "node:path";

/**
 * The folder the user ran the command from. `npm run` starts scripts in the project root, so relative paths
 * given on the command line must be resolved against INIT_CWD, which npm sets for exactly this:
 * "INIT_CWD: The full path of the directory from which npm was invoked"
 * (https://docs.npmjs.com/cli/v10/commands/npm-run-script, and npm's lifecycle environment,
 * https://docs.npmjs.com/cli/v10/using-npm/scripts#current-lifecycle-event). Run without npm, it is the
 * process's own working directory.
 */
export function invocationDirectory(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const initCwd = env.INIT_CWD;
  return initCwd && isAbsolute(initCwd) ? initCwd : cwd;
}

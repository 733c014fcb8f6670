/** Exit codes of `npm run plan`. */
export const PLAN_EXIT_CODES = {
  /** The plan was printed and its files written. */
  planned: 0,
  /** The stack's configuration (or its stack file) is wrong; the problems were printed. Nothing was written. */
  invalidStack: 1,
  /** Bad flags (sysexits.h EX_USAGE). */
  usage: 64,
  /** A bug in the plan or the program: printed with its stack trace (sysexits.h EX_SOFTWARE). */
  internalError: 70,
} as const;

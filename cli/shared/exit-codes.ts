/**
 * The one exit-code convention of every command in this project (plan, bench, tenants, doctor, connections,
 * logs, saml-check, connect, and every command added later). Usage and internal errors follow sysexits.h, as
 * plan and tenants always did; the two "ran, and the answer is no" codes mirror `terraform plan
 * -detailed-exitcode`, where 2 means "ran fine, something to act on".
 */
export const EXIT = {
  /** The command did what it was asked and found nothing wrong. */
  ok: 0,
  /**
   * The command ran and its subject is broken: the stack's config is invalid, a doctor check failed, AWS would
   * refuse the SAML response, a tenant stack failed, the VPN connection failed.
   */
  failed: 1,
  /**
   * The command ran and found something to act on that is not a failure of the command: drift (tenants drift),
   * a mandatory policy violation in an otherwise valid plan (plan). Failure (1) wins over this.
   */
  attention: 2,
  /**
   * The invocation is wrong: unknown or malformed flags, a missing argument, or a file or folder named on the
   * command line that cannot be read or written (sysexits.h EX_USAGE). The message names the flag and the fix.
   */
  usage: 64,
  /** A bug, not a user mistake: printed with its stack trace (sysexits.h EX_SOFTWARE). */
  internalError: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

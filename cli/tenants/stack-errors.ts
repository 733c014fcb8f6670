import { StackOperationError } from "./fleet-backend";
import { commandResultOf, pulumiCliMessage } from "../shared/pulumi-cli-error";

/** The error and its `cause` chain, outermost first. */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && !chain.includes(current)) {
    chain.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

/**
 * Pulumi's `--expect-no-changes` failure, which for a drift check means "drift found", not "check failed".
 *
 * The CLI reports it two ways, and both are checked:
 * - the message "no changes were expected but changes were proposed" (preview) or "... but changes occurred"
 *   (up, refresh): https://github.com/pulumi/pulumi/blob/master/pkg/cmd/pulumi/operations/preview.go and
 *   `NoChangesExpectedError` in https://github.com/pulumi/pulumi/blob/master/pkg/backend/backenderr/backenderr.go
 * - exit code 7 (`ExitNoChanges`), from CLI v3.226.1 on:
 *   https://www.pulumi.com/docs/iac/cli/exit-codes/ and
 *   https://github.com/pulumi/pulumi/blob/master/pkg/cmd/pulumi/cmd/exit_codes.go
 * The Automation API turns a non-zero exit into a CommandError whose message embeds the CLI's stderr
 * (@pulumi/pulumi/automation/errors.js, cmd.js `CommandResult.toString`).
 */
export function isNoChangesExpectedError(error: unknown): boolean {
  return causeChain(error).some((link) => {
    if (commandResultOf(link)?.code === 7) return true;
    const text = `${link instanceof Error ? link.message : String(link)}\n${commandResultOf(link)?.stderr ?? ""}`;
    return /no changes were expected/i.test(text);
  });
}

const MAX_DESCRIPTION_LENGTH = 400;

/**
 * One readable line (or a few) for the summary table, instead of the Automation API's full
 * "code: … stdout: … stderr: …" dump. Prefers the engine's own error diagnostics, then the CLI's "error:" lines.
 */
export function describeError(error: unknown): string {
  const chain = causeChain(error);
  const diagnostics = chain.flatMap((link) => (link instanceof StackOperationError ? link.diagnostics : []));
  // The outermost error that is not just a wrapper carries the most specific message.
  const primary = chain.find((link) => !(link instanceof StackOperationError)) ?? chain[chain.length - 1];
  const chosen = diagnostics.length > 0 ? diagnostics : pulumiCliMessage(primary);
  const description = [...new Set(chosen)].join("; ") || "unknown error";
  return description.length > MAX_DESCRIPTION_LENGTH
    ? `${description.slice(0, MAX_DESCRIPTION_LENGTH - 1)}…`
    : description;
}

import { stripVTControlCharacters } from "node:util";

/**
 * The Automation API turns a failed `pulumi` run into a CommandError whose message is a dump of the whole
 * result ("code: -2\n stdout: …\n stderr: …", @pulumi/pulumi/automation/cmd.js `CommandResult.toString`) and keeps
 * the result itself on a (TypeScript-private) `commandResult` field. When execa rejects (a non-zero exit, or no
 * binary at all), `stderr` holds execa's message: "Command failed with exit code 255: pulumi stack select …"
 * followed by the CLI's own stderr, whose errors start with "error:".
 */
interface CommandResultLike {
  readonly code?: number;
  readonly stderr?: string;
  readonly err?: { code?: unknown };
}

export function commandResultOf(error: unknown): CommandResultLike | undefined {
  if (typeof error !== "object" || error === null || !("commandResult" in error)) return undefined;
  const result = (error as { commandResult?: unknown }).commandResult;
  return typeof result === "object" && result !== null ? (result as CommandResultLike) : undefined;
}

/** True when the `pulumi` binary itself could not be started (not installed, not on PATH). */
export function isPulumiCliMissing(error: unknown): boolean {
  const result = commandResultOf(error);
  if (result?.err?.code === "ENOENT") return true;
  return /\bENOENT\b/.test(`${result?.stderr ?? ""}\n${error instanceof Error ? error.message : ""}`);
}

/**
 * What Pulumi itself said, in its own words: the CLI's "error:" lines, else the first line of its stderr,
 * else the error's message. Colour codes are removed; nothing is shortened.
 */
export function pulumiCliMessage(error: unknown): string[] {
  const stderr = commandResultOf(error)?.stderr?.trim();
  const text = stderr || (error instanceof Error ? error.message : String(error));
  const lines = text
    .split(/\r?\n/)
    .map((line) => stripVTControlCharacters(line).trim())
    .filter((line) => line.length > 0);
  const errorLines = lines.filter((line) => /^error:/i.test(line));
  if (errorLines.length > 0) return [...new Set(errorLines)];
  // execa's own first line names the command, not the problem; Pulumi's text follows it.
  const own = lines.filter((line) => !/^Command failed with /.test(line));
  return (own.length > 0 ? own : lines).slice(0, 1);
}

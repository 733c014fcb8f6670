/**
 * A value someone else chose (a header, an attribute of a posted XML), made safe to print in a refusal: quoted,
 * cut to a readable length, on one line, with terminal control characters replaced (printable-text.ts), so a POST
 * cannot rewrite the user's terminal through the CLI's warnings, and with no quote or backslash of its own.
 */
import { printable } from "../printable-text";

export function quoteUntrusted(value: string, maxLength = 120): string {
  const cut = value.length > maxLength ? `${value.slice(0, maxLength)}…` : value;
  return `"${printable(cut).replace(/[\n\t"\\]/g, "?")}"`;
}

/**
 * A value someone else chose (a header, an attribute of a posted XML), made safe to print in a refusal: quoted,
 * cut to a readable length, with control characters (C0, DEL and C1, which include terminal escape sequences)
 * replaced, so a POST cannot rewrite the user's terminal through the CLI's warnings.
 */
export function quoteUntrusted(value: string, maxLength = 120): string {
  const cut = value.length > maxLength ? `${value.slice(0, maxLength)}…` : value;
  const safe = Array.from(cut, (character) => {
    const code = character.codePointAt(0) as number;
    return code < 0x20 || (code >= 0x7f && code <= 0x9f) || character === '"' || character === "\\" ? "?" : character;
  }).join("");
  return `"${safe}"`;
}

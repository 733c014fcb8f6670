/**
 * OpenVPN's own config-file syntax, reproduced exactly, so that the directives the CLI checks are the directives
 * OpenVPN will run. A looser reading (splitting on blanks, or ending an inline block only on an exact `</ca>` line)
 * would let a profile hide a directive from the check: OpenVPN reads `"scr"ipt-security` as the two words `scr` and
 * `ipt-security`, and ends a `<ca>` block at any line that merely starts with `</ca>` (`</ca>junk` ends it too).
 *
 * Source: OpenVPN src/openvpn/options_parse.c on master (src/openvpn/options.c in 2.6), functions parse_line,
 * bypass_doubledash, check_inline_file and read_inline_file:
 * https://github.com/OpenVPN/openvpn/blob/master/src/openvpn/options_parse.c
 * - tokens are separated by C isspace(); `"…"` quotes with `\"` and `\\` escapes, `'…'` quotes with no escapes;
 *   outside single quotes a backslash may only escape `\`, `"` or a blank, any other use is an error;
 * - `#` or `;` where a token would start ends the line (a comment), even after a backslash;
 * - a leading `--` on the first word is dropped when the word is at least 3 characters long;
 * - a line whose only word is `<name>` opens an inline block, closed by the first line that, after leading
 *   blanks, starts with `</name>`; the rest of that line is ignored. The first line may start with a UTF-8 BOM.
 */

/** C isspace() in the "C" locale: space, \t, \n, \v, \f, \r. */
const C_SPACE = new Set([" ", "\t", "\n", "\v", "\f", "\r"]);

function isSpace(character: string): boolean {
  return character === "\0" || C_SPACE.has(character);
}

export type TokenizedLine = { ok: true; words: string[] } | { ok: false; problem: string };

/** One config line split the way OpenVPN's parse_line splits it. */
export function tokenizeLine(line: string): TokenizedLine {
  type State = "initial" | "unquoted" | "quoted" | "single-quoted";
  let state: State = "initial";
  let backslash = false;
  let word = "";
  const words: string[] = [];
  // The C loop also runs once on the terminating NUL, which ends an unquoted word.
  for (let index = 0; index <= line.length; index += 1) {
    const input = index < line.length ? line[index] : "\0";
    let output: string | undefined;
    if (!backslash && input === "\\" && state !== "single-quoted") {
      backslash = true;
      continue;
    }
    let done = false;
    if (state === "initial") {
      if (!isSpace(input)) {
        if (input === ";" || input === "#") break;
        if (!backslash && input === '"') state = "quoted";
        else if (!backslash && input === "'") state = "single-quoted";
        else {
          output = input;
          state = "unquoted";
        }
      }
    } else if (state === "unquoted") {
      if (!backslash && isSpace(input)) done = true;
      else output = input;
    } else if (state === "quoted") {
      if (!backslash && input === '"') done = true;
      else output = input;
    } else if (input === "'") {
      done = true;
    } else {
      output = input;
    }
    if (done) {
      words.push(word);
      word = "";
      state = "initial";
    }
    if (output === "\0") output = undefined;
    if (backslash && output !== undefined && !(output === "\\" || output === '"' || isSpace(output))) {
      return { ok: false, problem: "a backslash may only escape \\, \" or a blank" };
    }
    backslash = false;
    if (output !== undefined) word += output;
  }
  if (state === "quoted") return { ok: false, problem: 'no closing quotation mark (")' };
  if (state === "single-quoted") return { ok: false, problem: "no closing single quotation mark (')" };
  return { ok: true, words };
}

/** The first word as OpenVPN looks it up: `--verb` is `verb`, but `--` and `--x`... only from 3 characters on. */
export function directiveName(firstWord: string): string {
  return firstWord.length >= 3 && firstWord.startsWith("--") ? firstWord.slice(2) : firstWord;
}

/** The block name when the line's words open an inline block (`<ca>`), else undefined. */
export function inlineBlockName(words: readonly string[]): string | undefined {
  if (words.length !== 1) return undefined;
  const word = directiveName(words[0]);
  if (word.length < 2 || !word.startsWith("<") || !word.endsWith(">")) return undefined;
  return word.slice(1, -1);
}

/** True when OpenVPN ends the block `name` at this line. */
export function closesInlineBlock(line: string, name: string): boolean {
  let start = 0;
  while (start < line.length && C_SPACE.has(line[start])) start += 1;
  return line.startsWith(`</${name}>`, start);
}

/** The file's lines as OpenVPN's fgets() sees them: split at \n only, a UTF-8 BOM on the first line dropped. */
export function configLines(text: string): string[] {
  return text.replace(/^\uFEFF/, "").split("\n");
}

const PLAIN_WORD = /^[A-Za-z0-9_.:/@=,+%-]+$/;

/**
 * One directive line that OpenVPN reads back as exactly `words`: a word is written bare when it has only plain
 * characters and cannot start a comment or a block, otherwise in double quotes with `\` and `"` escaped.
 */
export function formatDirective(words: readonly string[]): string {
  return words.map((word) => (PLAIN_WORD.test(word) ? word : `"${word.replace(/["\\]/g, (character) => `\\${character}`)}"`)).join(" ");
}

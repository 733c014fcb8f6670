/**
 * What the docs say about each command: the options tables (a table right after `<!-- options: <script> -->`,
 * flags in its first column) and every `npm run <script> -- …` command line in code.
 */
import { Lexer, marked, type Token, type Tokens } from "marked";

export const optionsMarker = (script: string) => `<!-- options: ${script} -->`;
export const subcommandsMarker = (script: string) => `<!-- subcommands: ${script} -->`;

export interface DocumentedTable {
  script: string;
  /** The long options (or subcommand names) in the table's first column. */
  entries: string[];
}

const markerPattern = /^<!-- (options|subcommands): ([a-z0-9-]+) -->\s*$/;

/** The options and subcommands tables of a page, each under its marker. */
export function documentedTables(markdown: string): { options: DocumentedTable[]; subcommands: DocumentedTable[]; problems: string[] } {
  const tokens = Lexer.lex(markdown).filter((token) => token.type !== "space");
  const options: DocumentedTable[] = [];
  const subcommands: DocumentedTable[] = [];
  const problems: string[] = [];
  tokens.forEach((token, index) => {
    const marker = token.type === "html" ? markerPattern.exec(token.raw.trim()) : null;
    if (!marker) return;
    const [, kind, script] = marker;
    const table = tokens[index + 1];
    if (table?.type !== "table") {
      problems.push(`${token.raw.trim()} is not followed by a table`);
      return;
    }
    const firstColumn = (table as Tokens.Table).rows.map((row) => row[0].text);
    if (kind === "options") {
      options.push({ script, entries: firstColumn.flatMap((text) => text.match(/--[a-z0-9][a-z0-9-]*/g) ?? []) });
    } else {
      subcommands.push({ script, entries: firstColumn.flatMap((text) => /^`([a-z][a-z0-9-]*)`/.exec(text)?.[1] ?? []) });
    }
  });
  return { options, subcommands, problems };
}

export interface CommandLine {
  script: string;
  /** The words after `--`, as written. */
  words: string[];
  text: string;
}

/** Every `npm run <script>` in code blocks and code spans, with the words passed to the command. */
export function documentedCommandLines(markdown: string): CommandLine[] {
  const lines: CommandLine[] = [];
  marked.walkTokens(Lexer.lex(markdown), (token: Token) => {
    if (token.type !== "code" && token.type !== "codespan") return;
    for (const match of String(token.text).matchAll(/npm run ([a-z0-9-]+)((?: +[^\s&|;#]+)*)/g)) {
      const words = match[2].trim().split(/ +/).filter(Boolean);
      lines.push({ script: match[1], words: words[0] === "--" ? words.slice(1) : [], text: match[0] });
    }
  });
  return lines;
}

/**
 * What differs between a command's `--help` and its options table, as one message per option, each saying
 * what to change. `where` names the page.
 */
export function optionDrift(script: string, helpFlags: readonly string[], documented: readonly string[], where: string): string[] {
  const undocumented = helpFlags.filter((flag) => !documented.includes(flag));
  const gone = documented.filter((flag) => !helpFlags.includes(flag));
  return [
    ...undocumented.map((flag) => `npm run ${script} -- --help lists ${flag}, which the options table for ${script} in ${where} does not document: add a row for it`),
    ...gone.map((flag) => `${where} documents ${flag} for ${script}, but npm run ${script} -- --help has no such option: remove its row, or bring the option back`),
  ];
}

/**
 * Links and heading anchors of Markdown files, read with a Markdown parser (marked) so code blocks and
 * code spans are never mistaken for links, and anchors slugged the way GitHub slugs headings
 * (github-slugger, which also numbers repeated headings: `#usage`, `#usage-1`).
 */
import { posix } from "node:path";
import GithubSlugger from "github-slugger";
import { Lexer, marked, type Token } from "marked";

/** Every link and image target of the document, in order. */
export function markdownLinks(markdown: string): string[] {
  return readMarkdown(markdown).links;
}

/** The anchors GitHub gives the document's headings. */
export function headingAnchors(markdown: string): Set<string> {
  return readMarkdown(markdown).anchors;
}

/** One pass of the parser: the links and the heading anchors. */
function readMarkdown(markdown: string): { links: string[]; anchors: Set<string> } {
  const slugger = new GithubSlugger();
  const links: string[] = [];
  const anchors = new Set<string>();
  marked.walkTokens(Lexer.lex(markdown), (token) => {
    if (token.type === "link" || token.type === "image") links.push(token.href);
    else if (token.type === "heading") anchors.add(slugger.slug(plainText(token.tokens ?? [])));
  });
  return { links, anchors };
}

/** The text a reader sees: code spans keep their content, HTML tags are dropped. */
function plainText(tokens: readonly Token[]): string {
  return tokens
    .map((token) => {
      if (token.type === "html") return "";
      if ("tokens" in token && token.tokens?.length) return plainText(token.tokens);
      return "text" in token ? String(token.text) : "";
    })
    .join("");
}

export interface LinkProblem {
  file: string;
  href: string;
  problem: string;
}

/**
 * Checks every relative link of `files` (paths relative to the repository root, with their text): the
 * target exists, and an anchor names a heading of the target Markdown file. Links with a scheme
 * (https:, mailto:) are left alone: this machine checks what it can read.
 */
export function checkLinks(files: ReadonlyMap<string, string>, exists: (path: string) => boolean, read: (path: string) => string): LinkProblem[] {
  const parsed = new Map<string, { links: string[]; anchors: Set<string> }>();
  const parse = (path: string) => {
    let found = parsed.get(path);
    if (!found) parsed.set(path, (found = readMarkdown(files.get(path) ?? read(path))));
    return found;
  };
  const anchors = (path: string) => parse(path).anchors;
  const problems: LinkProblem[] = [];
  for (const file of files.keys()) {
    for (const href of parse(file).links) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
      const hash = href.indexOf("#");
      const pathPart = decodeURI(hash === -1 ? href : href.slice(0, hash));
      const anchor = hash === -1 ? undefined : decodeURIComponent(href.slice(hash + 1));
      const target = pathPart === "" ? file : posix.normalize(posix.join(posix.dirname(file), pathPart));
      const problem = (text: string) => problems.push({ file, href, problem: text });
      if (target.startsWith("../") || posix.isAbsolute(target)) {
        problem(`points outside the repository (${target}); link to files inside it, or use a full https:// URL`);
        continue;
      }
      if (!files.has(target) && !exists(target)) {
        problem(`${target} does not exist`);
        continue;
      }
      if (anchor === undefined) continue;
      if (!target.endsWith(".md")) {
        problem(`has an anchor, but ${target} is not a Markdown page`);
        continue;
      }
      if (!anchors(target).has(anchor)) {
        const known = [...anchors(target)].map((a) => `#${a}`).join(", ");
        problem(`${target} has no heading with the anchor #${anchor} (its anchors: ${known})`);
      }
    }
  }
  return problems;
}

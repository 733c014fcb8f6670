import { describe, expect, it } from "vitest";
import { blockEnd, blockStart, findBlocks, GeneratedBlockError, replaceBlocks } from "../../cli/docs/generated-blocks";

const page = [
  "# Page",
  "hand-written",
  blockStart("config-vpn"),
  "old table",
  blockEnd("config-vpn"),
  "",
  "```markdown",
  blockStart("shown-in-a-code-block"),
  blockEnd("shown-in-a-code-block"),
  "```",
  blockStart("example"),
  "```text",
  "$ npm run plan",
  "```",
  blockEnd("example"),
  "the end",
].join("\n");

describe("generated blocks", () => {
  it("finds each block with its content and line, and not the markers shown inside a code block", () => {
    expect(findBlocks(page, "page.md")).toEqual([
      { id: "config-vpn", content: "old table", line: 3 },
      { id: "example", content: "```text\n$ npm run plan\n```", line: 11 },
    ]);
  });

  it("replaces only the named blocks and keeps every hand-written line", () => {
    const replaced = replaceBlocks(page, "page.md", new Map([["config-vpn", "new table\nsecond line"]]));
    expect(replaced).toBe(page.replace("old table", "new table\nsecond line"));
  });

  it("replaces a block whose old content holds a code fence", () => {
    const replaced = replaceBlocks(page, "page.md", new Map([["example", "fresh"]]));
    expect(findBlocks(replaced, "page.md").map((block) => block.content)).toEqual(["old table", "fresh"]);
    expect(replaced.endsWith("the end")).toBe(true);
  });

  it.each([
    ["a start without its end", [blockStart("a"), "text"], /page\.md:1: block a has no end marker/],
    ["an end without its start", ["text", blockEnd("a")], /page\.md:2: end of block a without its start marker/],
    ["a block inside another", [blockStart("a"), blockStart("b"), blockEnd("b"), blockEnd("a")], /page\.md:2: block b starts inside block a/],
    ["ends that do not match", [blockStart("a"), blockEnd("b")], /page\.md:2: end of block b without its start marker/],
  ])("refuses %s, naming the line", (_case, lines, message) => {
    expect(() => findBlocks(lines.join("\n"), "page.md")).toThrow(GeneratedBlockError);
    expect(() => findBlocks(lines.join("\n"), "page.md")).toThrow(message);
  });
});

import { describe, expect, it } from "vitest";
import type { DocBlockSource } from "../../cli/docs/doc-block-source";
import { staleMessage, updateDocs } from "../../cli/docs/docs-update";
import { blockEnd, blockStart } from "../../cli/docs/generated-blocks";

const block = (id: string, content: string) => [blockStart(id), content, blockEnd(id)].join("\n");
const source = (id: string, text: string, extra: Partial<DocBlockSource> = {}): DocBlockSource => ({ id, generate: async () => text, ...extra });

describe("regenerating the docs", () => {
  it("rewrites a stale block, leaves a current one, and names the stale one with the fix", async () => {
    const files = new Map([["docs/a.md", `intro\n${block("table", "old")}\n${block("other", "same")}\nend`]]);
    const update = await updateDocs(files, [source("table", "new"), source("other", "same")]);
    expect(update.problems).toEqual([]);
    expect(update.stale).toEqual([{ file: "docs/a.md", id: "table", line: 2 }]);
    expect(update.files.get("docs/a.md")).toBe(`intro\n${block("table", "new")}\n${block("other", "same")}\nend`);
    expect(staleMessage(update.stale)).toBe("docs/a.md:2 table\nThese blocks no longer match what the code produces; run npm run docs and commit the result.");
  });

  it("ignores what differs between runs, but nothing else", async () => {
    const thumbprint = { volatile: [/[0-9A-F]{40}/g] };
    const files = new Map([["a.md", block("run", `key ${"A".repeat(40)} ok`)]]);
    expect((await updateDocs(files, [source("run", `key ${"B".repeat(40)} ok`, thumbprint)])).stale).toEqual([]);
    expect((await updateDocs(files, [source("run", `key ${"B".repeat(40)} FAILED`, thumbprint)])).stale).toHaveLength(1);
  });

  it("regenerates a block marked onlyWhenAsked only when its flag is given", async () => {
    const files = new Map([["a.md", block("bench", "old timings")]]);
    const bench = source("bench", "new timings", { onlyWhenAsked: "--bench" });
    expect((await updateDocs(files, [bench])).stale).toEqual([]);
    expect((await updateDocs(files, [bench], { flags: ["--bench"] })).stale).toHaveLength(1);
  });

  it("checks only the blocks a test asks for, but reports marker problems everywhere", async () => {
    let generated = 0;
    const counted = (id: string): DocBlockSource => ({ id, generate: async () => `${id}${++generated}` });
    const files = new Map([["a.md", `${block("cheap", "x")}\n${block("slow", "y")}`]]);
    const update = await updateDocs(files, [counted("cheap"), counted("slow")], { only: (id) => id === "cheap" });
    expect(update.stale.map((stale) => stale.id)).toEqual(["cheap"]);
    expect(generated).toBe(1);
  });

  const cases: [string, [string, string][], DocBlockSource[], string[]][] = [
    ["a block no generator makes", [["a.md", block("typo", "")]], [source("table", "")], ["a.md:1: no generator makes block typo", "block table is in no page"]],
    ["a block shown twice", [["a.md", block("table", "")], ["b.md", block("table", "")]], [source("table", "")], ["b.md:1: block table is already in a.md:1"]],
    ["a generator whose block is in no page", [["a.md", "text"]], [source("table", "")], ["block table is in no page: put its markers where it belongs, then run npm run docs"]],
    ["a broken marker", [["a.md", blockStart("table")]], [source("table", "")], ["a.md:1: block table has no end marker", "block table is in no page"]],
  ];
  it.each(cases)("reports %s", async (_case, files, sources, problems) => {
    const update = await updateDocs(new Map(files), sources, { only: () => false });
    expect(update.problems.map((problem, index) => problem.startsWith(problems[index] ?? "\0"))).toEqual(problems.map(() => true));
    expect(update.problems).toHaveLength(problems.length);
  });
});

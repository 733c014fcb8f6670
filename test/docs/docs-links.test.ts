import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDocs } from "../../cli/docs/docs-update";
import { checkLinks } from "../../cli/docs/markdown-links";

const root = join(__dirname, "..", "..");
const docs = readDocs(root);

describe("the README and the docs pages", () => {
  it("link only to files and headings that exist", () => {
    const problems = checkLinks(
      docs,
      (path) => existsSync(join(root, path)),
      (path) => readFileSync(join(root, path), "utf8"),
    );
    expect(problems.map((problem) => `${problem.file}: ${problem.href}: ${problem.problem}`)).toEqual([]);
  });

  it("keep the README short: the reference lives in docs/", () => {
    expect(docs.get("README.md")!.split("\n").length).toBeLessThanOrEqual(300);
  });

  it("link every page under docs/ from the README", () => {
    const readme = docs.get("README.md")!;
    const pages = [...docs.keys()].filter((path) => path.startsWith("docs/"));
    expect(pages.filter((page) => !readme.includes(`](${page})`) && !readme.includes(`](${page}#`))).toEqual([]);
  });
});

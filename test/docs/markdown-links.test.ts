import { describe, expect, it } from "vitest";
import { checkLinks, headingAnchors, markdownLinks } from "../../cli/docs/markdown-links";

describe("heading anchors, as GitHub makes them", () => {
  it.each([
    ["## Quick start", "quick-start"],
    ["## Benchmark: `npm run bench`", "benchmark-npm-run-bench"],
    ["### `clientvpn-federation:planNetwork` (offline plan only)", "clientvpn-federationplannetwork-offline-plan-only"],
    ["#### client-vpn-rules-name-groups (mandatory)", "client-vpn-rules-name-groups-mandatory"],
    ["## What it writes: `plan-out/<stack>/` (ignored by git)", "what-it-writes-plan-outstack-ignored-by-git"],
    ["## Every walkthrough step, and what replaces it", "every-walkthrough-step-and-what-replaces-it"],
    ["## Sign-in: the azuread provider's credentials are reused", "sign-in-the-azuread-providers-credentials-are-reused"],
    ["## Day 2: <b>verify</b>", "day-2-verify"],
  ])("%s -> #%s", (heading, anchor) => {
    expect([...headingAnchors(heading)]).toEqual([anchor]);
  });

  it("numbers a repeated heading", () => {
    expect([...headingAnchors("## Usage\n\n## Usage\n")]).toEqual(["usage", "usage-1"]);
  });
});

describe("links", () => {
  it("reads links and images, but not text in code", () => {
    const markdown = "See [a](a.md#x) and ![b](b.png).\n\n`[c](c.md)`\n\n```\n[d](d.md)\n```\n\n| t |\n|---|\n| [e](e.md) |\n";
    expect(markdownLinks(markdown)).toEqual(["a.md#x", "b.png", "e.md"]);
  });

  const files = new Map([
    ["README.md", "# Title\n## Quick start\nSee [config](docs/configuration.md#vpn), [up](#quick-start), [web](https://example.com/x#y).\n"],
    ["docs/configuration.md", "# Configuration\n## vpn\nBack to [the README](../README.md#quick-start) and [the code](../components/config.ts).\n"],
  ]);
  const onDisk = new Set(["README.md", "docs/configuration.md", "components/config.ts", "docs"]);
  const check = (extra: [string, string][]) =>
    checkLinks(new Map([...files, ...extra]), (path) => onDisk.has(path), () => {
      throw new Error("every page is given");
    });

  it("accepts links to files and headings that exist, and leaves web links alone", () => {
    expect(check([])).toEqual([]);
  });

  it.each([
    ["a missing page", "[x](docs/missing.md)", "docs/missing.md does not exist"],
    ["a missing anchor", "[x](configuration.md#aws)", "docs/configuration.md has no heading with the anchor #aws (its anchors: #configuration, #vpn)"],
    ["a missing anchor on the same page", "[x](#nowhere)", "docs/page.md has no heading with the anchor #nowhere"],
    ["an anchor on a file that is not Markdown", "[x](../components/config.ts#L10)", "has an anchor, but components/config.ts is not a Markdown page"],
    ["a path outside the repository", "[x](../../etc/passwd)", "points outside the repository"],
  ])("reports %s", (_case, link, problem) => {
    const problems = check([["docs/page.md", `# Page\n${link}\n`]]);
    expect(problems).toHaveLength(1);
    expect(problems[0].file).toBe("docs/page.md");
    expect(problems[0].problem).toContain(problem);
  });
});

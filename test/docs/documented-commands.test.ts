import { describe, expect, it } from "vitest";
import { helpOptions } from "../../cli/docs/command-help";
import { documentedCommandLines, documentedTables, optionDrift } from "../../cli/docs/documented-commands";

describe("the options check", () => {
  it("names an undocumented option and a documented one that is gone, with the fix", () => {
    expect(optionDrift("doctor", ["--stack", "--timeout"], ["--stack", "--interval"], "docs/day-2.md")).toEqual([
      "npm run doctor -- --help lists --timeout, which the options table for doctor in docs/day-2.md does not document: add a row for it",
      "docs/day-2.md documents --interval for doctor, but npm run doctor -- --help has no such option: remove its row, or bring the option back",
    ]);
  });

  it("reads the flags of a help text and of a table under its marker", () => {
    const help = "Usage: x [options]\n\nOptions:\n  --stack <name>    the stack\n  -v, --verbose     more\n  -h, --help        display help\n\nExit codes: 0 ok\n";
    expect(helpOptions(help)).toEqual(["--stack", "--verbose"]);
    const page = "<!-- options: x -->\n| Option | Meaning |\n| --- | --- |\n| `--stack <name>` | the stack |\n| `--all`, `--watch` | both |\n";
    expect(documentedTables(page).options).toEqual([{ script: "x", entries: ["--stack", "--all", "--watch"] }]);
  });

  it("reads npm run command lines from code, with the words after --", () => {
    const page = "Run `npm run doctor -- --stack dev`.\n\n```sh\nbash scripts/setup.sh && npm run plan     # plan\nnpm run logs -- --stack dev --since 1h | less\n```\n";
    expect(documentedCommandLines(page).map((line) => [line.script, line.words])).toEqual([
      ["doctor", ["--stack", "dev"]],
      ["plan", []],
      ["logs", ["--stack", "dev", "--since", "1h"]],
    ]);
  });
});

/**
 * The parts of the docs that come from running code: the examples (rerun against the fakes), each command's
 * options against its --help, the stack outputs and the benchmark's machine-independent columns against a plan
 * of the example stack, and the policy pages against the pack's catalog. One file, so the Pulumi SDK and the
 * commands load once for all of them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { endpointConcurrency } from "../../cli/bench/endpoint-concurrency";
import { helpOptions, helpSources, helpSubcommands } from "../../cli/docs/command-help";
import { docBlockSources, exampleBlockSources } from "../../cli/docs/doc-blocks";
import { documentedCommandLines, documentedTables, optionDrift } from "../../cli/docs/documented-commands";
import { readDocs, staleMessage, updateDocs } from "../../cli/docs/docs-update";
import { benchBlockId } from "../../cli/docs/examples/bench-example";
import { findBlocks } from "../../cli/docs/generated-blocks";
import type { OfflineRun } from "../../cli/plan/offline-engine";
import { planStack } from "../../cli/plan/plan-stack";
import { buildPolicies } from "../../policies/catalog";

const root = join(__dirname, "..", "..");
const docs = readDocs(root);
const exampleIds = new Set(exampleBlockSources.map((source) => source.id));

describe("the examples in the docs", () => {
  it("are what the commands print today (rerun against the fakes)", async () => {
    const update = await updateDocs(docs, docBlockSources, { only: (id) => exampleIds.has(id) });
    expect(update.stale, staleMessage(update.stale)).toEqual([]);
  }, 60_000);
});

/** The example stack, planned once: its outputs and every resource it registers, components included. */
let example: OfflineRun;
beforeAll(async () => {
  const result = await planStack({ stack: "dev", now: new Date("2026-11-21T12:00:00Z") });
  if (result.kind !== "planned") throw new Error(`the example stack does not plan:\n${result.message}`);
  example = result.run;
}, 60_000);

describe("the stack outputs table", () => {
  it("lists exactly the outputs of a stack in all mode", () => {
    const page = docs.get("docs/configuration.md")!;
    const table = page.slice(page.indexOf("<!-- outputs -->"));
    const documented = [...table.slice(0, table.indexOf("\n\n")).matchAll(/^\| `(\w+)` \|/gm)].map(([, name]) => name);
    expect(documented.filter((name) => !(name in example.outputs)), "documented in docs/configuration.md but not an output: remove the row").toEqual([]);
    expect(Object.keys(example.outputs).filter((name) => !documented.includes(name)), "an output the outputs table of docs/configuration.md lacks: add a row").toEqual([]);
  });
});

describe("the benchmark's example", () => {
  it("shows the example stack's resource count and endpoint concurrency, as its plan has them", () => {
    const block = findBlocks(docs.get("docs/benchmark.md")!, "docs/benchmark.md").find((candidate) => candidate.id === benchBlockId)!;
    const row = block.content.split("\n").find((line) => line.includes("example stack (Pulumi.dev.yaml)"));
    expect(row, "run npm run docs -- --bench").toBeDefined();
    const cells = row!.split("│").map((cell) => cell.trim()).filter(Boolean);
    const concurrency = endpointConcurrency(example.resources)!;
    expect([cells[1], cells[4], cells[5]]).toEqual([String(example.resources.length), String(concurrency.maxInFlight), String(concurrency.longestChain)]);
  });
});

describe("the policy pack page", () => {
  const page = docs.get("docs/policy-pack.md")!;
  const policies = buildPolicies();

  it("has a section for every policy of the pack, and none for a policy that is gone", () => {
    const headings = [...page.matchAll(/^### (.+)$/gm)].map(([, heading]) => heading);
    const named = headings.flatMap((heading) => [...heading.matchAll(/\b([a-z]+(?:-[a-z0-9]+){2,})\b/g)].map(([, name]) => name));
    expect(policies.map((policy) => policy.name).filter((name) => !named.includes(name)), "add a ### section for it").toEqual([]);
    expect(named.filter((name) => !policies.some((policy) => policy.name === name)), "no such policy: remove or rename its section").toEqual([]);
  });

  it("configures only policies and settings that exist, in every JSON example", () => {
    const problems: string[] = [];
    for (const [, json] of page.matchAll(/```json\n([\s\S]*?)```/g)) {
      for (const [name, settings] of Object.entries(JSON.parse(json) as Record<string, unknown>)) {
        const policy = policies.find((candidate) => candidate.name === name);
        if (name === "all") continue;
        if (!policy) {
          problems.push(`${name} is not a policy`);
          continue;
        }
        const known = Object.keys(policy.configSchema?.properties ?? {});
        for (const key of Object.keys(settings as object)) if (key !== "enforcementLevel" && !known.includes(key)) problems.push(`${name} has no setting ${key}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

const scripts = Object.keys((JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
/** Scripts for the people who work on this project, not commands of the product. */
const developmentScripts = ["test", "typecheck", "lint", "docs"];
/**
 * Commands the docs already describe whose code is being built on another branch. Each entry must be absent from
 * package.json: once its script lands, this test fails until the entry is removed and the command gets a help
 * source and an options table like the others.
 */
const landingElsewhere: string[] = [];

interface Documented {
  options: Map<string, { entries: string[]; where: string }>;
  subcommands: Map<string, { entries: string[]; where: string }>;
  problems: string[];
}
const documented: Documented = { options: new Map(), subcommands: new Map(), problems: [] };
for (const [file, text] of docs) {
  const tables = documentedTables(text);
  documented.problems.push(...tables.problems.map((problem) => `${file}: ${problem}`));
  for (const [kind, found] of [["options", tables.options], ["subcommands", tables.subcommands]] as const) {
    for (const table of found) {
      const known = documented[kind].get(table.script);
      if (known) documented.problems.push(`${file}: a second ${kind} table for ${table.script} (the first is in ${known.where})`);
      else documented[kind].set(table.script, { entries: table.entries, where: file });
    }
  }
}

/** Each command's help, and each subcommand's, read once in this process. */
const helps = new Map<string, { options: string[]; subcommands: string[]; subcommandOptions: Map<string, string[]> }>();
beforeAll(async () => {
  for (const source of helpSources) {
    const help = await source.help();
    const subcommandOptions = new Map<string, string[]>();
    for (const subcommand of source.subcommands ?? []) subcommandOptions.set(subcommand, helpOptions(await source.help(subcommand)));
    helps.set(source.script, { options: helpOptions(help), subcommands: helpSubcommands(help), subcommandOptions });
  }
}, 60_000);

/** Every option a command takes: its own and its subcommands'. */
const allOptions = (script: string) => {
  const help = helps.get(script)!;
  return [...new Set([...help.options, ...[...help.subcommandOptions.values()].flat()])];
};

describe("each command's options in the docs", () => {
  it("has its options tables under markers that each precede a table, one per command", () => {
    expect(documented.problems).toEqual([]);
  });

  it("covers every command of package.json (help source and options table)", () => {
    const commands = scripts.filter((script) => !developmentScripts.includes(script));
    expect(commands.filter((script) => !helpSources.some((source) => source.script === script)), "add it to helpSources in cli/docs/command-help.ts").toEqual([]);
    expect(commands.filter((script) => !documented.options.has(script)), "add an options table after <!-- options: <script> --> on its page").toEqual([]);
    expect(landingElsewhere.filter((script) => scripts.includes(script)), "its script has landed: remove it from landingElsewhere").toEqual([]);
  });

  it.each(helpSources.map((source) => [source.script]))("npm run %s: the options table lists exactly the options of its --help", (script) => {
    const table = documented.options.get(script);
    expect(table, `no <!-- options: ${script} --> table in the docs`).toBeDefined();
    expect(optionDrift(script, allOptions(script), table!.entries, table!.where)).toEqual([]);
  });

  it("npm run tenants: the subcommands table lists exactly the subcommands of its --help", () => {
    const table = documented.subcommands.get("tenants")!;
    const help = helps.get("tenants")!;
    expect(new Set(table.entries)).toEqual(new Set(help.subcommands));
    expect(help.subcommands.sort()).toEqual([...(helpSources.find((source) => source.script === "tenants")!.subcommands ?? [])].sort());
  });

  it("every npm run command line in the docs names a script, subcommand and options that exist", () => {
    const problems: string[] = [];
    for (const [file, text] of docs) {
      for (const line of documentedCommandLines(text)) {
        if (landingElsewhere.includes(line.script)) continue;
        if (!scripts.includes(line.script)) {
          problems.push(`${file}: \`${line.text}\`: there is no npm script ${line.script}`);
          continue;
        }
        const help = helps.get(line.script);
        if (!help) continue;
        const subcommand = help.subcommands.length && /^[a-z]/.test(line.words[0] ?? "") ? line.words[0] : undefined;
        if (subcommand && !help.subcommands.includes(subcommand)) problems.push(`${file}: \`${line.text}\`: ${line.script} has no subcommand ${subcommand}`);
        const known = subcommand ? (help.subcommandOptions.get(subcommand) ?? []) : allOptions(line.script);
        for (const flag of line.words.map((word) => /^\[?(--[a-z0-9][a-z0-9-]*)/.exec(word)?.[1]).filter((flag): flag is string => Boolean(flag))) {
          if (flag !== "--help" && !known.includes(flag)) problems.push(`${file}: \`${line.text}\`: ${line.script} has no option ${flag}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("the options check itself", () => {
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

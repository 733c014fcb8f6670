/**
 * npm run docs [-- --check] [-- --bench]
 *
 * Rewrites the generated blocks of README.md and docs/*.md from the code: the configuration tables from the
 * config schema, the examples from real runs of the commands against their fakes. `--check` writes nothing
 * and exits 1 when a block is out of date. `--bench` also reruns the benchmark for its example.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { EXIT } from "../shared/exit-codes";
import { exitWith } from "../shared/exit-with";
import { docBlockSources } from "./doc-blocks";
import { readDocs, staleMessage, updateDocs } from "./docs-update";

const root = join(__dirname, "..", "..");
const knownFlags = ["--check", "--bench"];

async function main(argv: readonly string[]): Promise<number> {
  const unknown = argv.filter((flag) => !knownFlags.includes(flag));
  if (unknown.length) {
    process.stderr.write(`error: unknown option ${unknown.join(" ")}; npm run docs takes ${knownFlags.join(" and ")}\n`);
    return EXIT.usage;
  }
  const files = readDocs(root);
  const update = await updateDocs(files, docBlockSources, { flags: argv });
  if (update.problems.length) {
    process.stderr.write(`${update.problems.join("\n")}\n`);
    return EXIT.failed;
  }
  if (argv.includes("--check")) {
    if (update.stale.length) {
      process.stderr.write(`${staleMessage(update.stale)}\n`);
      return EXIT.failed;
    }
    process.stdout.write("Every generated block is up to date.\n");
    return EXIT.ok;
  }
  for (const [file, text] of update.files) if (text !== files.get(file)) writeFileSync(join(root, file), text);
  process.stdout.write(update.stale.length ? `Regenerated:\n${update.stale.map((block) => `  ${block.file} ${block.id}`).join("\n")}\n` : "Every generated block was up to date.\n");
  return EXIT.ok;
}

// A generator that cannot run is a bug in it (or a fake it uses): exitWith keeps the stack trace.
void exitWith(main(process.argv.slice(2)));

/**
 * Regenerates the generated blocks of the docs and says which were out of date. `npm run docs` writes the
 * result; the docs tests fail on any stale block, with the command that fixes it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { DocBlockSource } from "./doc-block-source";
import { findBlocks, GeneratedBlockError, regenerateCommand, replaceBlocks } from "./generated-blocks";

/** Drafts waiting to be merged into a page; their markers are not the docs' yet. */
const draftsFolder = "docs/_incoming";

/** The README and every page under docs/, as repository-relative path -> text. */
export function readDocs(root: string): Map<string, string> {
  const files = new Map<string, string>([["README.md", readFileSync(join(root, "README.md"), "utf8")]]);
  for (const entry of readdirSync(join(root, "docs"), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".md")) continue;
    const path = relative(root, join(entry.parentPath, entry.name)).split(sep).join("/");
    if (!path.startsWith(`${draftsFolder}/`)) files.set(path, readFileSync(join(root, path), "utf8"));
  }
  return files;
}

export interface StaleBlock {
  file: string;
  id: string;
  line: number;
}

export interface DocsUpdate {
  /** Every file, with its blocks regenerated. */
  files: Map<string, string>;
  stale: StaleBlock[];
  /** Markers that are broken, unknown, repeated, or missing from every page. */
  problems: string[];
}

export interface UpdateOptions {
  /** Regenerate only the blocks whose id passes (each test file checks its own share). */
  only?: (id: string) => boolean;
  /** Flags given to `npm run docs`, for blocks regenerated only when asked. */
  flags?: readonly string[];
}

const mask = (text: string, source: DocBlockSource) => (source.volatile ?? []).reduce((masked, pattern) => masked.replace(pattern, "<varies>"), text);

export async function updateDocs(files: ReadonlyMap<string, string>, sources: readonly DocBlockSource[], options: UpdateOptions = {}): Promise<DocsUpdate> {
  const byId = new Map(sources.map((source) => [source.id, source]));
  const problems: string[] = [];
  const stale: StaleBlock[] = [];
  const placed = new Map<string, string>();
  const generated = new Map<string, Promise<string>>();
  const updated = new Map<string, string>();

  for (const [file, text] of files) {
    let blocks;
    try {
      blocks = findBlocks(text, file);
    } catch (error) {
      if (!(error instanceof GeneratedBlockError)) throw error;
      problems.push(error.message);
      updated.set(file, text);
      continue;
    }
    const contents = new Map<string, string>();
    for (const block of blocks) {
      const source = byId.get(block.id);
      if (!source) {
        problems.push(`${file}:${block.line}: no generator makes block ${block.id}; known blocks: ${[...byId.keys()].join(", ")}`);
        continue;
      }
      const earlier = placed.get(block.id);
      if (earlier) problems.push(`${file}:${block.line}: block ${block.id} is already in ${earlier}; show it in one place and link there`);
      placed.set(block.id, `${file}:${block.line}`);
      if (options.only && !options.only(block.id)) continue;
      if (source.onlyWhenAsked && !options.flags?.includes(source.onlyWhenAsked)) continue;
      if (!generated.has(block.id)) generated.set(block.id, source.generate());
      const fresh = await generated.get(block.id)!;
      if (mask(fresh, source) !== mask(block.content, source)) {
        stale.push({ file, id: block.id, line: block.line });
        contents.set(block.id, fresh);
      }
    }
    updated.set(file, contents.size ? replaceBlocks(text, file, contents) : text);
  }
  for (const id of byId.keys()) {
    if (!placed.has(id)) problems.push(`block ${id} is in no page: put its markers where it belongs, then run ${regenerateCommand}`);
  }
  return { files: updated, stale, problems };
}

export function staleMessage(stale: readonly StaleBlock[]): string {
  return `${stale.map((block) => `${block.file}:${block.line} ${block.id}`).join("\n")}\nThese blocks no longer match what the code produces; run ${regenerateCommand} and commit the result.`;
}

/**
 * Whether the generated blocks of the docs are what their generators make today. Each test file checks the blocks
 * whose generators need what it already loads (the plan's under the Pulumi SDK, the day-2 commands' under the AWS
 * SDK), so no file loads a heavy module only for the docs.
 */
import { join } from "node:path";
import type { DocBlockSource } from "../../cli/docs/doc-block-source";
import { docBlockSources } from "../../cli/docs/doc-blocks";
import { readDocs, staleMessage, updateDocs } from "../../cli/docs/docs-update";

const root = join(__dirname, "..", "..");

/** The README and the docs pages of this checkout, read once per test file. */
export const projectDocs: ReadonlyMap<string, string> = readDocs(root);

/** The blocks made by `sources` that differ from what the docs hold, with the message that says how to fix them. */
export async function staleDocBlocks(sources: readonly DocBlockSource[]): Promise<{ stale: string[]; message: string }> {
  const ids = new Set(sources.map((source) => source.id));
  const update = await updateDocs(projectDocs, docBlockSources, { only: (id) => ids.has(id) });
  return { stale: update.stale.map((block) => `${block.file}:${block.line} ${block.id}`), message: staleMessage(update.stale) };
}

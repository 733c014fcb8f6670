import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { vpnSchema } from "../../components/config";
import { namespaceSettings } from "../../components/config";
import { configReferenceSections, renderConfigSection } from "../../cli/docs/config-reference";
import { configBlockSources, docBlockSources } from "../../cli/docs/doc-blocks";
import { readDocs, staleMessage, updateDocs } from "../../cli/docs/docs-update";
import { findBlocks } from "../../cli/docs/generated-blocks";
import { EXIT } from "../../cli/shared/exit-codes";

const docs = readDocs(join(__dirname, "..", ".."));
const configIds = new Set(configBlockSources.map((source) => source.id));
const blockContent = (file: string, id: string) => findBlocks(docs.get(file)!, file).find((block) => block.id === id)?.content;

describe("the generated blocks", () => {
  it("each name a generator, appear once, and every generator has its place in a page", async () => {
    const update = await updateDocs(docs, docBlockSources, { only: () => false });
    expect(update.problems).toEqual([]);
  });
});

describe("the configuration reference", () => {
  it("matches the schema that validates the stack (and the price table the prices)", async () => {
    const update = await updateDocs(docs, docBlockSources, { only: (id) => configIds.has(id) });
    expect(update.stale, staleMessage(update.stale)).toEqual([]);
  });

  it("has a table for every setting the program reads in its namespace", () => {
    const documented = configReferenceSections.flatMap((section) => section.namespaceKeys);
    const missing = namespaceSettings.filter((key) => !documented.includes(key));
    expect(missing, `add each to configReferenceSections in cli/docs/config-reference.ts, with a block in docs/configuration.md, then run npm run docs`).toEqual([]);
    expect(documented.filter((key) => !(namespaceSettings as readonly string[]).includes(key)), "documented but not read: remove its section").toEqual([]);
  });

  const vpn = configReferenceSections.find((section) => section.blockId === "config-vpn")!;
  it.each([
    ["added", vpnSchema.extend({ clientRouteEnforcement: z.boolean().default(false).describe("Enforce the VPN's routes on the device.") })],
    ["removed", vpnSchema.omit({ loginBanner: true })],
  ])("goes stale when a setting is %s and the docs are not regenerated", (_change, changed) => {
    expect(vpn.schema).toBe(vpnSchema);
    expect(renderConfigSection(vpn)).toBe(blockContent("docs/configuration.md", "config-vpn"));
    expect(renderConfigSection({ ...vpn, schema: changed })).not.toBe(blockContent("docs/configuration.md", "config-vpn"));
  });
});

describe("the exit codes page", () => {
  it("lists exactly the codes of cli/shared/exit-codes.ts, with their names", () => {
    const page = docs.get("docs/exit-codes.md")!;
    const table = page.slice(page.indexOf("<!-- exit-codes -->"));
    const rows = [...table.matchAll(/^\| (\d+) \| `(\w+)` \|/gm)].map(([, code, name]) => [name, Number(code)]);
    expect(Object.fromEntries(rows)).toEqual(EXIT);
  });
});

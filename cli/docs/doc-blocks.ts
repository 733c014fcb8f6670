/** Every generated block of the docs, by id. */
import type { DocBlockSource } from "./doc-block-source";
import { clientVpnPrices } from "../../components/client-vpn-prices";
import { configReferenceSections, renderConfigSection, renderPriceTable } from "./config-reference";
import { adoptExampleBlocks } from "./examples/adopt-examples";
import { benchExampleBlock } from "./examples/bench-example";
import { connectExampleBlocks } from "./examples/connect-examples";
import { day2ExampleBlocks } from "./examples/day2-examples";
import { fleetExampleBlocks } from "./examples/fleet-examples";
import { graphExampleBlocks } from "./examples/graph-examples";
import { helpExampleBlocks } from "./examples/help-examples";
import { planExampleBlocks } from "./examples/plan-examples";
import { tenantsExampleBlocks } from "./examples/tenants-examples";

/** Blocks rendered from the code's own tables: cheap, and checked by test/docs/docs-config-reference.test.ts. */
export const configBlockSources: readonly DocBlockSource[] = [
  ...configReferenceSections.map((section) => ({ id: section.blockId, generate: async () => renderConfigSection(section) })),
  { id: "cost-prices", generate: async () => renderPriceTable(clientVpnPrices) },
];

/** The policy pack's table, from its catalog (which loads @pulumi/policy: the heavier tests check it). */
export const policyTableSource: DocBlockSource = {
  id: "policy-table",
  async generate() {
    const [{ buildPolicies }, { renderPolicyTable }] = await Promise.all([import("../../policies/catalog"), import("./policy-table")]);
    return renderPolicyTable(buildPolicies());
  },
};

/**
 * Blocks that come from real runs of the commands (and the pack's catalog). The plan's are checked by
 * test/plan-stack.test.ts, which loads the program anyway; the others by test/docs/docs-examples.test.ts.
 */
export const exampleBlockSources: readonly DocBlockSource[] = [
  ...planExampleBlocks,
  ...day2ExampleBlocks,
  ...helpExampleBlocks,
  ...graphExampleBlocks,
  ...connectExampleBlocks,
  ...fleetExampleBlocks,
  ...tenantsExampleBlocks,
  ...adoptExampleBlocks,
  benchExampleBlock,
  policyTableSource,
];

export const docBlockSources: readonly DocBlockSource[] = [...configBlockSources, ...exampleBlockSources];

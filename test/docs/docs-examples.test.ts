/**
 * The examples in the docs that need no Pulumi program: the day-2 commands run against the day-2 tests' fakes, the
 * Graph signing provider against the fake Graph, connect on refused profiles, adopt against the recorded
 * walkthrough federation, the fleet CLI against its fleet double, and the policy pages against the pack's catalog. The plan's examples are
 * checked in test/plan-stack.test.ts and each command's options in test/cli-conventions.test.ts, where the Pulumi
 * SDK and every command are loaded anyway.
 */
import { describe, expect, it } from "vitest";
import { exampleBlockSources, policyTableSource } from "../../cli/docs/doc-blocks";
import { adoptExampleBlocks } from "../../cli/docs/examples/adopt-examples";
import { benchExampleBlock } from "../../cli/docs/examples/bench-example";
import { connectExampleBlocks } from "../../cli/docs/examples/connect-examples";
import { day2ExampleBlocks } from "../../cli/docs/examples/day2-examples";
import { fleetExampleBlocks } from "../../cli/docs/examples/fleet-examples";
import { graphExampleBlocks } from "../../cli/docs/examples/graph-examples";
import { helpExampleBlocks } from "../../cli/docs/examples/help-examples";
import { planExampleBlocks } from "../../cli/docs/examples/plan-examples";
import { tenantsExampleBlocks } from "../../cli/docs/examples/tenants-examples";
import { buildPolicies } from "../../policies/catalog";
import { projectDocs, staleDocBlocks } from "../support/doc-blocks-check";

describe("the examples in the docs", () => {
  it.each([
    ["the day-2 commands", day2ExampleBlocks],
    ["the exit codes in --help", helpExampleBlocks],
    ["the Graph signing settings", graphExampleBlocks],
    ["npm run connect refusing a profile", connectExampleBlocks],
    ["the fleet program's config", fleetExampleBlocks],
    ["npm run adopt", adoptExampleBlocks],
    ["npm run tenants", tenantsExampleBlocks],
    ["the policy pack's table", [policyTableSource]],
  ])("of %s are what they print today (rerun against the fakes)", async (_what, sources) => {
    const { stale, message } = await staleDocBlocks(sources);
    expect(stale, message).toEqual([]);
  });
});

describe("the policy pack page", () => {
  const page = projectDocs.get("docs/policy-pack.md")!;
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

describe("the generated examples, all together", () => {
  // The plan's blocks are checked in test/plan-stack.test.ts; the benchmark's stable columns there too.
  it("are each checked by a test file that loads what they run", () => {
    const checked = [...day2ExampleBlocks, ...helpExampleBlocks, ...graphExampleBlocks, ...connectExampleBlocks, ...fleetExampleBlocks, ...adoptExampleBlocks, ...tenantsExampleBlocks, policyTableSource, ...planExampleBlocks, benchExampleBlock].map((source) => source.id);
    expect(exampleBlockSources.map((source) => source.id).filter((id) => !checked.includes(id))).toEqual([]);
  });
});

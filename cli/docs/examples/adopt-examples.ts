/**
 * `npm run adopt -- --stack callcentre --region us-east-1` run in this process against the walkthrough's
 * federation as the tests record it (test/support/adopt-recorded-setups.ts): AWS answered by aws-sdk-client-mock,
 * Microsoft Graph by the fake Graph server on loopback. One run gives the report, the stack file and the import
 * file shown in docs/adopting.md.
 */
import { basename } from "node:path";
import { once, transcript, type DocBlockSource } from "../doc-block-source";

const command = "npm run adopt -- --stack callcentre --region us-east-1";

const walkthroughAdopted = once(async () => {
  const [{ runAdoptCommand }, { GraphClient }, { FakeGraphServer, fakeToken }, { mockAws, testAwsClients }, { serveTenant, walkthrough }] = await Promise.all([
    import("../../adopt/adopt-command"),
    import("../../../components/graph/graph-client"),
    import("../../../test/support/fake-graph-server"),
    import("../../../test/support/adopt-aws-mocks"),
    import("../../../test/support/adopt-recorded-setups"),
  ]);
  const setup = walkthrough();
  const graph = await new FakeGraphServer().start();
  const aws = mockAws();
  try {
    serveTenant(graph, setup.tenant);
    aws.serve(setup);
    let output = "";
    const files = new Map<string, string>();
    await runAdoptCommand(command.split(" ").slice(4), {
      createAws: testAwsClients,
      createGraph: () => new GraphClient({ baseUrl: graph.baseUrl, getToken: async () => fakeToken, retry: { maxThrottleRetries: 0 } }),
      projectDir: "/clientvpn-federation",
      project: "clientvpn-federation",
      fileExists: () => false,
      writeFile: async (path, text) => void files.set(basename(path), text),
      writeOut: (chunk) => void (output += chunk),
      writeErr: (chunk) => void (output += chunk),
      now: () => new Date("2026-11-21T12:00:00Z"),
    });
    return { output, files };
  } finally {
    aws.restore();
    await graph.stop();
  }
});

/** One entry of each type, as the import file lists them (the whole file has every rule and route). */
function oneOfEachType(importFile: string): string {
  const { resources } = JSON.parse(importFile) as { resources: { type: string }[] };
  const seen = new Set<string>();
  return JSON.stringify({ resources: resources.filter((entry) => !seen.has(entry.type) && Boolean(seen.add(entry.type))) }, null, 2);
}

export const adoptExampleBlocks: readonly DocBlockSource[] = [
  { id: "example-adopt", generate: async () => transcript(command, (await walkthroughAdopted()).output) },
  {
    id: "example-adopt-stack-file",
    generate: async () => ["```yaml", (await walkthroughAdopted()).files.get("Pulumi.callcentre.yaml")!.trimEnd(), "```"].join("\n"),
  },
  {
    id: "example-adopt-import-file",
    generate: async () => ["```json", oneOfEachType((await walkthroughAdopted()).files.get("adopt-callcentre.import.json")!), "```"].join("\n"),
  },
];

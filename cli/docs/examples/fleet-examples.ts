/**
 * The fleet program's config (fleet/Pulumi.example.yaml) read by its own parser, in this process: what it refuses,
 * and the federated credentials its stack output lists for a tenant. Both are pure, so no Pulumi engine runs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type DocBlockSource } from "../doc-block-source";

const exampleFile = join(__dirname, "..", "..", "..", "fleet", "Pulumi.example.yaml");

/** The engine's flat config of the example fleet stack, with `edits` applied to its YAML first. */
async function fleetConfig(edits: readonly (readonly [string, string])[] = []) {
  const [{ engineConfigFromStackFile }, { parseFleetConfig, fleetNamespace }] = await Promise.all([import("../../plan/stack-file"), import("../../../fleet/fleet-config")]);
  let yaml = readFileSync(exampleFile, "utf8");
  for (const [from, to] of edits) {
    if (!yaml.includes(from)) throw new Error(`fleet/Pulumi.example.yaml no longer holds "${from}"; update cli/docs/examples/fleet-examples.ts`);
    yaml = yaml.replace(from, to);
  }
  return parseFleetConfig(engineConfigFromStackFile(yaml, "Pulumi.example.yaml", fleetNamespace).config);
}

export const fleetExampleBlocks: readonly DocBlockSource[] = [
  {
    id: "example-fleet-config-mistakes",
    async generate() {
      // A role name where the ARN goes, a tenant listed twice, and a schedule in words.
      const parsed = await fleetConfig([
        ["roleArn: arn:aws:iam::111122223333:role/clientvpn-drift-hub", "roleArn: clientvpn-drift-hub"],
        ["    - stack: umbrella", "    - stack: umbrella\n    - stack: globex"],
        ['schedule: "17 3 * * *"', 'schedule: "every night"'],
      ]);
      if (parsed.ok) throw new Error("the fleet example with three mistakes was accepted");
      const { formatProblems } = await import("../../../components/config");
      return ["```text", formatProblems(parsed.problems), "```"].join("\n");
    },
  },
  {
    id: "example-fleet-entra-credentials",
    async generate() {
      const parsed = await fleetConfig();
      if (!parsed.ok) throw new Error(`fleet/Pulumi.example.yaml is not valid:\n${parsed.problems.map((problem) => problem.message).join("\n")}`);
      const [{ entraFederatedSubjects, pulumiOidcIssuer }] = await Promise.all([import("../../../fleet/deployment-plan")]);
      const fleet = parsed.config;
      const tenant = fleet.tenants.find((candidate) => candidate.stack === "globex")!;
      const credentials = { issuer: pulumiOidcIssuer, audience: fleet.organization, subjects: entraFederatedSubjects(fleet, tenant) };
      return ["```json", JSON.stringify(credentials, null, 2), "```"].join("\n");
    },
  },
];

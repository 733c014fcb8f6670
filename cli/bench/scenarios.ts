import { readFileSync } from "node:fs";
import { join } from "node:path";
import { NetworkFacts } from "../../components/network-facts";
import { engineConfigFromStackFile } from "../plan/stack-file";
import { parsePlanNetwork, planNetworkKey } from "../plan/plan-network";
import { PulumiProgram } from "../plan/offline-engine";

/** One thing to time: a program, the config it runs with and the network its lookups see. */
export interface BenchScenario {
  name: string;
  /** Undefined: the project's index.ts. */
  program?: PulumiProgram;
  engineConfig: Record<string, string>;
  network?: NetworkFacts;
}

/** The baseline: a Pulumi program that declares nothing, under the same mocks. */
export const emptyProgram: PulumiProgram = async () => ({});

export function emptyScenario(): BenchScenario {
  return { name: "empty Pulumi program", program: emptyProgram, engineConfig: {} };
}

/** The example stack exactly as Pulumi.dev.yaml describes it. */
export function exampleScenario(projectDir: string, project: string): BenchScenario {
  const { config } = engineConfigFromStackFile(readFileSync(join(projectDir, "Pulumi.dev.yaml"), "utf8"), "Pulumi.dev.yaml", project);
  return { name: "example stack (Pulumi.dev.yaml)", engineConfig: config, network: networkOf(config) };
}

/** How many networks, groups and subnets a tenant scenario has. */
export interface TenantShape {
  networks: number;
  /** At most 10: the groups' object IDs differ in one digit. */
  groups: number;
  /** At most 3. */
  subnets: number;
}

export const largeTenantShape: TenantShape = { networks: 20, groups: 10, subnets: 3 };

/**
 * A large tenant on the example's base: 10 Entra groups and 20 networks outside the VPC, each granted
 * to every group (200 authorization rules, the default quota), associated with 3 subnets (60 routes).
 * A smaller `shape` gives the same tenant in miniature.
 */
export function largeTenantScenario(projectDir: string, project: string, shape: TenantShape = largeTenantShape): BenchScenario {
  const config = { ...exampleScenario(projectDir, project).engineConfig };
  const subnets = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2", "subnet-0ccccccccccccccc3"].slice(0, shape.subnets);
  const groups = Object.fromEntries(
    Array.from({ length: shape.groups }, (_, index) => [`team-${index}`, `0000000${index}-5c1f-4a3e-9d8b-7f6a2c1e0d93`]),
  );
  const azure = JSON.parse(config["clientvpn-federation:azure"]);
  azure.groups = groups;
  config["clientvpn-federation:azure"] = JSON.stringify(azure);
  const vpn = JSON.parse(config["clientvpn-federation:vpn"]);
  vpn.subnetIds = subnets;
  // The resolver lives in the first access network, so clients are authorized to reach it.
  vpn.dnsServers = ["10.100.0.10"];
  config["clientvpn-federation:vpn"] = JSON.stringify(vpn);
  const access = Array.from({ length: shape.networks }, (_, index) => ({
    name: `network-${index}`,
    cidr: `10.${100 + index}.0.0/16`,
    groups: Object.keys(groups),
  }));
  config["clientvpn-federation:access"] = JSON.stringify(access);
  config[planNetworkKey] = JSON.stringify({
    vpcCidrs: ["10.0.0.0/16"],
    subnets: Object.fromEntries(subnets.map((id, index) => [id, { availabilityZone: `us-east-1${"abc"[index]}`, cidr: `10.0.${index}.0/24` }])),
  });
  return {
    name: `${shape.networks * shape.groups} rules, ${shape.subnets} subnets`,
    engineConfig: config,
    network: networkOf(config),
  };
}

/** What `npm run bench` times: the baseline, the example stack and the large tenant. */
export function defaultScenarios(projectDir: string, project: string): BenchScenario[] {
  return [emptyScenario(), exampleScenario(projectDir, project), largeTenantScenario(projectDir, project)];
}

function networkOf(config: Record<string, string>): NetworkFacts {
  const vpcId = (JSON.parse(config["clientvpn-federation:vpn"] ?? "{}") as { vpcId?: string }).vpcId;
  const parsed = parsePlanNetwork(config, { vpcId });
  if (!parsed.ok) throw new Error(`bench scenario has no usable ${planNetworkKey}: ${parsed.problems.map((p) => p.message).join("; ")}`);
  return parsed.facts;
}

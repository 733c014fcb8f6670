import { readFileSync } from "node:fs";
import { join } from "node:path";
import { engineConfigFromStackFile } from "../../cli/plan/stack-file";
import { RawStackConfig } from "../../components/config";
import { rawConfigFromEngine } from "../../components/stack-config-source";
import { NetworkFacts } from "../../components/network-facts";
import { GroupClaimRoute } from "../../components/group-claim-route";

const root = join(__dirname, "..", "..");

/** The engine's flat config for a stack file, as the Pulumi CLI would hand it to the program. */
export function engineConfigOf(stackFile = "Pulumi.dev.yaml"): Record<string, string> {
  return engineConfigFromStackFile(readFileSync(join(root, stackFile), "utf8"), stackFile, "clientvpn-federation").config;
}

/** The example stack with azure.groupClaim set to the route. */
export function engineConfigForRoute(route: GroupClaimRoute, stackFile?: string): Record<string, string> {
  const config = engineConfigOf(stackFile);
  config["clientvpn-federation:azure"] = JSON.stringify({ ...JSON.parse(config["clientvpn-federation:azure"]), groupClaim: route });
  return config;
}

/** The example stack's raw config, deep-copied so each test may edit it. */
export function exampleRawConfig(): RawStackConfig {
  return structuredClone(rawConfigFromEngine(engineConfigOf()));
}

/** What AWS would answer for the example stack's VPC and subnets. */
export const exampleNetworkFacts: NetworkFacts = {
  vpcCidrs: ["10.0.0.0/16"],
  subnets: [
    { id: "subnet-0aa11bb22cc33dd44", vpcId: "vpc-0a1b2c3d4e5f60718", availabilityZone: "us-east-1a", cidr: "10.0.0.0/24", availableIpAddresses: 251 },
    { id: "subnet-0ee55ff66aa77bb88", vpcId: "vpc-0a1b2c3d4e5f60718", availabilityZone: "us-east-1b", cidr: "10.0.1.0/24", availableIpAddresses: 251 },
  ],
};

/** A fixed clock for validation, well before the example's certificate end date. */
export const exampleNow = new Date("2026-11-21T12:00:00Z");

/** Stacks for the sign-in check's tests: configs as the engine stores them, read through a StackReader. */
import { stackReadError, type StackReader } from "../../cli/day2/stack-context";

export interface TestStack {
  outputs: Record<string, unknown>;
  config: Record<string, string>;
}

/** Reads the stacks as the Automation API reader would; an unknown one fails as Pulumi's "no stack named". */
export function stackReader(stacks: Record<string, TestStack>): StackReader {
  const find = (name: string) => {
    const stack = stacks[name];
    if (!stack) throw stackReadError(name, new Error(`error: no stack named '${name}' found`), true);
    return stack;
  };
  return { outputs: async (name) => find(name).outputs, config: async (name) => find(name).config };
}

export function identityStackConfig(tenantId: string, groups: Record<string, string>): Record<string, string> {
  return {
    "azuread:tenantId": tenantId,
    "clientvpn-federation:mode": "identity",
    "clientvpn-federation:azure": JSON.stringify({ groups }),
  };
}

/** An endpoint stack of the example's network (Pulumi.dev.yaml) with the given identity stack and access list. */
export function endpointStackConfig(tenantId: string, identityStack: string, access: unknown): Record<string, string> {
  return {
    "aws:region": "us-east-1",
    "azuread:tenantId": tenantId,
    "clientvpn-federation:mode": "endpoint",
    "clientvpn-federation:identityStack": identityStack,
    "clientvpn-federation:vpn": JSON.stringify({
      vpcId: "vpc-0a1b2c3d4e5f60718",
      subnetIds: ["subnet-0aa11bb22cc33dd44"],
      clientCidr: "172.20.0.0/22",
      serverCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/9f8e7d6c-5b4a-4321-8fed-cba987654321",
    }),
    "clientvpn-federation:access": JSON.stringify(access),
  };
}

import * as pulumi from "@pulumi/pulumi";
import { configNamespace } from "../../components/config";
import { GroupClaimRoute, groupClaimSetting, otherGroupClaimRoute } from "../../components/group-claim-route";
import { compareDeclaredGraphs, GraphChange, ResourceChange } from "./declared-graph-change";
import { OfflineEngine, PulumiProgram } from "./offline-engine";
import { RecordedResource } from "./recording-mocks";
import { replacingProperties } from "./replacing-properties";
import { displayType } from "./resource-settings";

/** What setting azure.groupClaim to the other route would do to this stack. */
export type GroupClaimSwitch =
  | { from: GroupClaimRoute; to: GroupClaimRoute; change: GraphChange }
  /** The program refused the other route (for example, no gallery template); the reason, in its words. */
  | { from: GroupClaimRoute; to: GroupClaimRoute; refused: string };

/**
 * Runs the program a second time with the other group-claim route and compares the two declared graphs,
 * so the plan shows what the one-line switch would create, replace and delete before anyone tries it.
 */
export async function planGroupClaimSwitch(input: {
  engine: OfflineEngine;
  program: PulumiProgram;
  engineConfig: Record<string, string>;
  route: GroupClaimRoute;
  resources: readonly RecordedResource[];
}): Promise<GroupClaimSwitch> {
  const to = otherGroupClaimRoute(input.route);
  const key = `${configNamespace}:azure`;
  const azure = JSON.parse(input.engineConfig[key] ?? "{}") as Record<string, unknown>;
  const switched = { ...input.engineConfig, [key]: JSON.stringify({ ...azure, groupClaim: to }) };
  try {
    const other = await input.engine.run(input.program, switched);
    return { from: input.route, to, change: compareDeclaredGraphs(input.resources, other.resources, replacingProperties) };
  } catch (error) {
    if (!pulumi.RunError.isInstance(error as Error)) throw error;
    return { from: input.route, to, refused: (error as Error).message };
  }
}

/** The plan report's lines for a switch. */
export function describeGroupClaimSwitch(groupClaimSwitch: GroupClaimSwitch): string[] {
  const heading = `If ${groupClaimSetting} were "${groupClaimSwitch.to}" (now "${groupClaimSwitch.from}"), pulumi up would:`;
  if ("refused" in groupClaimSwitch) return [heading, `  not run: ${groupClaimSwitch.refused.split("\n").join("\n  ")}`];
  const { change } = groupClaimSwitch;
  const line = (verb: string, resource: ResourceChange, detail = "") => `  ${verb.padEnd(8)}${displayType(resource.type)} ${resource.name}${detail}`;
  return [
    heading,
    ...change.create.map((resource) => line("create", resource)),
    ...change.replace.map((resource) =>
      line("replace", resource, ` (${resource.properties.join(", ")} change${resource.deleteFirst ? "; the old one is deleted first" : ""})`),
    ),
    ...change.update.map((resource) => line("update", resource, ` (${resource.properties.join(", ")})`)),
    ...change.delete.map((resource) => line("delete", resource)),
    "  Sign-in fails from the moment the old application loses the identifier until IAM holds the new metadata;",
    "  endpoint stacks that reference this identity pick the new metadata up at their next pulumi up.",
  ];
}

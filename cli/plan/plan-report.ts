import Table from "cli-table3";
import { createColors } from "picocolors";
import { NetworkFacts } from "../../components/network-facts";
import { CostEstimate } from "../../components/cost";
import { ReturnRoute } from "../../components/access-plan";
import { RecordedResource } from "./recording-mocks";
import { PlanLabels } from "./plan-labels";
import { buildResourceTree, renderTree } from "./resource-tree";
import { describeResource, displayType } from "./resource-settings";
import { accessMatrix } from "./access-matrix";
import { planNetworkKey } from "./plan-network";
import { describeGroupClaimSwitch, GroupClaimSwitch } from "./group-claim-switch";
import { groupAssignmentLicenceNote, PermissionNeed } from "../../components/entra-permissions";

export const offlinePlanHeading = "OFFLINE PLAN — nothing deployed, no credentials used, values in <> are placeholders";

export interface PlanReportInput {
  /** org/project/stack */
  stackName: string;
  awsRegion?: string;
  tenantId?: string;
  /** The network the plan assumed (planNetwork); undefined when the program needed none. */
  network?: NetworkFacts;
  resources: RecordedResource[];
  outputs: Record<string, unknown>;
  warnings: string[];
  /** Settings whose `secure:` value the plan could not decrypt. */
  secretKeys: string[];
  labels: PlanLabels;
  /** What the other group-claim route would change; absent for endpoint stacks. */
  groupClaimSwitch?: GroupClaimSwitch;
  /** The Graph permissions deploying the Entra side needs; absent for endpoint stacks. */
  entraPermissions?: PermissionNeed[];
}

/**
 * The printed plan: resources, access matrix, return routes, cost, warnings. Pure: the same input
 * gives the same text; colour only when asked for.
 */
export function renderPlanReport(input: PlanReportInput, options: { color: boolean }): string {
  const c = createColors(options.color);
  const heading = (text: string) => c.bold(c.cyan(text));
  const { labels } = input;
  const out: string[] = [];

  out.push(c.bold(c.yellow(offlinePlanHeading)), "");
  out.push(`Stack ${input.stackName}${input.awsRegion ? `, aws:region ${input.awsRegion}` : ""}${input.tenantId ? `, Entra tenant ${input.tenantId}` : ""}`);
  if (input.network) {
    const subnets = input.network.subnets.map((subnet) => `${subnet.id} (${subnet.availabilityZone}, ${subnet.cidr})`).join("; ");
    out.push(`Network as written in ${planNetworkKey}, not looked up: VPC ${input.network.vpcCidrs.join(", ")}; subnets ${subnets}`);
  }
  if (input.secretKeys.length) out.push(`Not decrypted (secrets, shown to the program as placeholders): ${input.secretKeys.join(", ")}`);
  out.push("");

  const custom = input.resources.filter((resource) => !isComponent(resource));
  out.push(heading(`Resources: ${custom.length} to create${countByComponent(input.resources)}`));
  out.push(
    ...renderTree(buildResourceTree(input.resources), (resource) => {
      const phrases = describeResource(resource, labels);
      const title = isComponent(resource) ? c.bold(`${resource.type} ${resource.name}`) : `${displayType(resource.type)} ${c.dim(resource.name)}`;
      return phrases.length ? wrapPhrases(`${title}: `, phrases) : [title];
    }),
  );
  out.push("");

  if (input.entraPermissions) {
    out.push(heading("Microsoft Graph application permissions the deploying identity needs (admin consent)"));
    out.push(...input.entraPermissions.map((need) => `  ${need.permissions}: ${need.neededFor}`), `  ${groupAssignmentLicenceNote}`, "");
  }

  if (input.groupClaimSwitch) {
    const [title, ...lines] = describeGroupClaimSwitch(input.groupClaimSwitch);
    out.push(heading(title), ...lines, "");
  }

  const rows = accessMatrix(input.resources, labels);
  if (rows.length) {
    out.push(heading("Access matrix: who reaches what"));
    out.push(table(["Group", "Object ID", "Network", "CIDR"], rows.map((row) => [row.group, row.objectId ?? "-", row.network, row.cidr])));
    out.push("");
  }

  const returnRoutes = input.outputs.returnRoutes as ReturnRoute[] | undefined;
  if (returnRoutes) {
    out.push(heading("Return routes each target network needs"));
    if (returnRoutes.length === 0) {
      out.push("None: every target network is inside the endpoint's VPC, which routes replies itself.");
    } else {
      out.push(
        "Client VPN source-NATs client traffic to its interfaces in the associated subnets, so each network's route",
        "tables must send these subnet ranges back towards the endpoint's VPC (peering, transit gateway or VPN):",
      );
      out.push(
        table(
          ["Network", "CIDR", "Route replies to"],
          returnRoutes.map((route) => [route.name, route.network, route.returnTo.map((cidr) => subnetByCidr(input.network, cidr)).join("\n")]),
        ),
      );
    }
    out.push("");
  }

  if ("estimatedMonthlyCost" in input.outputs || "clientConfig" in input.outputs) {
    const cost = input.outputs.estimatedMonthlyCost as CostEstimate | undefined;
    if (cost) {
      out.push(heading(`Monthly cost estimate (${cost.region}): $${cost.totalUsd.toFixed(2)}`));
      out.push(
        table(
          ["Item", "Quantity", "Hours each", "Price per hour", "USD"],
          [
            ...cost.lines.map((line) => [line.item, String(line.quantity), String(line.hours), usd(line.unitPriceUsd), `$${line.usd.toFixed(2)}`]),
            ["Total per month", "", "", "", `$${cost.totalUsd.toFixed(2)}`],
          ],
        ),
      );
      out.push(...cost.assumptions.map((assumption) => `  ${assumption}`));
    } else {
      const reason = input.warnings.find((warning) => warning.startsWith("No cost estimate")) ?? "No cost estimate for this stack.";
      out.push(heading("Monthly cost estimate"), c.yellow(reason));
    }
    out.push("");
  }

  const otherWarnings = input.warnings.filter((warning) => !warning.startsWith("No cost estimate"));
  if (otherWarnings.length) {
    out.push(heading("Warnings"), ...otherWarnings.map((warning) => c.yellow(`  - ${warning}`)), "");
  }
  return out.join("\n");
}

function isComponent(resource: RecordedResource): boolean {
  return !resource.type.includes("/") && resource.type.split(":").length === 3 && !resource.type.startsWith("pulumi:");
}

function countByComponent(resources: RecordedResource[]): string {
  const components = resources.filter(isComponent);
  if (!components.length) return "";
  const counts = components.map((component) => `${component.name} ${countDescendants(component.urn, resources)}`);
  return ` (${counts.join(", ")})`;
}

function countDescendants(urn: string, resources: RecordedResource[]): number {
  const children = resources.filter((resource) => resource.parent === urn);
  return children.reduce((sum, child) => sum + (isComponent(child) ? 0 : 1) + countDescendants(child.urn, resources), 0);
}

function subnetByCidr(network: NetworkFacts | undefined, cidr: string): string {
  const subnet = network?.subnets.find((candidate) => candidate.cidr === cidr);
  return subnet ? `${cidr} (${subnet.id}, ${subnet.availabilityZone})` : cidr;
}

/** Phrases joined with " · ", continued on further lines once a line would pass the width. */
export function wrapPhrases(lead: string, phrases: string[], width = 110): string[] {
  const lines: string[] = [];
  let current = lead;
  let empty = true;
  for (const phrase of phrases) {
    if (!empty && current.length + 3 + phrase.length > width) {
      lines.push(current);
      current = phrase;
    } else {
      current = empty ? `${current}${phrase}` : `${current} · ${phrase}`;
    }
    empty = false;
  }
  lines.push(current);
  return lines;
}

/** Dollars with at least two decimals, more when the price has them ($0.10, $0.0525). */
function usd(value: number): string {
  const decimals = Math.max(2, (String(value).split(".")[1] ?? "").length);
  return `$${value.toFixed(decimals)}`;
}

function table(head: string[], rows: string[][]): string {
  // cli-table3 colours headers itself unless told not to; colour is the report's decision.
  const rendered = new Table({ head, style: { head: [], border: [] } });
  rendered.push(...rows);
  return rendered.toString();
}

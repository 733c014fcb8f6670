import { createColors } from "picocolors";
import type { Severity } from "@pulumi/policy";
import { PlanPolicyViolation } from "./policy-check";

export interface PolicyReportInput {
  packName: string;
  packVersion: string;
  /** The pack's folder, relative to the project root, as a user would pass it to --policy-pack. */
  packPath: string;
  /** The --policy-pack-config file as given; undefined: the pack's own defaults. */
  configPath?: string;
  violations: PlanPolicyViolation[];
  /** What the plan could not apply from the config file. */
  notes: string[];
}

/**
 * The "Policies:" section of `pulumi preview --policy-pack`, as pulumi/pulumi pkg/backend/display prints it
 * (progress.go printPolicies, diff.go renderDiffPolicyViolationEvent): the pack with ✅, ⚠️ or ❌, then each
 * violation sorted by level, severity, policy and URN, with the policy's description above its message as
 * @pulumi/policy's analyzer sends it (server.js makeReportViolationFun). Then what only the offline plan says:
 * which config it used, and what a mandatory violation means for the real run. Pure.
 */
export function renderPolicyReport(input: PolicyReportInput, options: { color: boolean }): string {
  const c = createColors(options.color);
  const mandatory = input.violations.filter((v) => v.enforcementLevel === "mandatory").length;
  const advisory = input.violations.length - mandatory;
  const mark = mandatory ? "❌" : advisory ? "⚠️" : "✅";
  const out = [c.bold(c.cyan("Policies:")), `    ${mark} ${c.magenta(`${input.packName}@v${input.packVersion}`)} (local: ${input.packPath})`];
  for (const violation of [...input.violations].sort(pulumiOrder)) {
    const paint = violation.enforcementLevel === "mandatory" ? c.red : c.yellow;
    const severity = violation.severity ? ` [severity: ${violation.severity}]` : "";
    const target = violation.resource ? `  (${displayName(violation.resource.type)}: ${violation.resource.name})` : "";
    out.push(`        - ${paint(`[${violation.enforcementLevel}]${severity}  ${violation.policyName}`)}${target}`);
    out.push(...`${violation.description}\n${violation.message}`.split("\n").map((line) => `          ${line}`));
  }
  out.push("");
  out.push(
    input.configPath
      ? `Policy config: ${input.configPath}, over the pack's defaults.`
      : "Policy config: the pack's defaults (no --policy-pack-config <file>).",
  );
  out.push(...input.notes.map((note) => `Note: ${note}`));
  if (mandatory) {
    out.push(
      c.red(
        `${count(mandatory, "mandatory violation")}: pulumi preview --policy-pack ./${input.packPath} fails, and pulumi up stops before changing anything. ` +
          "Fix each as its message says, or change the policy's config.",
      ),
    );
  }
  if (advisory) out.push(`${count(advisory, "advisory violation")}: reported, not blocking.`);
  if (!input.violations.length) out.push("No violations.");
  return `${out.join("\n")}\n`;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

const levelRank = { mandatory: 0, advisory: 1 } as const;
const severityRank = (severity: Severity | undefined) => (severity ? ["critical", "high", "medium", "low"].indexOf(severity) : 4);

/** pulumi/pulumi pkg/backend/display/progress.go: enforcementRank, severityRank, policy name, then URN. */
function pulumiOrder(a: PlanPolicyViolation, b: PlanPolicyViolation): number {
  return (
    levelRank[a.enforcementLevel] - levelRank[b.enforcementLevel] ||
    severityRank(a.severity) - severityRank(b.severity) ||
    compareBytes(a.policyName, b.policyName) ||
    compareBytes(a.resource?.urn ?? "", b.resource?.urn ?? "")
  );
}

/** Go's cmp.Compare on strings: by code unit, not by locale. */
const compareBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A type token as the Pulumi CLI shows it: the module's last path segment dropped when it only repeats the
 * type name, so aws:ec2clientvpn/authorizationRule:AuthorizationRule reads aws:ec2clientvpn:AuthorizationRule
 * (pulumi/pulumi sdk/go/common/tokens/tokens.go, Type.DisplayName).
 */
export function displayName(type: string): string {
  const parts = type.split(":");
  if (parts.length !== 3 || parts[2] === "") return type;
  const [pkg, module, name] = parts;
  const lastSlash = module.lastIndexOf("/");
  if (lastSlash === -1) return type;
  if (module.slice(lastSlash + 1) !== name.charAt(0).toLowerCase() + name.slice(1)) return type;
  return `${pkg}:${module.slice(0, lastSlash)}:${name}`;
}

/**
 * What the sign-in check prints once a response arrived: saml-check's verdicts, who signed in, their memberOf groups
 * by alias, and their row of the stack's access matrix. Pure: the same input gives the same text.
 */
import { planAuthorizationRules } from "../../components/access-plan";
import { samlAttributeNames } from "../../components/saml-claims";
import { accessRows, userAccess } from "../plan/access-matrix";
import { planLabels } from "../plan/plan-labels";
import type { CheckResult } from "../day2/check-result";
import { type Colors, formatCheckResult, formatDoctorSummary, renderTable } from "../day2/rendering";
import type { SignedClaims } from "../day2/saml/saml-requirements";
import type { RuleOutput } from "../day2/stack-context";
import type { SignInTarget } from "./sign-in-target";

export interface SignInReportInput {
  target: SignInTarget;
  results: readonly CheckResult[];
  claims?: SignedClaims;
}

/** The stack's rules as saml-check compares memberOf with them; undefined for an identity stack. */
export function rulesOf(target: SignInTarget): RuleOutput[] | undefined {
  return target.access?.map((entry) => ({
    name: entry.name,
    network: entry.cidr,
    groups: entry.groups === "all" ? "all" : entry.groups.map((group) => group.objectId),
  }));
}

/** Why an identity stack's rules are unknown, and where to look instead. */
export function identityStackRules(target: SignInTarget): { detail: string; fix: string } {
  return {
    detail: `${target.stackName} is an identity stack: the endpoint stacks that use it hold the access rules`,
    fix: "run `npm run signin-check -- --stack <endpoint stack>` for this user's networks under that stack's rules (the endpoint need not be deployed yet)",
  };
}

export function renderSignInReport(input: SignInReportInput, c: Colors): string {
  const { target, claims } = input;
  const out: string[] = [input.results.map((result) => formatCheckResult(result, c)).join("\n"), ""];
  if (!claims) {
    out.push(`${c.bold("Signed-in user")}: not shown: no signature by the identity stack's certificate covers the response, so nothing in it can be trusted`, "");
  } else {
    const memberOf = claims.attributes.get(samlAttributeNames.groups) ?? [];
    out.push(`${c.bold("Signed in as")} ${claims.nameId || "(no NameID)"}`, "");
    out.push(...groupLines(target, memberOf, c), "");
    out.push(...accessLines(target, memberOf, c), "");
  }
  out.push(formatDoctorSummary(input.results, c, { broken: "AWS would refuse this sign-in", fine: "AWS would accept this sign-in" }));
  return `${out.join("\n")}\n`;
}

function groupLines(target: SignInTarget, memberOf: readonly string[], c: Colors): string[] {
  const heading = `${c.bold("memberOf")}: ${memberOf.length} group(s), by alias in azure.groups of ${target.identityStack}`;
  if (memberOf.length === 0) return [heading];
  const aliasById = new Map(Object.entries(target.groups).map(([alias, id]) => [id.toLowerCase(), alias]));
  const labels = memberOf.map((id) => aliasById.get(id.toLowerCase()) ?? "(not in azure.groups)");
  const width = Math.max(...labels.map((label) => label.length));
  return [heading, ...memberOf.map((id, index) => `  ${labels[index].padEnd(width)}  ${id}`)];
}

function accessLines(target: SignInTarget, memberOf: readonly string[], c: Colors): string[] {
  const heading = c.bold("Networks this user reaches");
  if (!target.access) return [`${heading}: not known for an identity stack (see "memberOf values match the endpoint's rules" above)`];
  const labels = planLabels({ placeholders: new Set(), groups: target.groups, access: target.access });
  const { reached, closed } = userAccess(accessRows(planAuthorizationRules(target.access), labels), memberOf);
  const lines = [`${heading} under the rules of ${target.stackName} (its access list, as \`pulumi up\` declares it):`];
  if (reached.length === 0) lines.push("  none");
  else {
    lines.push(
      renderTable(
        ["Network", "CIDR", "Through", "Except (more specific rules of other groups)"],
        reached.map((entry) => [entry.network, entry.cidr, entry.through.join(", "), entry.except.map((inner) => `${inner.network} ${inner.cidr}`).join("\n") || "-"]),
        false,
      ),
    );
  }
  if (closed.length > 0) lines.push(`Not reached: ${closed.map((entry) => `${entry.network} ${entry.cidr} (only ${entry.groups.join(", ")})`).join("; ")}`);
  return lines;
}

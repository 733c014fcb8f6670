/**
 * The report adopt prints: what it wrote, what the first `pulumi up` changes (each a guardrail of this program),
 * which of those users notice, what it found and leaves alone, what it could not map, and the order to run
 * things in. Pure text.
 */
import type { ExplainedChange } from "./change-explanations";
import type { Finding } from "./stack-settings";

export interface AdoptReportInput {
  stack: string;
  endpointId: string;
  region: string;
  application: { displayName: string; appId: string };
  tenantId: string;
  files: { stackFile: string; importFile: string };
  importedCount: number;
  changes: ExplainedChange[];
  findings: Finding[];
}

export function renderAdoptReport(input: AdoptReportInput): string {
  const lines: string[] = [];
  const section = (title: string, items: string[], empty: string) => {
    lines.push("", title);
    lines.push(...(items.length ? items.map((item) => `  - ${item}`) : [`  ${empty}`]));
  };
  lines.push(
    `Adopting ${input.endpointId} (${input.region}) and the Entra application "${input.application.displayName}" (${input.application.appId}, tenant ${input.tenantId}) into stack ${input.stack}.`,
    "",
    "Wrote:",
    `  ${input.files.stackFile}`,
    `  ${input.files.importFile} (${input.importedCount} resources to import)`,
  );
  const guardrails = input.changes.filter((change) => change.kind === "guardrail");
  section(
    "What the first pulumi up changes, each a guardrail of this program:",
    guardrails.map((change) => change.text),
    "nothing: the federation already follows every guardrail",
  );
  section(
    "Which of those changes users notice:",
    input.changes.filter((change) => change.affectsUsers).map((change) => `${change.text}: ${change.affectsUsers}`),
    "none: no user is signed out and every profile keeps working",
  );
  section(
    "Other changes (names, descriptions, tags and settings the program sets itself):",
    input.changes.filter((change) => change.kind !== "guardrail").map((change) => change.text),
    "none",
  );
  section(
    "Found, and left as it is (the program does not manage it):",
    input.findings.filter((finding) => finding.kind === "unmanaged").map((finding) => `${finding.subject}: ${finding.detail}`),
    "nothing",
  );
  section(
    "Decide before pulumi up (kept as found, but the policy pack refuses it):",
    input.findings.filter((finding) => finding.kind === "decide").map((finding) => `${finding.subject}: ${finding.detail}`),
    "nothing",
  );
  section(
    "Could not map:",
    input.findings.filter((finding) => finding.kind === "unmapped").map((finding) => `${finding.subject}: ${finding.detail}`),
    "nothing",
  );
  lines.push(
    "",
    "Next, in this order:",
    "  1. npm run adopt (done)",
    `  2. pulumi stack init ${input.stack} (it keeps the config in ${input.files.stackFile}), then pulumi import --stack ${input.stack} --file ${input.files.importFile} --generate-code=false`,
    `  3. pulumi preview --stack ${input.stack}: it must replace nothing it imported; the changes above are all it shows`,
    "  4. sign in once with a profile your users have today: the baseline before anything changes (npm run doctor needs the outputs pulumi up writes)",
    `  5. pulumi up --stack ${input.stack}, then npm run doctor -- --stack ${input.stack} and the same sign-in; should memberOf not arrive,`,
    `     npm run saml-check -- <captured SAMLResponse> --stack ${input.stack} says which claim is missing`,
  );
  return `${lines.join("\n")}\n`;
}

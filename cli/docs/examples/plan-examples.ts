/**
 * `npm run plan -- --stack acme` on a copy of the example stack (and on a broken copy), run in this process by
 * the plan's own CLI code: the outputs shown in the README and docs/offline-plan.md. One run serves every block
 * that shows the good plan, because each run of the program costs the tests time.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once, thumbprintPattern, transcript, type DocBlockSource } from "../doc-block-source";

/** The validation clock: the example's certificate end date (2029-11-01) stays in the future. */
const clock = new Date("2026-11-21T12:00:00Z");
/** Where the docs show the project checked out, instead of this machine's path. */
export const shownProjectDir = "~/clientvpn-federation";

interface PlanOutcome {
  code: number;
  text: string;
  files: Record<string, string>;
}

/**
 * Runs the plan CLI in this process. `stackYaml` is written as the stack's file, and `files` (by name) into the
 * folder the command runs from, so a relative path such as `--policy-pack-config allow.json` finds them.
 */
async function plan(argv: string[], stackYaml?: { stack: string; yaml: string }, files: Record<string, string> = {}): Promise<PlanOutcome> {
  const [{ runPlanCli }, { projectDir }] = await Promise.all([import("../../plan/cli"), import("../../plan/plan-stack")]);
  const work = stackYaml || Object.keys(files).length > 0 ? mkdtempSync(join(tmpdir(), "docs-plan-")) : undefined;
  try {
    const args = [...argv];
    if (work && stackYaml) {
      const file = join(work, `Pulumi.${stackYaml.stack}.yaml`);
      writeFileSync(file, stackYaml.yaml);
      args.push("--stack-file", file);
    }
    for (const [name, text] of Object.entries(files)) writeFileSync(join(work!, name), text);
    let text = "";
    let written: Record<string, string> = {};
    const code = await runPlanCli(args, {
      writeOut: (chunk) => void (text += chunk),
      writeErr: (chunk) => void (text += chunk),
      color: false,
      cwd: Object.keys(files).length > 0 ? work! : projectDir,
      now: clock,
      writeFiles: async (_directory, files) => void (written = files),
    });
    return { code, text: text.split(projectDir).join(shownProjectDir), files: written };
  } finally {
    if (work) rmSync(work, { recursive: true, force: true });
  }
}

const exampleYaml = once(async () => {
  const { projectDir } = await import("../../plan/plan-stack");
  return readFileSync(join(projectDir, "Pulumi.dev.yaml"), "utf8");
});

/** A user's own copy of the example, planned under its own name: the quick start's last step. */
const ownStackPlan = once(async () => plan(["--stack", "acme"], { stack: "acme", yaml: await exampleYaml() }));

/** The example with two mistakes, the ones the docs describe before the output. */
export const brokenStackEdits: readonly (readonly [string, string])[] = [
  ["clientCidr: 172.20.0.0/22", "clientCidr: 172.20.0.0/23"],
  ["sessionTimeoutHours: 12", "sessionTimeoutHours: 48"],
];
const brokenStackPlan = once(async () => {
  let yaml = await exampleYaml();
  for (const [from, to] of brokenStackEdits) {
    if (!yaml.includes(from)) throw new Error(`Pulumi.dev.yaml no longer holds "${from}"; update brokenStackEdits and the text before the example`);
    yaml = yaml.replace(from, to);
  }
  return plan(["--stack", "acme"], { stack: "acme", yaml });
});

/**
 * Mistakes a user makes in their copy of the example, one per run, each with the comment that says what was
 * changed: a near-miss region, a quoted number, a miscased key, and a subnet without room for Client VPN.
 */
export const oneMistakeEdits: readonly { change: string; from: string; to: string }[] = [
  { change: "aws:region: us-east1", from: "aws:region: us-east-1", to: "aws:region: us-east1" },
  { change: 'vpnPort: "443"', from: "vpnPort: 443", to: 'vpnPort: "443"' },
  { change: "groupClaim: gallery", from: "    displayName: AWS Client VPN\n", to: "    displayName: AWS Client VPN\n    groupClaim: gallery\n" },
  { change: "azuread:tenantid: …", from: "azuread:tenantId:", to: "azuread:tenantid:" },
  {
    change: "a subnet with 12 free addresses",
    from: "subnet-0ee55ff66aa77bb88: { availabilityZone: us-east-1b, cidr: 10.0.1.0/24 }",
    to: "subnet-0ee55ff66aa77bb88: { availabilityZone: us-east-1b, cidr: 10.0.1.0/24, availableIpAddresses: 12 }",
  },
];

async function planWithEdit(from: string, to: string): Promise<PlanOutcome> {
  const yaml = await exampleYaml();
  if (!yaml.includes(from)) throw new Error(`Pulumi.dev.yaml no longer holds "${from}"; update the edits in cli/docs/examples/plan-examples.ts and the text around their example`);
  return plan(["--stack", "acme"], { stack: "acme", yaml: yaml.replace(from, to) });
}

/** The example on the gallery route: the permission list differs; the switch back is not planned. */
const galleryRoutePlan = once(async () => {
  const yaml = await exampleYaml();
  const from = "    displayName: AWS Client VPN\n";
  if (!yaml.includes(from)) throw new Error(`Pulumi.dev.yaml no longer holds "${from.trim()}"; update galleryRoutePlan`);
  return plan(["--stack", "acme", "--no-group-claim-switch"], { stack: "acme", yaml: yaml.replace(from, `${from}    groupClaim: gallery-app\n`) });
});

/** The lines of a plan's report from the one starting with `heading` to the blank line that ends its section. */
function reportSection(text: string, heading: string): string {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.startsWith(heading));
  if (start === -1) throw new Error(`the plan no longer prints a section starting "${heading}"`);
  const end = lines.findIndex((line, index) => index > start && line.trim() === "");
  return lines.slice(start, end === -1 ? undefined : end).join("\n");
}

const permissionsHeading = "Microsoft Graph application permissions";

/** The example with an access entry to the whole internet, which the policy pack refuses (client-vpn-no-internet-rule). */
const internetEntry = "    - name: internet\n      cidr: 0.0.0.0/0\n      groups: [engineers]\n";
async function planWithInternetEntry(files: Record<string, string> = {}, extraArgs: string[] = []): Promise<PlanOutcome> {
  const yaml = await exampleYaml();
  const anchor = "  clientvpn-federation:cost:";
  if (!yaml.includes(anchor)) throw new Error(`Pulumi.dev.yaml no longer holds "${anchor.trim()}"; update planWithInternetEntry`);
  return plan(["--stack", "internet", ...extraArgs], { stack: "internet", yaml: yaml.replace(anchor, `${internetEntry}${anchor}`) }, files);
}

/** The report from its "Policies:" section to its end: what the pack found. */
function policySection(text: string): string {
  const start = text.indexOf("\nPolicies:\n");
  if (start === -1) throw new Error("the plan no longer prints a Policies: section");
  const end = text.indexOf("\nWritten to ", start);
  return text.slice(start + 1, end === -1 ? undefined : end).trimEnd();
}

function expectCode(outcome: PlanOutcome, code: number, what: string): PlanOutcome {
  if (outcome.code !== code) throw new Error(`${what} exited ${outcome.code}, not ${code}:\n${outcome.text}`);
  return outcome;
}

export const planExampleBlocks: readonly DocBlockSource[] = [
  {
    id: "example-plan-own-stack",
    async generate() {
      const { text } = expectCode(await ownStackPlan(), 0, "the plan of a copy of the example");
      const lines = text.split("\n");
      const untilResources = lines.slice(0, lines.findIndex((line) => line.startsWith("Resources: ")) + 1);
      return transcript("npm run plan -- --stack acme", `${untilResources.join("\n")}\n…`);
    },
  },
  {
    id: "example-plan-output",
    // The placeholder certificate is made afresh on every run: its thumbprint, and the size of the metadata that holds it.
    volatile: [thumbprintPattern, /metadata \d+ bytes/g],
    async generate() {
      return transcript("npm run plan -- --stack acme", expectCode(await ownStackPlan(), 0, "the plan of a copy of the example").text);
    },
  },
  {
    id: "example-plan-diagram",
    async generate() {
      const { files } = expectCode(await ownStackPlan(), 0, "the plan of a copy of the example");
      return ["```mermaid", files["deployment.mmd"].trimEnd(), "```"].join("\n");
    },
  },
  {
    id: "example-plan-group-claim-switch",
    async generate() {
      const { text } = expectCode(await ownStackPlan(), 0, "the plan of a copy of the example");
      return ["```text", "$ npm run plan -- --stack acme", "…", reportSection(text, "If azure.groupClaim were"), "…", "```"].join("\n");
    },
  },
  {
    id: "example-plan-permissions",
    async generate() {
      const { text } = expectCode(await ownStackPlan(), 0, "the plan of a copy of the example");
      const gallery = expectCode(await galleryRoutePlan(), 0, "the plan of the example on the gallery route");
      return [
        "```text",
        "$ npm run plan -- --stack acme                                # groupClaim: claims-mapping-policy (the default)",
        "…",
        reportSection(text, permissionsHeading),
        "…",
        "$ npm run plan -- --stack acme --no-group-claim-switch        # groupClaim: gallery-app",
        "…",
        reportSection(gallery.text, permissionsHeading),
        "…",
        "```",
      ].join("\n");
    },
  },
  {
    id: "example-plan-policy-violation",
    async generate() {
      const { text, code } = expectCode(await planWithInternetEntry(), 2, "the plan of the example with an access entry to 0.0.0.0/0");
      return ["```text", "$ npm run plan -- --stack internet", "…", policySection(text), "…", "$ echo $?", String(code), "```"].join("\n");
    },
  },
  {
    id: "example-plan-policy-allowed",
    async generate() {
      const config = JSON.stringify({ "client-vpn-no-internet-rule": { allowInternet: true } });
      const { text, code } = expectCode(
        await planWithInternetEntry({ "allow-internet.json": config }, ["--policy-pack-config", "allow-internet.json"]),
        0,
        "the plan of the example with an access entry to 0.0.0.0/0 and allowInternet",
      );
      return ["```text", "$ cat allow-internet.json", config, "$ npm run plan -- --stack internet --policy-pack-config allow-internet.json", "…", policySection(text), "…", "$ echo $?", String(code), "```"].join("\n");
    },
  },
  {
    id: "example-plan-policy-config-refused",
    async generate() {
      const config = JSON.stringify({ "client-vpn-split-tunnel": { mode: "both" }, "client-vpn-session-timeout": { maxHours: 48 } });
      const { text, code } = expectCode(await plan(["--policy-pack-config", "too-loose.json"], undefined, { "too-loose.json": config }), 64, "the plan with a policy config pulumi would refuse");
      return transcript("npm run plan -- --policy-pack-config too-loose.json", `${text.trimEnd()}\n$ echo $?\n${code}`);
    },
  },
  {
    id: "example-plan-help-exit-codes",
    async generate() {
      const { text } = await plan(["--help"]);
      const exitCodes = text.slice(text.indexOf("\nExit codes:\n") + 1);
      if (!exitCodes.startsWith("Exit codes:")) throw new Error("npm run plan -- --help no longer ends with its exit codes");
      return transcript("npm run plan -- --help", `…\n${exitCodes}`);
    },
  },
  {
    id: "example-plan-one-mistake-each",
    async generate() {
      const runs: string[] = [];
      for (const edit of oneMistakeEdits) {
        const { text } = expectCode(await planWithEdit(edit.from, edit.to), 1, `the plan of the example with ${edit.change}`);
        runs.push(`$ npm run plan -- --stack acme      # ${edit.change}`, text.trimEnd(), "");
      }
      return ["```text", ...runs.slice(0, -1), "```"].join("\n");
    },
  },
  {
    id: "example-plan-bad-stack",
    async generate() {
      const { text, code } = expectCode(await brokenStackPlan(), 1, "the plan of the broken stack");
      return transcript("npm run plan -- --stack acme", `${text.trimEnd()}\n$ echo $?\n${code}`);
    },
  },
];

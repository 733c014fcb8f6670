/**
 * `npm run tenants -- drift` over three tenant stacks, run in this process by the fleet CLI's own code
 * against the fleet double the tests use (each stack's Pulumi run scripted): one in sync with an advisory
 * policy warning, one whose app was edited in the portal, one whose secrets cannot be decrypted. One stack
 * at a time (--concurrency 1), so the progress lines come in the same order on every run.
 */
import type { FleetBackend } from "../../tenants/fleet-backend";
import { transcript, type DocBlockSource } from "../doc-block-source";

/** Runs `npm run tenants -- <argv>` in this process against `backend`; returns what it printed and its exit code. */
async function runTenants(argv: string[], backend: () => Promise<FleetBackend>): Promise<{ out: string; code: number }> {
  const { runCli } = await import("../../tenants/cli");
  let out = "";
  const code = await runCli(argv, {
    createBackend: backend,
    writeOut: (text) => void (out += text),
    writeErr: (text) => void (out += text),
    interactive: false,
    color: false,
    appendFile: async () => undefined,
    cwd: process.cwd(),
  });
  return { out, code };
}

async function nightlyDrift(): Promise<string> {
  const { FleetDouble, commandError } = await import("../../../test/tenants-fleet-double");
  const application = "azuread:index/application:Application";
  const fleet = new FleetDouble({
    acme: {
      durationMs: 5,
      report: { changeSummary: { same: 36 }, changedResources: [], policyWarnings: ["entra-signing-certificate-expiry-warning: the signing certificate expires in 27 days"] },
    },
    globex: {
      durationMs: 5,
      progress: [
        { steps: 1, changes: 0, current: `refresh ${application} vpn-app` },
        { steps: 2, changes: 1, current: `update ${application} vpn-app` },
      ],
      report: {
        changeSummary: { same: 35, update: 1 },
        changedResources: [{ op: "update", urn: `urn:pulumi:globex::clientvpn-federation::${application}::vpn-app`, type: application, diffs: ["web"] }],
      },
    },
    initech: { durationMs: 5, error: commandError(255, "error: failed to decrypt encrypted configuration value 'azuread:clientSecret'\n") },
  });
  const { out, code } = await runTenants(["drift", "--concurrency", "1"], async () => fleet);
  return transcript("npm run tenants -- drift --concurrency 1", `${out}$ echo $?\n${code}`);
}

/** Bounded values refused before any stack is listed: the backend is never asked. */
async function valuesOutOfRange(): Promise<string> {
  const runs: string[] = [];
  for (const argv of [
    ["drift", "--concurrency", "40"],
    ["shards", "--max-shards", "300"],
  ]) {
    const { out, code } = await runTenants(argv, async () => {
      throw new Error("a value out of range must be refused before the stacks are listed");
    });
    runs.push(`$ npm run tenants -- ${argv.join(" ")}`, out.trimEnd(), "$ echo $?", String(code));
  }
  return ["```text", ...runs, "```"].join("\n");
}

export const tenantsExampleBlocks: readonly DocBlockSource[] = [
  { id: "example-tenants-bounds", generate: valuesOutOfRange },
  // Each stack's run time is measured, so it differs from run to run.
  { id: "example-tenants-drift", volatile: [/ in \d+\.\ds/g], generate: nightlyDrift },
];

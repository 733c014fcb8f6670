/**
 * `npm run tenants -- drift` over three tenant stacks, run in this process by the fleet CLI's own code
 * against the fleet double the tests use (each stack's Pulumi run scripted): one in sync with an advisory
 * policy warning, one whose app was edited in the portal, one whose secrets cannot be decrypted. One stack
 * at a time (--concurrency 1), so the progress lines come in the same order on every run.
 */
import { transcript, type DocBlockSource } from "../doc-block-source";

async function nightlyDrift(): Promise<string> {
  const [{ runCli }, { FleetDouble, commandError }] = await Promise.all([import("../../tenants/cli"), import("../../../test/tenants-fleet-double")]);
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
  let out = "";
  const code = await runCli(["drift", "--concurrency", "1"], {
    createBackend: async () => fleet,
    writeOut: (text) => void (out += text),
    writeErr: (text) => void (out += text),
    interactive: false,
    color: false,
    appendFile: async () => undefined,
    cwd: process.cwd(),
  });
  return transcript("npm run tenants -- drift --concurrency 1", `${out}$ echo $?\n${code}`);
}

export const tenantsExampleBlocks: readonly DocBlockSource[] = [
  // Each stack's run time is measured, so it differs from run to run.
  { id: "example-tenants-drift", volatile: [/ in \d+\.\ds/g], generate: nightlyDrift },
];

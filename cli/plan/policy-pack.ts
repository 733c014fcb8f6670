import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildPolicies, PACK_NAME } from "../../policies/catalog";
import { resolvePolicyPackConfig } from "./policy-pack-config";
import { checkPolicies } from "./policy-check";
import { PolicyReportInput } from "./policy-report";
import { RecordedResource } from "./recording-mocks";
import { projectDir } from "./plan-stack";

/** The pack's folder in the project, as `pulumi preview --policy-pack ./policies` names it. */
export const policyPackFolder = "policies";

export type PolicyPackSetup =
  | { ok: true; check(resources: RecordedResource[]): PolicyReportInput }
  /** The config file is missing or wrong; the message names the flag, the mistake and the fix. */
  | { ok: false; message: string };

/**
 * Loads the project's policy pack (policies/catalog.ts, never policies/index.ts, whose PolicyPack starts the
 * analyzer server) with the --policy-pack-config file, before anything is planned, so a wrong file stops
 * the plan at once. `now` is the clock of the certificate-expiry policies.
 */
export function preparePolicyPack(configPath: string | undefined, cwd: string, now: Date): PolicyPackSetup {
  const policies = buildPolicies({ clock: () => now });
  let text = "";
  if (configPath !== undefined) {
    const file = resolve(cwd, configPath);
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
      return {
        ok: false,
        message: `error: --policy-pack-config ${configPath}: cannot read ${file} (${reason}). Pass the JSON file you give pulumi preview --policy-pack-config, e.g. ${policyPackFolder}/policy-config.example.json.`,
      };
    }
  }
  const resolved = resolvePolicyPackConfig(text, policies);
  if (!resolved.ok) {
    const items = resolved.problems.map((problem) => `  - ${problem}`).join("\n");
    return { ok: false, message: `error: --policy-pack-config ${configPath}: pulumi preview would refuse this policy config:\n${items}\nFix the file (${policyPackFolder}/policy-config.example.json lists every setting at its default).` };
  }
  const packVersion = packageVersion();
  return {
    ok: true,
    check: (resources) => ({
      packName: PACK_NAME,
      packVersion,
      packPath: policyPackFolder,
      configPath,
      violations: checkPolicies(policies, resources, resolved.config),
      notes: resolved.notes,
    }),
  };
}

/**
 * The version the engine shows beside the pack's name: @pulumi/policy's PolicyPack reads it from the pack's
 * package.json (policy.js), and the engine prefers PulumiPolicy.yaml's, which sets none here.
 */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(projectDir, policyPackFolder, "package.json"), "utf8")) as { version?: unknown };
  if (typeof manifest.version !== "string") throw new Error(`${policyPackFolder}/package.json has no version`);
  return manifest.version;
}

import { load } from "js-yaml";

/**
 * The supply-chain rules the drift workflow must keep (issue 13, item 9), as a checker that returns one message per
 * breach, so a test can both pass the real workflow and prove each rule catches its breach.
 *
 * - Every `uses:` names a full 40-hex commit SHA and carries its release tag in a comment (`# v1.2.3`): a tag can
 *   be moved to other code, a SHA cannot
 *   (https://docs.github.com/en/actions/reference/security/secure-use).
 * - Every npm install (`npm ci`, `npm install`, `npm i`) in any job runs with `--ignore-scripts`.
 * - Every job that may mint OIDC tokens (`id-token: write`) runs in a GitHub `environment:`, and the workflow
 *   itself grants no `id-token` to jobs that do not ask for it.
 */

interface Step {
  uses?: string;
  run?: string;
}
interface Job {
  environment?: string | { name: string };
  permissions?: Record<string, string> | string;
  steps?: Step[];
}
interface Workflow {
  permissions?: Record<string, string> | string;
  jobs: Record<string, Job>;
}

const PINNED_USES = /^\s*(?:-\s+)?uses:\s*([\w.-]+\/[\w./-]+)@([0-9a-f]{40})\s+#\s*v\d+\.\d+\.\d+\s*$/;
const ANY_USES = /^\s*(?:-\s+)?uses:\s*(\S+)/;
const NPM_INSTALL = /\bnpm\s+(?:ci|install|i|add)\b[^\n;&|]*/g;

const mintsOidc = (permissions: Job["permissions"]): boolean =>
  permissions === "write-all" || (typeof permissions === "object" && permissions["id-token"] === "write");

export function supplyChainProblems(source: string): string[] {
  const problems: string[] = [];
  source.split("\n").forEach((line, i) => {
    const uses = ANY_USES.exec(line);
    if (uses && !PINNED_USES.test(line)) {
      problems.push(`line ${i + 1}: ${uses[1]} is not pinned to a commit SHA with its tag in a comment`);
    }
  });

  const workflow = load(source) as Workflow;
  if (mintsOidc(workflow.permissions)) {
    problems.push("the workflow-level permissions grant id-token: write to every job; grant it per job instead");
  }
  for (const [name, job] of Object.entries(workflow.jobs)) {
    for (const step of job.steps ?? []) {
      for (const install of step.run?.match(NPM_INSTALL) ?? []) {
        if (!/--ignore-scripts\b/.test(install)) problems.push(`job ${name}: "${install.trim()}" runs install scripts`);
      }
    }
    if (mintsOidc(job.permissions) && !job.environment) {
      problems.push(`job ${name}: may mint OIDC tokens but runs in no protected environment`);
    }
  }
  return problems;
}

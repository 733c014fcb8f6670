import { z } from "zod";
import { zodProblems, type ConfigProblem } from "../components/config";
import { cronProblem } from "./cron";

/**
 * The fleet stack's configuration: which tenant stacks Pulumi Cloud checks for drift, how their deployments reach
 * the clouds, and when. Validated in one pure step that reports every problem at once, each naming its setting.
 *
 * Formats, with their sources:
 * - Stack and project names: ^[A-Za-z0-9_.-]{1,100}$ (pulumi/pulumi, the Pulumi Cloud backend's validateStackName).
 * - The organization name is the OIDC audience, compared case-sensitively by AWS, and "always lowercase"
 *   (https://www.pulumi.com/docs/deployments/guides/oidc/aws/).
 * - IAM role names: [\w+=,.@-]{1,64} after an optional path (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html).
 * - AWS session duration "XhYmZs" (pulumiservice AWSOIDCConfiguration.duration).
 */

export const fleetNamespace = "clientvpn-fleet";

/** The cron the drift schedule gets unless config says otherwise: nightly, off the top of the hour. */
export const defaultDriftSchedule = "17 3 * * *";

const guid = z
  .string({ error: "must be a GUID" })
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: "must be a GUID" })
  .transform((value) => value.toLowerCase());
const roleArn = z
  .string({ error: "must be an IAM role ARN" })
  .regex(/^arn:aws(?:-us-gov|-cn)?:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/, {
    error: "must be an IAM role ARN, e.g. arn:aws:iam::111122223333:role/clientvpn-drift",
  });
const awsSchema = z.strictObject({
  roleArn,
  // Pulumi expands ${organization.name}, ${stack.name}, ${deployment.id}... and trims the result to AWS's 64
  // characters (https://www.pulumi.com/docs/deployments/guides/oidc/aws/#session-name).
  sessionName: z
    .string()
    .regex(/^(?:[\w+=,.@-]|\$\{[a-z.]+\})+$/, { error: "may hold only letters, digits, +=,.@_- and ${...} template variables" })
    .max(200)
    .optional(),
  duration: z
    .string()
    .regex(/^(?=\d)(?:\d+h)?(?:\d+m)?(?:\d+s)?$/, { error: 'must be a duration like "1h" or "45m"' })
    .optional(),
});
const entraSchema = z.strictObject({ clientId: guid, tenantId: guid });
const credentialsSchema = z.strictObject({ aws: awsSchema.optional(), entra: entraSchema.optional() });
const driftSchema = z.strictObject({
  schedule: z.string({ error: "must be a cron expression" }).optional(),
  remediate: z.boolean({ error: "must be true or false" }).optional(),
});
const stackName = z
  .string({ error: "must be a stack name" })
  .regex(/^[A-Za-z0-9_.-]{1,100}$/, { error: "must be a stack name: 1 to 100 letters, digits, _ . or -, without the org/project prefix" });
const tenantSchema = z.strictObject({
  stack: stackName,
  aws: awsSchema.optional(),
  entra: entraSchema.optional(),
  drift: driftSchema.optional(),
});

export interface AwsAccess {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly duration?: string;
}
export interface EntraAccess {
  readonly clientId: string;
  readonly tenantId: string;
}

/** One tenant stack as its deployments will run: defaults applied, everything checked. */
export interface TenantDeployment {
  readonly stack: string;
  readonly aws?: AwsAccess;
  readonly entra?: EntraAccess;
  readonly scheduleCron: string;
  readonly autoRemediate: boolean;
}

export interface FleetConfig {
  /** Pulumi Cloud organisation of the tenant stacks (and OIDC audience). */
  readonly organization: string;
  /** The tenant stacks' project: this repository's main program. */
  readonly project: string;
  /** GitHub "owner/repo" the deployments check out, through Pulumi's GitHub app (no stored credential). */
  readonly repository: string;
  /** Git ref the deployments run, e.g. "refs/heads/main". */
  readonly branch: string;
  readonly tenants: readonly TenantDeployment[];
}

export type FleetConfigResult = { ok: true; config: FleetConfig } | { ok: false; problems: ConfigProblem[] };

const knownSettings = ["organization", "project", "repository", "branch", "drift", "defaults", "tenants"];
const defaultSessionName = "clientvpn-${stack.name}-${deployment.id}";

/** Parses the engine's flat config (structured values JSON-encoded, as `pulumi.runtime.allConfig()` gives them). */
export function parseFleetConfig(all: Readonly<Record<string, string>>): FleetConfigResult {
  const problems: ConfigProblem[] = [];
  const setting = (key: string): string => `${fleetNamespace}:${key}`;
  const problem = (key: string, message: string): void => void problems.push({ setting: key, message });
  const structured = (key: string): unknown => {
    const value = all[setting(key)];
    if (value === undefined) return undefined;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  };
  const section = <T extends z.ZodType>(key: string, schema: T, value: unknown): z.output<T> | undefined => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    problems.push(...zodProblems(setting(key), parsed.error));
    return undefined;
  };

  for (const key of Object.keys(all).filter((key) => key.startsWith(`${fleetNamespace}:`))) {
    const name = key.slice(fleetNamespace.length + 1);
    if (!knownSettings.includes(name)) problem(key, `is not a setting of the fleet program; the settings are ${knownSettings.join(", ")}`);
  }

  const organization = all[setting("organization")] ?? "";
  if (!/^[a-z0-9][a-z0-9_.-]*$/.test(organization)) {
    problem(
      setting("organization"),
      "is required: the Pulumi Cloud organisation of the tenant stacks, in lowercase as in app.pulumi.com/<org> " +
        "(it is the OIDC audience, which AWS compares case-sensitively)",
    );
  }
  const project = all[setting("project")] ?? "clientvpn-federation";
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(project)) problem(setting("project"), "must be a Pulumi project name (letters, digits, _ . -)");
  const repository = all[setting("repository")] ?? "";
  if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/.test(repository)) {
    problem(setting("repository"), 'is required: the GitHub repository the deployments check out, as "owner/repo"');
  }
  const branchName = all[setting("branch")] ?? "main";
  if (!/^[\w./-]+$/.test(branchName) || branchName.includes("..")) problem(setting("branch"), "must be a branch name, e.g. main");
  const branch = branchName.startsWith("refs/") ? branchName : `refs/heads/${branchName}`;

  const drift = section("drift", driftSchema, structured("drift") ?? {});
  const defaults = section("defaults", credentialsSchema, structured("defaults") ?? {});
  // Each tenant is checked on its own, so one mistaken entry does not hide the problems of the others.
  const rawTenants = structured("tenants");
  const tenants: { index: number; tenant: z.output<typeof tenantSchema> }[] = [];
  if (rawTenants === undefined) {
    problem(setting("tenants"), "is required: the tenant stacks to check, each as { stack: <name> }");
  } else if (!Array.isArray(rawTenants) || rawTenants.length === 0) {
    problem(setting("tenants"), "must be a list of at least one tenant stack, each as { stack: <name> }");
  } else {
    const seen = new Set<unknown>();
    rawTenants.forEach((raw, index) => {
      const stack = (raw as { stack?: unknown } | null)?.stack;
      if (typeof stack === "string" && seen.has(stack)) {
        problem(`${setting("tenants")}[${index}].stack`, `lists ${stack} a second time; each tenant stack appears once`);
      }
      seen.add(stack);
      const tenant = section(`tenants[${index}]`, tenantSchema, raw);
      if (tenant) tenants.push({ index, tenant });
    });
  }

  const fleetSchedule = drift?.schedule ?? defaultDriftSchedule;
  const fleetCron = cronProblem(fleetSchedule);
  if (fleetCron) problem(setting("drift.schedule"), fleetCron);

  const deployments: TenantDeployment[] = [];
  for (const { index, tenant } of tenants) {
    const at = (key: string): string => `${setting("tenants")}[${index}]${key ? `.${key}` : ""}`;
    const aws = tenant.aws ?? defaults?.aws;
    const entra = tenant.entra ?? defaults?.entra;
    // A broken defaults section was reported already; its tenants are not blamed a second time.
    if (!aws && !entra && defaults !== undefined) {
      problem(at(""), `${tenant.stack} has no aws and no entra access (here or in ${setting("defaults")}): its deployments could read nothing`);
    }
    const scheduleCron = tenant.drift?.schedule ?? fleetSchedule;
    const tenantCron = tenant.drift?.schedule === undefined ? undefined : cronProblem(scheduleCron);
    if (tenantCron) problem(at("drift.schedule"), tenantCron);
    deployments.push({
      stack: tenant.stack,
      ...(aws ? { aws: { roleArn: aws.roleArn, sessionName: aws.sessionName ?? defaultSessionName, ...(aws.duration ? { duration: aws.duration } : {}) } } : {}),
      ...(entra ? { entra } : {}),
      scheduleCron,
      // Remediation runs `pulumi up`: off unless asked, per tenant or for the fleet.
      autoRemediate: tenant.drift?.remediate ?? drift?.remediate ?? false,
    });
  }

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: { organization, project, repository, branch, tenants: deployments } };
}

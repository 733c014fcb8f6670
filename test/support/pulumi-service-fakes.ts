import type { ProviderOutputs } from "../../cli/plan/recording-mocks";

/**
 * Fakes of the pulumiservice provider that refuse what the provider or Pulumi Cloud would refuse, so a test passing
 * against them says something. Rules, with their sources (pulumi/pulumi-pulumiservice v1.3.0):
 * - vcs.provider is one of github, gitlab, bitbucket, azure_devops, custom; any other value is silently dropped by
 *   the provider (provider/pkg/resources/deployment_settings.go toVCSConfig), which the fake treats as an error;
 * - sourceContext.git takes a branch or a commit; repoUrl and gitAuth are not given with VCS settings
 *   (sdk/nodejs/types/input.ts, DeploymentSettingsGitSourceArgs);
 * - oidc.aws needs roleARN and sessionName; oidc.azure needs clientId, tenantId and subscriptionId (schema);
 * - a drift schedule needs the stack's deployment settings first (examples/ts-schedules/index.ts);
 * - one stack has one set of deployment settings (the REST API stores them per stack).
 */
export function pulumiServiceFakes(): { outputs: Record<string, ProviderOutputs>; reset(): void } {
  const settingsFor = new Set<string>();
  const key = (inputs: Record<string, unknown>): string => `${inputs.organization}/${inputs.project}/${inputs.stack}`;
  const requireStackId = (type: string, inputs: Record<string, unknown>): void => {
    for (const field of ["organization", "project", "stack"]) {
      if (typeof inputs[field] !== "string" || inputs[field] === "") throw new Error(`${type}: ${field} is required`);
    }
  };

  const deploymentSettings: ProviderOutputs = (_name, inputs) => {
    requireStackId("DeploymentSettings", inputs);
    const vcs = inputs.vcs as Record<string, unknown> | undefined;
    if (vcs && !["github", "gitlab", "bitbucket", "azure_devops", "custom"].includes(String(vcs.provider))) {
      throw new Error(`DeploymentSettings: vcs.provider "${String(vcs.provider)}" is not one the provider knows; it would drop vcs`);
    }
    if (vcs?.provider === "github" && !/^[^/\s]+\/[^/\s]+$/.test(String(vcs.repository))) {
      throw new Error("DeploymentSettings: vcs.repository must be owner/repo");
    }
    const git = (inputs.sourceContext as { git?: Record<string, unknown> } | undefined)?.git;
    if (git) {
      if ((git.branch === undefined) === (git.commit === undefined)) throw new Error("DeploymentSettings: give either branch or commit");
      if (vcs && (git.repoUrl !== undefined || git.gitAuth !== undefined)) {
        throw new Error("DeploymentSettings: repoUrl and gitAuth are not given with vcs settings");
      }
    }
    const oidc = (inputs.operationContext as { oidc?: Record<string, Record<string, unknown>> } | undefined)?.oidc;
    if (oidc?.aws && (typeof oidc.aws.roleARN !== "string" || typeof oidc.aws.sessionName !== "string")) {
      throw new Error("DeploymentSettings: oidc.aws needs roleARN and sessionName");
    }
    if (oidc?.azure && ["clientId", "tenantId", "subscriptionId"].some((field) => typeof oidc.azure[field] !== "string")) {
      throw new Error("DeploymentSettings: oidc.azure needs clientId, tenantId and subscriptionId");
    }
    if (settingsFor.has(key(inputs))) throw new Error(`DeploymentSettings: ${key(inputs)} already has deployment settings`);
    settingsFor.add(key(inputs));
    return { id: key(inputs) };
  };

  const driftSchedule: ProviderOutputs = (name, inputs) => {
    requireStackId("DriftSchedule", inputs);
    if (typeof inputs.scheduleCron !== "string" || inputs.scheduleCron.trim().split(/\s+/).length !== 5) {
      throw new Error(`DriftSchedule: scheduleCron "${String(inputs.scheduleCron)}" is not a 5-field cron expression`);
    }
    if (!settingsFor.has(key(inputs))) throw new Error(`DriftSchedule: ${key(inputs)} has no deployment settings yet`);
    const scheduleId = `sched-${name}`;
    return { id: `${key(inputs)}/drift/${scheduleId}`, scheduleId };
  };

  return {
    outputs: {
      "pulumiservice:index:DeploymentSettings": deploymentSettings,
      "pulumiservice:index:DriftSchedule": driftSchedule,
    },
    reset: () => settingsFor.clear(),
  };
}

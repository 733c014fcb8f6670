import type { FleetConfig, TenantDeployment } from "./fleet-config";

/**
 * What Pulumi Cloud is told for one tenant stack: its deployment settings and its drift schedule, as plain values
 * (pure, so the rules below are tested without an engine).
 *
 * pulumiservice resources (@pulumi/pulumiservice 1.3.0; node_modules/@pulumi/pulumiservice/types/input.d.ts):
 * - DeploymentSettings: https://www.pulumi.com/registry/packages/pulumiservice/api-docs/deploymentsettings/
 * - DriftSchedule: https://www.pulumi.com/registry/packages/pulumiservice/api-docs/driftschedule/
 *   Drift runs `pulumi refresh --preview-only` on Pulumi's runners and needs the stack's deployment settings first
 *   (https://www.pulumi.com/docs/deployments/concepts/drift/).
 * Deployments OIDC: https://www.pulumi.com/docs/deployments/guides/oidc/ (token claims and subject),
 * .../oidc/aws/ (roleARN, sessionName, duration) and .../oidc/azure/ (Entra federated credentials).
 */

/** Where Pulumi Deployments writes the run's own OIDC token ("/mnt/pulumi/pulumi.oidc", docs above). */
export const deploymentOidcTokenFile = "/mnt/pulumi/pulumi.oidc";

/** The issuer of Pulumi Deployments' OIDC tokens; their audience is the organisation's name. */
export const pulumiOidcIssuer = "https://api.pulumi.com/oidc";

export interface DeploymentSettingsPlan {
  organization: string;
  project: string;
  stack: string;
  sourceContext: { git: { branch: string } };
  vcs: { provider: "github"; repository: string; deployCommits: false; previewPullRequests: false; pullRequestTemplate: false };
  operationContext: {
    oidc?: { aws: { roleARN: string; sessionName: string; duration?: string } };
    environmentVariables: Record<string, string>;
    options: { skipInstallDependencies: true };
    preRunCommands: string[];
  };
}

export interface DriftSchedulePlan {
  organization: string;
  project: string;
  stack: string;
  scheduleCron: string;
  autoRemediate: boolean;
}

/**
 * The settings of one tenant stack's deployments:
 * - source: this repository's main program, through Pulumi's GitHub app, so no git credential is stored;
 *   `deployCommits` and `previewPullRequests` default to true in the provider (deploymentSettingsVcsArgsProvideDefaults)
 *   and are turned off: a push must never `pulumi up` hundreds of tenants, and only the drift schedule runs here;
 * - AWS: the deployment's OIDC token exchanged for the role (`operationContext.oidc.aws`); the stack may chain on
 *   with its own aws:assumeRoles;
 * - Entra: the azuread provider and the project's Graph client read the same token from its file (ARM_USE_OIDC,
 *   ARM_OIDC_TOKEN_FILE_PATH; hashicorp/terraform-provider-azuread internal/provider/provider.go `oidc_token_file_path`,
 *   components/graph/credential-source.ts). Deployments' own Azure integration is not used: its schema requires an
 *   Azure subscription, which an Entra-only tenant need not have;
 * - dependencies: `npm ci --ignore-scripts`, the same supply-chain rule as the GitHub workflow (the default install
 *   step would run install scripts in a process that holds the tenant's credentials).
 */
export function planDeploymentSettings(fleet: FleetConfig, tenant: TenantDeployment): DeploymentSettingsPlan {
  const environmentVariables: Record<string, string> = tenant.entra
    ? {
        ARM_USE_OIDC: "true",
        ARM_CLIENT_ID: tenant.entra.clientId,
        ARM_TENANT_ID: tenant.entra.tenantId,
        ARM_OIDC_TOKEN_FILE_PATH: deploymentOidcTokenFile,
        // Fail on a missing federated credential instead of trying an Azure CLI login that is not there.
        ARM_USE_CLI: "false",
      }
    : {};
  return {
    organization: fleet.organization,
    project: fleet.project,
    stack: tenant.stack,
    sourceContext: { git: { branch: fleet.branch } },
    vcs: { provider: "github", repository: fleet.repository, deployCommits: false, previewPullRequests: false, pullRequestTemplate: false },
    operationContext: {
      ...(tenant.aws
        ? {
            oidc: {
              aws: {
                roleARN: tenant.aws.roleArn,
                sessionName: tenant.aws.sessionName,
                ...(tenant.aws.duration ? { duration: tenant.aws.duration } : {}),
              },
            },
          }
        : {}),
      environmentVariables,
      options: { skipInstallDependencies: true },
      preRunCommands: ["npm ci --ignore-scripts --no-audit --no-fund"],
    },
  };
}

export function planDriftSchedule(fleet: FleetConfig, tenant: TenantDeployment): DriftSchedulePlan {
  return {
    organization: fleet.organization,
    project: fleet.project,
    stack: tenant.stack,
    scheduleCron: tenant.scheduleCron,
    autoRemediate: tenant.autoRemediate,
  };
}

/**
 * The subjects an Entra federated credential must match exactly, for the runs this fleet schedules. Pulumi's OIDC
 * page lists the operation claim as preview, update, refresh or destroy, while the Deployments API names the drift
 * run `detect-drift` (and remediation `remediate-drift`, pulumi-pulumiservice provider/pkg/apitype/pulumi_operation_.go).
 * Which one a drift run's token carries is not documented, so both are listed; the first run that lacks its
 * credential fails with AADSTS700213, naming the subject it presented. An app holds at most 20 federated credentials.
 */
export function entraFederatedSubjects(fleet: FleetConfig, tenant: TenantDeployment): string[] {
  const operations = ["refresh", "detect-drift", ...(tenant.autoRemediate ? ["update", "remediate-drift"] : [])];
  return operations.map(
    (operation) => `pulumi:deploy:org:${fleet.organization}:project:${fleet.project}:stack:${tenant.stack}:operation:${operation}:scope:write`,
  );
}

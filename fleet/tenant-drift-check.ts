import * as pulumi from "@pulumi/pulumi";
import * as pulumiservice from "@pulumi/pulumiservice";
import type { DeploymentSettingsPlan, DriftSchedulePlan } from "./deployment-plan";

export interface TenantDriftCheckArgs {
  readonly settings: DeploymentSettingsPlan;
  readonly schedule: DriftSchedulePlan;
}

/**
 * One tenant stack under Pulumi Cloud's drift detection: its deployment settings, and a drift schedule that waits
 * for them (a schedule needs the stack's deployment settings first). Named after the stack, so adding or removing
 * a tenant never renames, and so never replaces, another tenant's resources.
 */
export class TenantDriftCheck extends pulumi.ComponentResource {
  readonly scheduleId: pulumi.Output<string>;

  constructor(stack: string, args: TenantDriftCheckArgs, opts?: pulumi.ComponentResourceOptions) {
    super("clientvpn-fleet:index:TenantDriftCheck", stack, {}, opts);
    const settings = new pulumiservice.DeploymentSettings(stack, args.settings, { parent: this });
    const schedule = new pulumiservice.DriftSchedule(stack, args.schedule, { parent: this, dependsOn: [settings] });
    this.scheduleId = schedule.scheduleId;
    this.registerOutputs({ scheduleId: this.scheduleId });
  }
}

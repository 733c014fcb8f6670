import type { StackValidationPolicy } from "@pulumi/policy";
import { readConfig } from "../lib/config";
import { violation } from "../lib/describe";
import { UNKNOWN, at, knownString } from "../lib/known";
import { ResourceType } from "../lib/resource-types";
import { type StackResource, ofType, readStack } from "../lib/stack";

const NAME = "client-vpn-connection-logging";
const DEFAULTS = { minRetentionDays: 90 };

/**
 * Finds the log group resource(s) of this stack that receive an endpoint's connection logs: by the
 * name when it is known, otherwise by the endpoint's dependencies (the name is the log group's
 * output when the group is auto-named, unknown until it exists).
 */
function logGroupsOf(endpoint: StackResource, logGroups: StackResource[]): StackResource[] {
  const name = knownString(at(endpoint.props, "connectionLogOptions", "cloudwatchLogGroup"));
  if (name) {
    const byName = logGroups.filter((group) => group.props.name === name);
    if (byName.length > 0) return byName;
  }
  // The name is unknown, or no group carries it yet (an auto-named group knows its name only once it
  // exists): fall back to the log groups the endpoint takes inputs from, unless their name differs.
  return logGroups.filter((group) => endpoint.dependsOn.has(group.urn) && (!name || !knownString(group.props.name)));
}

export const connectionLogging: StackValidationPolicy = {
  name: NAME,
  description:
    "Client VPN endpoints log every connection attempt to a CloudWatch log group that keeps the logs at least N days (default 90).",
  remediationSteps:
    "Set connectionLogOptions { enabled: true, cloudwatchLogGroup: <log group name> } on the endpoint and give that " +
    "log group retentionInDays of at least the configured minimum (or 0, which keeps logs forever).",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: {
    properties: {
      minRetentionDays: {
        type: "integer",
        minimum: 1,
        default: DEFAULTS.minRetentionDays,
        description: "Least number of days the connection log group must keep events.",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const { minRetentionDays } = readConfig(args, NAME, DEFAULTS);
    const resources = readStack(args);
    const logGroups = ofType(resources, ResourceType.logGroup);
    for (const endpoint of ofType(resources, ResourceType.clientVpnEndpoint)) {
      const enabled = at(endpoint.props, "connectionLogOptions", "enabled");
      if (enabled === UNKNOWN) continue;
      if (enabled !== true) {
        reportViolation(
          violation(
            "Client VPN endpoint",
            endpoint,
            "has connection logging off, so nobody can tell who connected, from where, or who was refused.",
            "set connectionLogOptions { enabled: true, cloudwatchLogGroup: <log group name> }.",
          ),
          endpoint.urn,
        );
        continue;
      }
      // No match means the log group lives outside this stack (or the link is not visible yet):
      // its retention cannot be checked here.
      for (const group of logGroupsOf(endpoint, logGroups)) {
        const retention = group.props.retentionInDays;
        if (retention === UNKNOWN) continue;
        // CloudWatch keeps events forever when no retention is set; the provider models that as 0.
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention
        if (retention === undefined || retention === 0) continue;
        if (typeof retention === "number" && retention >= minRetentionDays) continue;
        reportViolation(
          violation(
            "CloudWatch log group",
            group,
            `keeps Client VPN connection logs of endpoint "${endpoint.name}" for ${String(retention)} days; ` +
              `the minimum is ${minRetentionDays}.`,
            `set retentionInDays to ${minRetentionDays} or more (an allowed CloudWatch value such as 90, 180, 365), ` +
              `or lower the policy's minRetentionDays in the policy pack config.`,
          ),
          group.urn,
        );
      }
    }
  },
};

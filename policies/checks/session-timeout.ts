import type { ResourceValidationPolicy } from "@pulumi/policy";
import { readConfig } from "../lib/config";
import { violation } from "../lib/describe";
import { UNKNOWN } from "../lib/known";
import { readResource } from "../lib/resource";
import { ResourceType } from "../lib/resource-types";

const NAME = "client-vpn-session-timeout";
const DEFAULTS = { maxHours: 12 };

// Allowed values are 8, 10, 12 and 24 hours; 24 is the default.
// https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-max-duration.html
const AWS_DEFAULT_HOURS = 24;

export const sessionTimeout: ResourceValidationPolicy = {
  name: NAME,
  description: "Client VPN sessions end after at most N hours (default 12), so users re-authenticate with the identity provider.",
  remediationSteps: "Set sessionTimeoutHours on the endpoint to 8, 10 or 12 (AWS accepts 8, 10, 12 and 24; 24 is its default).",
  enforcementLevel: "advisory",
  severity: "medium",
  configSchema: {
    properties: {
      maxHours: {
        type: "integer",
        minimum: 8,
        maximum: 24,
        default: DEFAULTS.maxHours,
        description: "Longest allowed session in hours.",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    if (args.type !== ResourceType.clientVpnEndpoint) return;
    const { maxHours } = readConfig(args, NAME, DEFAULTS);
    const endpoint = readResource(args);
    const value = endpoint.props.sessionTimeoutHours;
    if (value === UNKNOWN) return;
    const hours = typeof value === "number" ? value : AWS_DEFAULT_HOURS;
    if (hours <= maxHours) return;
    reportViolation(
      violation(
        "Client VPN endpoint",
        endpoint,
        `keeps sessions open for ${hours} hours${value === undefined ? " (the AWS default)" : ""}; the maximum is ${maxHours}.`,
        `set sessionTimeoutHours to one of ${[8, 10, 12, 24].filter((allowed) => allowed <= maxHours).join(", ")}.`,
      ),
    );
  },
};

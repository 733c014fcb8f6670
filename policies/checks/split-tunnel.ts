import type { ResourceValidationPolicy } from "@pulumi/policy";
import { readConfig } from "../lib/config";
import { violation } from "../lib/describe";
import { UNKNOWN } from "../lib/known";
import { readResource } from "../lib/resource";
import { ResourceType } from "../lib/resource-types";

const NAME = "client-vpn-split-tunnel";
const DEFAULTS = { mode: "split" };

// With split tunnel on, only traffic to the endpoint's routes enters the VPN; off (the default),
// all client traffic does. https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/split-tunnel-vpn.html
export const splitTunnel: ResourceValidationPolicy = {
  name: NAME,
  description:
    "Client VPN endpoints use the configured tunnel mode: split tunnel (default), so users' internet traffic does not " +
    "flow through, and get billed to, the customer's VPC; or full tunnel when the consultancy wants all traffic inspected.",
  remediationSteps:
    "Set splitTunnel: true on the endpoint (mode \"split\"), or splitTunnel: false when the policy is configured with " +
    "mode \"full\". Full tunnel also needs a route and an authorization rule for 0.0.0.0/0.",
  enforcementLevel: "advisory",
  severity: "medium",
  configSchema: {
    properties: {
      mode: {
        type: "string",
        enum: ["split", "full"],
        default: DEFAULTS.mode,
        description: "\"split\": splitTunnel must be true. \"full\": splitTunnel must be false (all traffic through the VPN).",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    if (args.type !== ResourceType.clientVpnEndpoint) return;
    const { mode } = readConfig(args, NAME, DEFAULTS);
    if (mode !== "split" && mode !== "full") {
      throw new Error(`Policy config ${NAME}.mode must be "split" or "full", got ${JSON.stringify(mode)}.`);
    }
    const endpoint = readResource(args);
    const value = endpoint.props.splitTunnel;
    if (value === UNKNOWN) return;
    const isSplit = value === true; // the provider's default is false
    if (mode === "split" && !isSplit) {
      reportViolation(
        violation(
          "Client VPN endpoint",
          endpoint,
          "sends all of the user's traffic, internet included, through the VPN (split tunnel is off).",
          "set splitTunnel: true, or configure this policy with mode \"full\" if full tunnel is intended.",
        ),
      );
    } else if (mode === "full" && isSplit) {
      reportViolation(
        violation(
          "Client VPN endpoint",
          endpoint,
          "has split tunnel on, but this pack is configured to require full tunnel.",
          "set splitTunnel: false and add a 0.0.0.0/0 route and authorization rule, or configure mode \"split\".",
        ),
      );
    }
  },
};

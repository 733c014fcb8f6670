import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isWholeAddressSpace, parseCidr } from "../lib/cidr";
import { readConfig } from "../lib/config";
import { violation } from "../lib/describe";
import { knownString } from "../lib/known";
import { readResource } from "../lib/resource";
import { ResourceType } from "../lib/resource-types";

const NAME = "client-vpn-no-internet-rule";
const DEFAULTS = { allowInternet: false };

export const noInternetRule: ResourceValidationPolicy = {
  name: NAME,
  description:
    "No authorization rule opens 0.0.0.0/0 (or ::/0) unless the pack is configured to allow it, e.g. for a deliberate " +
    "full-tunnel design with egress through the customer's NAT.",
  remediationSteps:
    "Authorize the specific networks users need (VPC CIDR, peered VPCs, the DNS resolver) instead of 0.0.0.0/0, or set " +
    "allowInternet: true in this policy's config when full-tunnel internet access through the VPC is intended.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: {
    properties: {
      allowInternet: {
        type: "boolean",
        default: DEFAULTS.allowInternet,
        description: "Allow authorization rules for 0.0.0.0/0 and ::/0.",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    if (args.type !== ResourceType.authorizationRule) return;
    const { allowInternet } = readConfig(args, NAME, DEFAULTS);
    if (allowInternet) return;
    const rule = readResource(args);
    const target = knownString(rule.props.targetNetworkCidr);
    const network = target ? parseCidr(target) : undefined;
    if (!network || !isWholeAddressSpace(network)) return;
    reportViolation(
      violation(
        "Client VPN authorization rule",
        rule,
        `authorizes ${target}, i.e. every destination, so VPN users can use the customer's network as their internet exit.`,
        `authorize only the networks users need, or set ${NAME}.allowInternet: true if full-tunnel internet access is intended.`,
      ),
    );
  },
};

import type { ResourceValidationPolicy } from "@pulumi/policy";
import { contains, parseCidr, parseConfiguredCidrs } from "../lib/cidr";
import { readConfig } from "../lib/config";
import { violation } from "../lib/describe";
import { UNKNOWN, knownString } from "../lib/known";
import { readResource } from "../lib/resource";
import { ResourceType } from "../lib/resource-types";

const NAME = "client-vpn-rules-name-groups";
const DEFAULTS = { allowAllGroupsCidrs: [] as string[] };

// A rule grants a network either to one group (accessGroupId, the Entra group object ID carried in
// the memberOf attribute) or to every authenticated user (authorizeAllGroups).
// https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-rules.html
export const authorizationRuleGroups: ResourceValidationPolicy = {
  name: NAME,
  description:
    "Authorization rules name an Entra group; a rule for all groups is allowed only for networks on the configured " +
    "allowlist (such as the VPC DNS resolver's /32).",
  remediationSteps:
    "Replace authorizeAllGroups: true with accessGroupId: <Entra group object ID> on the rule, or add the rule's " +
    "network (or a network containing it) to allowAllGroupsCidrs in the policy pack config.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: {
    properties: {
      allowAllGroupsCidrs: {
        type: "array",
        items: { type: "string" },
        default: DEFAULTS.allowAllGroupsCidrs,
        description: "Networks every signed-in user may reach, e.g. [\"10.0.0.2/32\"] for the VPC DNS resolver.",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    if (args.type !== ResourceType.authorizationRule) return;
    const { allowAllGroupsCidrs } = readConfig(args, NAME, DEFAULTS);
    const allowlist = parseConfiguredCidrs(`${NAME}.allowAllGroupsCidrs`, allowAllGroupsCidrs);
    const rule = readResource(args);
    const allGroups = rule.props.authorizeAllGroups;
    if (allGroups === UNKNOWN) return;
    if (allGroups === true) {
      const target = knownString(rule.props.targetNetworkCidr);
      if (!target) return;
      const network = parseCidr(target);
      if (network && allowlist.some((allowed) => contains(allowed, network))) return;
      reportViolation(
        violation(
          "Client VPN authorization rule",
          rule,
          `lets every signed-in user reach ${target}, which is not on the allow-all-groups allowlist ` +
            `(${allowAllGroupsCidrs.length > 0 ? allowAllGroupsCidrs.join(", ") : "empty"}).`,
          "set accessGroupId to the Entra group that needs this network instead of authorizeAllGroups, or add " +
            `${target} to ${NAME}.allowAllGroupsCidrs if every user must reach it (e.g. the DNS resolver).`,
        ),
      );
      return;
    }
    // An absent accessGroupId is left alone: under preview it can be another resource's unknown
    // output, and AWS rejects a rule that has neither accessGroupId nor authorizeAllGroups anyway.
    if (rule.props.accessGroupId === "") {
      reportViolation(
        violation(
          "Client VPN authorization rule",
          rule,
          "names an empty access group.",
          "set accessGroupId to the object ID of the Entra group allowed to reach this network.",
        ),
      );
    }
  },
};

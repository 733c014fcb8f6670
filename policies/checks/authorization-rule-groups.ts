import type { StackValidationPolicy } from "@pulumi/policy";
import { type Network, contains, parseCidr, parseConfiguredCidrs } from "../lib/cidr";
import { readConfig } from "../lib/config";
import { violation } from "../lib/describe";
import { UNKNOWN, knownString, knownStrings } from "../lib/known";
import { ResourceType } from "../lib/resource-types";
import { type StackResource, endpointsOf, ofType, readStack } from "../lib/stack";

const NAME = "client-vpn-rules-name-groups";
const DEFAULTS = { allowAllGroupsCidrs: [] as string[], allowDnsServers: true };

type Verdict = "allowed" | "refused" | "undecided";

/** Whether every signed-in user may reach `network`: an allowlisted network, or a DNS server of the rule's endpoint. */
function allGroupsVerdict(network: Network, rule: StackResource, endpoints: StackResource[], allowlist: Network[], allowDnsServers: boolean): Verdict {
  if (allowlist.some((allowed) => contains(allowed, network))) return "allowed";
  if (!allowDnsServers || network.prefixLength !== (network.version === 4 ? 32 : 128)) return "refused";
  let undecided = false;
  for (const endpoint of endpointsOf(rule, endpoints)) {
    const servers = knownStrings(endpoint.props.dnsServers);
    if (servers === UNKNOWN) {
      undecided = true;
      continue;
    }
    const isServer = (servers ?? []).some((server) => {
      const address = parseCidr(server.includes("/") ? server : `${server}/${network.version === 4 ? 32 : 128}`);
      return address !== undefined && contains(address, network);
    });
    if (isServer) return "allowed";
  }
  return undecided ? "undecided" : "refused";
}

// A rule grants a network either to one group (accessGroupId, the Entra group object ID carried in
// the memberOf attribute) or to every authenticated user (authorizeAllGroups).
// https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-rules.html
export const authorizationRuleGroups: StackValidationPolicy = {
  name: NAME,
  description:
    "Authorization rules name an Entra group; a rule for all groups is allowed only for the endpoint's own DNS servers " +
    "and for networks on the configured allowlist.",
  remediationSteps:
    "Replace authorizeAllGroups: true with accessGroupId: <Entra group object ID> on the rule, or add the rule's " +
    "network (or a network containing it) to allowAllGroupsCidrs in the policy pack config.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: {
    properties: {
      allowAllGroupsCidrs: {
        type: "array",
        // The CLI checks the pattern before the pack runs; the policy still parses each entry.
        items: { type: "string", pattern: "^[0-9A-Fa-f:.]+/[0-9]{1,3}$" },
        default: DEFAULTS.allowAllGroupsCidrs,
        description: "Networks every signed-in user may reach, e.g. [\"10.0.0.2/32\"] for a resolver that is not one of the endpoint's DNS servers.",
      },
      allowDnsServers: {
        type: "boolean",
        default: DEFAULTS.allowDnsServers,
        description: "Allow all-groups rules for exactly the address (/32) of one of the endpoint's dnsServers.",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const { allowAllGroupsCidrs, allowDnsServers } = readConfig(args, NAME, DEFAULTS);
    const allowlist = parseConfiguredCidrs(`${NAME}.allowAllGroupsCidrs`, allowAllGroupsCidrs);
    const resources = readStack(args);
    const endpoints = ofType(resources, ResourceType.clientVpnEndpoint);
    for (const rule of ofType(resources, ResourceType.authorizationRule)) {
      const allGroups = rule.props.authorizeAllGroups;
      if (allGroups === UNKNOWN) continue;
      if (allGroups === true) {
        const target = knownString(rule.props.targetNetworkCidr);
        const network = target ? parseCidr(target) : undefined;
        if (!target || !network) continue; // unknown, or malformed (the provider rejects it)
        if (allGroupsVerdict(network, rule, endpoints, allowlist, allowDnsServers) !== "refused") continue;
        reportViolation(
          violation(
            "Client VPN authorization rule",
            rule,
            `lets every signed-in user reach ${target}, which is neither a DNS server of its endpoint nor on the ` +
              `allow-all-groups allowlist (${allowAllGroupsCidrs.length > 0 ? allowAllGroupsCidrs.join(", ") : "empty"}).`,
            "set accessGroupId to the Entra group that needs this network instead of authorizeAllGroups, or add " +
              `${target} to ${NAME}.allowAllGroupsCidrs if every user must reach it.`,
          ),
          rule.urn,
        );
        continue;
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
          rule.urn,
        );
      }
    }
  },
};

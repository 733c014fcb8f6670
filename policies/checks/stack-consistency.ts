import type { ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { isWholeAddressSpace, overlaps, parseCidr } from "../lib/cidr";
import { violation } from "../lib/describe";
import { UNKNOWN, at, knownString } from "../lib/known";
import { ResourceType } from "../lib/resource-types";
import { type StackResource, endpointsOf, ofType, readStack } from "../lib/stack";

/** Every group an authorization rule names must be assigned to the VPN app, or its members cannot sign in. */
function checkRuleGroupsAssigned(resources: StackResource[], rules: StackResource[], report: ReportViolation): void {
  const assignments = ofType(resources, ResourceType.appRoleAssignment);
  const principals = ofType(resources, ResourceType.servicePrincipal);
  // The Entra app lives in another stack of the tenant (one app per tenant): nothing to compare with here.
  if (assignments.length === 0 && principals.length === 0) return;
  const assigned = new Set<string>();
  for (const assignment of assignments) {
    const principal = knownString(assignment.props.principalObjectId);
    if (!principal) return; // an unknown assignee could be any group: decide once known
    assigned.add(principal.toLowerCase());
  }
  for (const rule of rules) {
    const group = knownString(rule.props.accessGroupId);
    if (!group || assigned.has(group.toLowerCase())) continue;
    report(
      violation(
        "Client VPN authorization rule",
        rule,
        `grants ${knownString(rule.props.targetNetworkCidr) ?? "its network"} to Entra group ${group}, which is not ` +
          "assigned to the VPN application, so its members cannot sign in (assignment is required) and no " +
          "memberOf claim carries the group.",
        `assign group ${group} to the application (azuread.AppRoleAssignment with principalObjectId "${group}"), ` +
          "or remove the rule.",
      ),
      rule.urn,
    );
  }
}

// Client CIDR ranges cannot overlap the VPC's local CIDR or the endpoint's routes:
// https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/what-is.html#what-is-limitations
// A client range inside an authorized network would make client addresses and destinations collide.
function checkClientCidrOverlap(endpoints: StackResource[], rules: StackResource[], report: ReportViolation): void {
  for (const rule of rules) {
    const target = knownString(rule.props.targetNetworkCidr);
    const network = target ? parseCidr(target) : undefined;
    // 0.0.0.0/0 contains everything; whether it may exist at all is client-vpn-no-internet-rule's call.
    if (!network || isWholeAddressSpace(network)) continue;
    for (const endpoint of endpointsOf(rule, endpoints)) {
      const clientCidr = knownString(endpoint.props.clientCidrBlock);
      const client = clientCidr ? parseCidr(clientCidr) : undefined;
      if (!client || !overlaps(client, network)) continue;
      report(
        violation(
          "Client VPN authorization rule",
          rule,
          `authorizes ${target}, which overlaps the client CIDR ${clientCidr} of endpoint "${endpoint.name}"; ` +
            "client addresses and destinations would collide.",
          "choose a client CIDR (at least /22, replaces the endpoint) that overlaps no VPC, peered or on-premises " +
            "network, or correct the rule's targetNetworkCidr.",
        ),
        rule.urn,
      );
    }
  }
}

/**
 * What is wrong with a portal-enabled federated option, if anything. An ARN that is undefined while
 * the other is known was really left out; when both are undefined (outputs of providers that do
 * not exist yet, as under mocks) the number of SAML providers the stack declares decides.
 */
function selfServiceProblem(mainArn: string | undefined, selfService: unknown, providerCount: number): string | undefined {
  const selfServiceArn = knownString(selfService);
  if (selfServiceArn) {
    return selfServiceArn === mainArn ? "uses the VPN's own SAML provider for the self-service portal" : undefined;
  }
  if (selfService === "" || mainArn) return "enables the self-service portal without a selfServiceSamlProviderArn";
  if (providerCount === 1) return "enables the self-service portal, but the stack declares a single SAML provider";
  return undefined;
}

// The endpoint names the portal's IAM SAML provider in selfServiceSamlProviderArn. AWS documents a
// separate provider as required when the IdP holds one ACS URL per app, and optional otherwise:
// https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html#saml-self-service-support
// This pack always requires it (project decision, issue 4): the portal's trust can then be rotated or
// withdrawn without touching VPN sign-in, and the ARN field is never silently left empty.
function checkSelfServiceProvider(resources: StackResource[], endpoints: StackResource[], report: ReportViolation): void {
  const samlProviders = ofType(resources, ResourceType.samlProvider);
  for (const endpoint of endpoints) {
    if (endpoint.props.selfServicePortal !== "enabled") continue;
    const options = endpoint.props.authenticationOptions;
    if (!Array.isArray(options)) continue;
    const federated = options.filter((option) => at(option, "type") === "federated-authentication");
    for (const option of federated) {
      const main = at(option, "samlProviderArn");
      const selfService = at(option, "selfServiceSamlProviderArn");
      if (main === UNKNOWN || selfService === UNKNOWN) continue;
      const problem = selfServiceProblem(knownString(main), selfService, samlProviders.length);
      if (!problem) continue;
      report(
        violation(
          "Client VPN endpoint",
          endpoint,
          `${problem}; the portal must sign users in through its own IAM SAML provider.`,
          "create a second aws.iam.SamlProvider from the same Entra metadata and pass its ARN as " +
            "selfServiceSamlProviderArn, or set selfServicePortal: \"disabled\". Changing authentication options replaces the endpoint.",
        ),
        endpoint.urn,
      );
    }
  }
}

export const stackConsistency: StackValidationPolicy = {
  name: "client-vpn-stack-consistency",
  description:
    "Across the stack: every group in an authorization rule is assigned to the Entra app; the client CIDR overlaps " +
    "no authorized network; the self-service portal is on only with its own SAML provider.",
  remediationSteps:
    "Assign each rule's group to the app with azuread.AppRoleAssignment; pick a client CIDR disjoint from every " +
    "authorized network; give the endpoint a separate selfServiceSamlProviderArn or disable the portal.",
  enforcementLevel: "mandatory",
  severity: "high",
  validateStack: (args, reportViolation) => {
    const resources = readStack(args);
    const endpoints = ofType(resources, ResourceType.clientVpnEndpoint);
    const rules = ofType(resources, ResourceType.authorizationRule);
    checkRuleGroupsAssigned(resources, rules, reportViolation);
    checkClientCidrOverlap(endpoints, rules, reportViolation);
    checkSelfServiceProvider(resources, endpoints, reportViolation);
  },
};

import type { Policies } from "@pulumi/policy";
import { assignmentRequired } from "./checks/assignment-required";
import { authorizationRuleGroups } from "./checks/authorization-rule-groups";
import { connectionLogging } from "./checks/connection-logging";
import { endpointSamlFederation } from "./checks/endpoint-saml-federation";
import { groupClaims } from "./checks/group-claims";
import { memberOfSource } from "./checks/memberof-source";
import { noInternetRule } from "./checks/no-internet-rule";
import { samlAppUrls } from "./checks/saml-app-urls";
import { samlClaims } from "./checks/saml-claims";
import { samlSigning } from "./checks/saml-signing";
import { securityGroupNotOpen } from "./checks/security-group-open";
import { sessionTimeout } from "./checks/session-timeout";
import { type Clock, makeSigningCertificateExpiryPolicies } from "./checks/signing-certificate-expiry";
import { signingKeyActive } from "./checks/signing-key-active";
import { splitTunnel } from "./checks/split-tunnel";
import { stackConsistency } from "./checks/stack-consistency";

export const PACK_NAME = "clientvpn-federation-guardrails";

export interface CatalogOptions {
  /** "Now" for the certificate expiry policies; defaults to the system clock. */
  clock?: Clock;
}

/** Every policy of the pack, in the order the README documents them. */
export function buildPolicies(options: CatalogOptions = {}): Policies {
  return [
    endpointSamlFederation,
    connectionLogging,
    splitTunnel,
    sessionTimeout,
    authorizationRuleGroups,
    noInternetRule,
    assignmentRequired,
    samlAppUrls,
    samlSigning,
    ...makeSigningCertificateExpiryPolicies(options.clock),
    groupClaims,
    securityGroupNotOpen,
    stackConsistency,
    signingKeyActive,
    samlClaims,
    memberOfSource,
  ];
}

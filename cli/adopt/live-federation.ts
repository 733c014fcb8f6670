/**
 * A federation as `npm run adopt` found it, read-only, in both clouds. Plain data: everything after the
 * reads (the stack file, the import file, the report) is computed from this without I/O.
 */
import type { AuthorizationRule, ClientVpnEndpoint, ClientVpnRoute, TargetNetwork } from "@aws-sdk/client-ec2";
import type { KeyCredential } from "../../components/graph/graph-api";
import type { AppRoleView } from "../../components/app-roles";

export interface LiveFederation {
  aws: LiveAws;
  entra: LiveEntra;
}

export interface LiveAws {
  region: string;
  /** The account, from the endpoint's SAML provider ARN. */
  accountId: string;
  endpoint: ClientVpnEndpoint & { ClientVpnEndpointId: string };
  targetNetworks: TargetNetwork[];
  authorizationRules: AuthorizationRule[];
  routes: ClientVpnRoute[];
  vpc: { id: string; cidrs: string[] };
  subnets: LiveSubnet[];
  /** Every IAM SAML provider the endpoint's authentication options name. */
  samlProviders: LiveSamlProvider[];
  securityGroups: LiveSecurityGroup[];
  connectionLog: LiveConnectionLog;
  certificate: LiveServerCertificate;
  /** Other endpoints in the region that sign in through SAML (left alone, listed in the report). */
  otherFederatedEndpoints: string[];
}

export interface LiveSubnet {
  id: string;
  vpcId: string;
  availabilityZone: string;
  cidr: string;
  /** DescribeSubnets' AvailableIpAddressCount: free addresses now (an associated subnet needs 20). */
  availableIpAddresses?: number;
}

export interface LiveSamlProvider {
  arn: string;
  name: string;
  metadataXml: string;
  validUntil?: string;
  tags: Record<string, string>;
}

export interface LiveSecurityGroup {
  id: string;
  name: string;
  description: string;
  /** The VPC's default group (GroupName "default"), which the walkthrough uses. */
  isVpcDefault: boolean;
}

export type LiveConnectionLog =
  | { enabled: false }
  | { enabled: true; logGroup: string; logStream?: string; retentionInDays?: number; logGroupExists: boolean };

export type LiveServerCertificate =
  | {
      arn: string;
      readable: true;
      /** ACM: AMAZON_ISSUED, IMPORTED or PRIVATE. */
      type?: string;
      domainName?: string;
      notAfter?: string;
      keyAlgorithm?: string;
      status?: string;
      /** For an imported certificate: the chain imported with it (public certificates only). */
      chainPem?: string;
    }
  | { arn: string; readable: false; reason: string };

export interface LiveEntra {
  tenantId: string;
  /** azuread:environment of the tenant's cloud. */
  environment: string;
  application: LiveApplication;
  servicePrincipal: LiveServicePrincipal;
  assignments: LiveAssignment[];
  /**
   * Assignments Graph returned without their principal, principal type or app role (v1.0 types each as
   * optional): they cannot be declared, so the report names them (by assignment ID) instead.
   */
  incompleteAssignments: string[];
  /** Token issuance policies assigned to the application and to the service principal. */
  tokenIssuancePolicies: { onApplication: LivePolicy[]; onServicePrincipal: LivePolicy[] };
  /** Claims-mapping policies assigned to the service principal, with every object each applies to. */
  claimsMappingPolicies: (LivePolicy & { appliesTo: string[] })[];
  /** Display names of groups authorization rules name but the application does not have assigned. */
  unassignedRuleGroups: Record<string, string | undefined>;
  /** The gallery template the service principal was made from, when not the non-gallery (custom) one. */
  applicationTemplate?: { id: string; displayName?: string };
}

/**
 * An app role assignment with what the program declares it by: Graph v1.0 returns principalId, principalType,
 * appRoleId and resourceId on every assignment it reads
 * (https://learn.microsoft.com/en-us/graph/api/resources/approleassignment?view=graph-rest-1.0), but its typings
 * leave them optional, so read-entra.ts keeps only assignments that carry all four.
 */
export interface LiveAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  /** User, Group or ServicePrincipal. */
  principalType: string;
  principalDisplayName?: string;
  resourceId: string;
}

export interface LivePolicy {
  id: string;
  displayName: string;
  definition: string[];
}

export interface LiveApplication {
  id: string;
  appId: string;
  displayName: string;
  identifierUris: string[];
  web: {
    redirectUris: string[];
    homePageUrl?: string | null;
    logoutUrl?: string | null;
    implicitGrantSettings?: { enableAccessTokenIssuance?: boolean | null; enableIdTokenIssuance?: boolean | null } | null;
  };
  groupMembershipClaims?: string | null;
  notes?: string | null;
  signInAudience?: string;
  api?: { requestedAccessTokenVersion?: number | null };
  optionalClaims?: { saml2Token?: { name: string; source?: string | null; additionalProperties?: string[] }[] } | null;
  description?: string | null;
  info?: { marketingUrl?: string | null; privacyStatementUrl?: string | null; supportUrl?: string | null; termsOfServiceUrl?: string | null } | null;
  serviceManagementReference?: string | null;
}

export interface LiveServicePrincipal {
  id: string;
  appId: string;
  appRoleAssignmentRequired: boolean;
  preferredSingleSignOnMode?: string | null;
  tags: string[];
  notificationEmailAddresses: string[];
  preferredTokenSigningKeyThumbprint?: string | null;
  keyCredentials: KeyCredential[];
  applicationTemplateId?: string | null;
  /** The roles it offers, each with its ID (the roles Graph returns without one cannot be assigned). */
  appRoles: AppRoleView[];
  description?: string | null;
  notes?: string | null;
  loginUrl?: string | null;
  alternativeNames: string[];
  /** Object IDs of the owners (GET /servicePrincipals/{id}/owners). */
  owners: string[];
}

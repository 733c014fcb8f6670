/**
 * For each resource type the program declares: which live object a declared resource stands for, its import
 * ID, the input properties the provider records for it after `pulumi import` (so Pulumi's first diff can be
 * predicted), and which inputs force a replacement.
 *
 * ForceNew and Optional-without-Computed flags come from the providers' schemas:
 * - terraform-provider-azuread v3 (what @pulumi/azuread 6.9.1 bridges): internal/services/applications/
 *   application_registration_resource.go, application_from_template_resource.go, application_identifier_uri_resource.go,
 *   application_redirect_uris_resource.go;
 *   internal/services/serviceprincipals/service_principal_resource.go, service_principal_token_signing_certificate_resource.go,
 *   service_principal_claims_mapping_policy_assignment_resource.go; internal/services/policies/claims_mapping_policy_resource.go;
 *   internal/services/approleassignments/app_role_assignment_resource.go.
 * - terraform-provider-aws: internal/service/iam/saml_provider.go; internal/service/ec2/vpnclient_endpoint.go,
 *   vpnclient_network_association.go, vpnclient_authorization_rule.go, vpnclient_route.go; internal/service/logs/group.go.
 * The read functions mirror what each provider's Read sets from the API (same files).
 */
import { clientVpnIdentifierUri } from "../../components/config";
import { assignmentAppRoleId } from "../../components/app-roles";
import { replacingInputs as galleryReplacingInputs } from "../../components/gallery-app/gallery-app-plan";
import type { LiveFederation } from "./live-federation";
import { activeVerifyCredential } from "./signing-credential";
import * as ids from "./import-ids";

/** A resource as the program declared it under the mocks. */
export interface Declared {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** How a declared resource is keyed while the program runs: type and logical name are unique together. */
export const matchKey = (type: string, name: string) => `${type}::${name}`;

export interface LiveMatch {
  importId: string;
  /** What the live object is, for the report. */
  label: string;
  /** The input properties the provider records on import, under the program's (Pulumi) names. */
  liveInputs: Record<string, unknown>;
  /** The provider's outputs after import: what the program's other resources read from this one. */
  outputs: Record<string, unknown>;
}

export interface ResourceTypeSpec {
  /** Inputs whose change replaces the resource. */
  forceNew: readonly string[];
  /** Inputs compared as sets (the provider's TypeSet), order ignored. */
  unordered?: readonly string[];
  /** The live object the declared resource stands for; undefined when it does not exist yet. */
  match?(declared: Declared, live: LiveFederation): LiveMatch | undefined;
  /** Why the program never imports this type, so the first `pulumi up` creates it. */
  createdBecause?: string;
  /**
   * For a type that is created (not imported) on an existing object: the outputs its create returns, which the
   * program's other resources read. Without it they get placeholders.
   */
  createdOutputs?(declared: Declared, live: LiveFederation): Record<string, unknown>;
}

const endpointIdOf = (live: LiveFederation) => live.aws.endpoint.ClientVpnEndpointId;
const lower = (value: unknown) => (typeof value === "string" ? value.toLowerCase() : value);

/** Graph's comma-separated groupMembershipClaims as the provider's list (application_registration_resource.go). */
function groupMembershipClaimsList(value: string | null | undefined): string[] {
  return (value ?? "").split(/[\s,]+/).filter((item) => item && item !== "None");
}

/** The provider's FlattenFeatures (internal/helpers/applications/applications.go): tags -> feature flags. */
function featureTagsOf(tags: string[]): Record<string, boolean>[] {
  const has = (tag: string) => tags.some((candidate) => candidate.toLowerCase() === tag.toLowerCase());
  return [
    {
      customSingleSignOn: has("WindowsAzureActiveDirectoryCustomSingleSignOnApplication"),
      enterprise: has("WindowsAzureActiveDirectoryIntegratedApp"),
      gallery: has("WindowsAzureActiveDirectoryGalleryApplicationNonPrimaryV1"),
      hide: has("HideApp"),
    },
  ];
}

/** A role that cannot be chosen is reported by stack-settings.ts; the run then uses the adopted one. */
function roleOrNothing(choose: () => string): string {
  try {
    return choose();
  } catch {
    return "";
  }
}

/** The claims-mapping policy the program may take over: exactly one assigned, and assigned to nothing else. */
function adoptableClaimsPolicy(live: LiveFederation) {
  const policies = live.entra.claimsMappingPolicies;
  if (policies.length !== 1) return undefined;
  const [policy] = policies;
  const others = policy.appliesTo.filter((id) => id.toLowerCase() !== live.entra.servicePrincipal.id.toLowerCase());
  return others.length ? undefined : policy;
}

export const resourceTypes: Record<string, ResourceTypeSpec> = {
  "azuread:index/applicationRegistration:ApplicationRegistration": {
    // No argument of azuread_application_registration is ForceNew.
    forceNew: [],
    unordered: ["groupMembershipClaims"],
    match: (_declared, live) => {
      const app = live.entra.application;
      return {
        importId: ids.applicationImportId(app.id),
        label: `application "${app.displayName}" (${app.appId})`,
        liveInputs: {
          displayName: app.displayName,
          notes: app.notes ?? "",
          signInAudience: app.signInAudience,
          // Graph: "If the value is null, this defaults to 1" (apiApplication.requestedAccessTokenVersion).
          requestedAccessTokenVersion: app.api?.requestedAccessTokenVersion ?? 1,
          groupMembershipClaims: groupMembershipClaimsList(app.groupMembershipClaims),
          // Optional without Computed: what the program leaves out, the first update clears.
          description: app.description ?? "",
          homepageUrl: app.web.homePageUrl ?? "",
          logoutUrl: app.web.logoutUrl ?? "",
          marketingUrl: app.info?.marketingUrl ?? "",
          privacyStatementUrl: app.info?.privacyStatementUrl ?? "",
          supportUrl: app.info?.supportUrl ?? "",
          termsOfServiceUrl: app.info?.termsOfServiceUrl ?? "",
          serviceManagementReference: app.serviceManagementReference ?? "",
          implicitAccessTokenIssuanceEnabled: app.web.implicitGrantSettings?.enableAccessTokenIssuance ?? false,
          implicitIdTokenIssuanceEnabled: app.web.implicitGrantSettings?.enableIdTokenIssuance ?? false,
        },
        outputs: { id: ids.applicationImportId(app.id), objectId: app.id, clientId: app.appId },
      };
    },
  },
  "azuread:index/applicationFromTemplate:ApplicationFromTemplate": {
    // template_id is ForceNew; a new display_name is PATCHed in place (application_from_template_resource.go).
    forceNew: ["templateId"],
    match: (_declared, live) => {
      const app = live.entra.application;
      const sp = live.entra.servicePrincipal;
      const templateId = sp.applicationTemplateId;
      if (!templateId) return undefined;
      const importId = ids.applicationFromTemplateImportId(templateId, app.id, sp.id);
      return {
        importId,
        label: `gallery application "${app.displayName}" (${app.appId})`,
        // Read sets display_name from the application and template_id from the ID.
        liveInputs: { displayName: app.displayName, templateId },
        outputs: {
          id: importId,
          applicationId: ids.applicationImportId(app.id),
          applicationObjectId: app.id,
          servicePrincipalId: ids.servicePrincipalImportId(sp.id),
          servicePrincipalObjectId: sp.id,
        },
      };
    },
  },
  "pulumi-nodejs:dynamic/entra:GalleryAppSettings": {
    forceNew: galleryReplacingInputs,
    createdBecause:
      "a dynamic resource: pulumi import cannot read one (pulumi/pulumi#16175), so the first pulumi up creates it; its create sets only what differs from what AWS needs, and leaves the adopted application's identifier alone (components/gallery-app/gallery-app-plan.ts)",
    // What its create returns (gallery-app-plan.ts stateAfterWrite): the client ID and the role for assignments.
    createdOutputs: (_declared, live) => ({
      applicationClientId: live.entra.application.appId,
      assignmentAppRoleId: roleOrNothing(() => assignmentAppRoleId(live.entra.servicePrincipal.appRoles)),
    }),
  },
  "azuread:index/applicationIdentifierUri:ApplicationIdentifierUri": {
    forceNew: ["applicationId", "identifierUri"],
    match: (declared, live) => {
      const app = live.entra.application;
      if (declared.inputs.identifierUri !== clientVpnIdentifierUri || !app.identifierUris.includes(clientVpnIdentifierUri)) return undefined;
      const importId = ids.identifierUriImportId(app.id, clientVpnIdentifierUri);
      return {
        importId,
        label: `identifier ${clientVpnIdentifierUri}`,
        liveInputs: { applicationId: ids.applicationImportId(app.id), identifierUri: clientVpnIdentifierUri },
        outputs: { id: importId },
      };
    },
  },
  "azuread:index/applicationRedirectUris:ApplicationRedirectUris": {
    forceNew: ["applicationId", "type"],
    unordered: ["redirectUris"],
    match: (declared, live) => {
      if (declared.inputs.type !== "Web") return undefined;
      const app = live.entra.application;
      const importId = ids.redirectUrisImportId(app.id, "Web");
      return {
        importId,
        label: `reply URLs ${app.web.redirectUris.join(", ") || "(none)"}`,
        liveInputs: { applicationId: ids.applicationImportId(app.id), type: "Web", redirectUris: app.web.redirectUris },
        outputs: { id: importId },
      };
    },
  },
  "azuread:index/servicePrincipal:ServicePrincipal": {
    forceNew: ["clientId"],
    unordered: ["notificationEmailAddresses", "owners", "alternativeNames"],
    match: (_declared, live) => {
      const sp = live.entra.servicePrincipal;
      const importId = ids.servicePrincipalImportId(sp.id);
      return {
        importId,
        label: `enterprise application (service principal ${sp.id})`,
        liveInputs: {
          clientId: sp.appId,
          appRoleAssignmentRequired: sp.appRoleAssignmentRequired,
          preferredSingleSignOnMode: sp.preferredSingleSignOnMode ?? "",
          featureTags: featureTagsOf(sp.tags),
          notificationEmailAddresses: sp.notificationEmailAddresses,
          owners: sp.owners,
          description: sp.description ?? "",
          notes: sp.notes ?? "",
          loginUrl: sp.loginUrl ?? "",
          alternativeNames: sp.alternativeNames,
        },
        outputs: { id: importId, objectId: sp.id, clientId: sp.appId },
      };
    },
  },
  "azuread:index/claimsMappingPolicy:ClaimsMappingPolicy": {
    forceNew: [],
    match: (_declared, live) => {
      const policy = adoptableClaimsPolicy(live);
      if (!policy) return undefined;
      const importId = ids.claimsMappingPolicyImportId(policy.id);
      return {
        importId,
        label: `claims-mapping policy "${policy.displayName}"`,
        liveInputs: { displayName: policy.displayName, definitions: policy.definition },
        outputs: { id: importId },
      };
    },
  },
  "azuread:index/servicePrincipalClaimsMappingPolicyAssignment:ServicePrincipalClaimsMappingPolicyAssignment": {
    forceNew: ["servicePrincipalId", "claimsMappingPolicyId"],
    match: (_declared, live) => {
      const policy = adoptableClaimsPolicy(live);
      if (!policy) return undefined;
      const sp = live.entra.servicePrincipal;
      const importId = ids.claimsMappingPolicyAssignmentImportId(sp.id, policy.id);
      return {
        importId,
        label: `assignment of claims-mapping policy "${policy.displayName}"`,
        liveInputs: { servicePrincipalId: ids.servicePrincipalImportId(sp.id), claimsMappingPolicyId: ids.claimsMappingPolicyImportId(policy.id) },
        outputs: { id: importId },
      };
    },
  },
  "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate": {
    // display_name is ForceNew too, but Computed and left out by the program, so it never differs.
    forceNew: ["servicePrincipalId", "endDate"],
    match: (_declared, live) => {
      const sp = live.entra.servicePrincipal;
      const credential = activeVerifyCredential(sp);
      if (!credential) return undefined;
      const importId = ids.tokenSigningCertificateImportId(sp.id, credential.keyId);
      return {
        importId,
        label: `signing certificate ${credential.thumbprint} (until ${credential.endDateTime})`,
        liveInputs: { servicePrincipalId: ids.servicePrincipalImportId(sp.id), endDate: credential.endDateTime ?? "" },
        outputs: {
          id: importId,
          keyId: credential.keyId,
          value: credential.certificate,
          thumbprint: credential.thumbprint,
          startDate: credential.startDateTime,
          endDate: credential.endDateTime,
        },
      };
    },
  },
  "azuread:index/appRoleAssignment:AppRoleAssignment": {
    forceNew: ["appRoleId", "principalObjectId", "resourceObjectId"],
    match: (declared, live) => {
      const assignment = live.entra.assignments.find((candidate) => candidate.principalId.toLowerCase() === lower(declared.inputs.principalObjectId));
      if (!assignment) return undefined;
      const importId = ids.appRoleAssignmentImportId(assignment.resourceId, assignment.id);
      return {
        importId,
        label: `assignment of ${assignment.principalDisplayName ?? assignment.principalId}`,
        liveInputs: { appRoleId: assignment.appRoleId, principalObjectId: assignment.principalId, resourceObjectId: assignment.resourceId },
        outputs: { id: importId, principalType: assignment.principalType, principalDisplayName: assignment.principalDisplayName },
      };
    },
  },
  "pulumi-nodejs:dynamic/entra:SamlSigningSettings": {
    forceNew: ["tenantId", "environment", "applicationObjectId", "servicePrincipalObjectId"],
    createdBecause:
      "a dynamic resource: pulumi import cannot read one (pulumi/pulumi#16175), so the first pulumi up creates it, and its create converges the settings it finds (components/graph/saml-signing-plan.ts)",
  },
  "aws:iam/samlProvider:SamlProvider": {
    forceNew: ["name"],
    match: (declared, live) => {
      const provider = live.aws.samlProviders.find((candidate) => candidate.name === declared.inputs.name);
      if (!provider) return undefined;
      return {
        importId: ids.samlProviderImportId(provider.arn),
        label: `IAM SAML provider ${provider.name}`,
        liveInputs: { name: provider.name, samlMetadataDocument: provider.metadataXml, tags: provider.tags },
        outputs: { id: provider.arn, arn: provider.arn, validUntil: provider.validUntil },
      };
    },
  },
  "aws:cloudwatch/logGroup:LogGroup": {
    forceNew: ["name", "namePrefix"],
    createdBecause:
      "name_prefix is ForceNew and the provider reads it back from the name (NamePrefixFromName), so a log group named by hand would be replaced and its logs deleted; the program makes its own, the old one keeps its logs",
  },
  "aws:cloudwatch/logStream:LogStream": {
    forceNew: ["logGroupName", "name"],
    createdBecause: "it lives in the program's own log group",
  },
  "aws:ec2/securityGroup:SecurityGroup": {
    forceNew: ["name", "description", "vpcId"],
    createdBecause: "the program gives the endpoint a group of its own; the group the endpoint uses now (often the VPC's default, which cannot be deleted) stays as it is",
  },
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
    forceNew: ["securityGroupId"],
    createdBecause: "it belongs to the program's own security group",
  },
  "aws:ec2clientvpn/endpoint:Endpoint": {
    forceNew: ["authenticationOptions", "clientCidrBlock", "transportProtocol"],
    unordered: ["authenticationOptions", "securityGroupIds"],
    match: (_declared, live) => {
      const endpoint = live.aws.endpoint;
      const id = endpoint.ClientVpnEndpointId;
      const log = endpoint.ConnectionLogOptions;
      return {
        importId: ids.endpointImportId(id),
        label: `Client VPN endpoint ${id}`,
        liveInputs: {
          // flattenClientVPNAuthentications: type and whichever ARN or directory the option carries.
          authenticationOptions: (endpoint.AuthenticationOptions ?? []).map((option) => ({
            type: option.Type,
            samlProviderArn: option.FederatedAuthentication?.SamlProviderArn,
            selfServiceSamlProviderArn: option.FederatedAuthentication?.SelfServiceSamlProviderArn,
            activeDirectoryId: option.ActiveDirectory?.DirectoryId,
            rootCertificateChainArn: option.MutualAuthentication?.ClientRootCertificateChain,
          })),
          clientCidrBlock: endpoint.ClientCidrBlock,
          transportProtocol: endpoint.TransportProtocol,
          description: endpoint.Description ?? "",
          serverCertificateArn: endpoint.ServerCertificateArn,
          connectionLogOptions: { enabled: Boolean(log?.Enabled), cloudwatchLogGroup: log?.CloudwatchLogGroup, cloudwatchLogStream: log?.CloudwatchLogStream },
          splitTunnel: endpoint.SplitTunnel ?? false,
          vpnPort: endpoint.VpnPort,
          sessionTimeoutHours: endpoint.SessionTimeoutHours,
          dnsServers: endpoint.DnsServers ?? [],
          vpcId: endpoint.VpcId,
          securityGroupIds: endpoint.SecurityGroupIds ?? [],
          // The provider reads the portal as enabled when DescribeClientVpnEndpoints gives its URL.
          selfServicePortal: endpoint.SelfServicePortalUrl ? "enabled" : "disabled",
          clientLoginBannerOptions: endpoint.ClientLoginBannerOptions?.Enabled
            ? { enabled: true, bannerText: endpoint.ClientLoginBannerOptions.BannerText }
            : undefined,
          tags: Object.fromEntries((endpoint.Tags ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""])),
        },
        outputs: {
          id,
          arn: `arn:aws:ec2:${live.aws.region}:${live.aws.accountId}:client-vpn-endpoint/${id}`,
          dnsName: endpoint.DnsName,
          selfServicePortalUrl: endpoint.SelfServicePortalUrl,
        },
      };
    },
  },
  "aws:ec2clientvpn/networkAssociation:NetworkAssociation": {
    forceNew: ["clientVpnEndpointId", "subnetId"],
    match: (declared, live) => {
      const network = live.aws.targetNetworks.find((candidate) => candidate.TargetNetworkId === declared.inputs.subnetId);
      if (!network?.AssociationId) return undefined;
      return {
        importId: ids.networkAssociationImportId(endpointIdOf(live), network.AssociationId),
        label: `association with ${network.TargetNetworkId}`,
        liveInputs: { clientVpnEndpointId: endpointIdOf(live), subnetId: network.TargetNetworkId },
        outputs: { id: network.AssociationId, associationId: network.AssociationId, vpcId: network.VpcId },
      };
    },
  },
  "aws:ec2clientvpn/authorizationRule:AuthorizationRule": {
    forceNew: ["clientVpnEndpointId", "targetNetworkCidr", "accessGroupId", "authorizeAllGroups", "description"],
    match: (declared, live) => {
      const wantedGroup = lower(declared.inputs.accessGroupId ?? "") as string;
      const rule = live.aws.authorizationRules.find(
        (candidate) =>
          candidate.DestinationCidr === declared.inputs.targetNetworkCidr &&
          (candidate.AccessAll ? "" : (candidate.GroupId ?? "").toLowerCase()) === wantedGroup,
      );
      if (!rule) return undefined;
      const importId = ids.authorizationRuleImportId(endpointIdOf(live), rule.DestinationCidr!, rule.AccessAll ? undefined : rule.GroupId);
      return {
        importId,
        label: `rule ${rule.DestinationCidr} for ${rule.AccessAll ? "all users" : rule.GroupId}`,
        liveInputs: {
          clientVpnEndpointId: endpointIdOf(live),
          targetNetworkCidr: rule.DestinationCidr,
          accessGroupId: rule.AccessAll ? "" : (rule.GroupId ?? ""),
          authorizeAllGroups: Boolean(rule.AccessAll),
          description: rule.Description ?? "",
        },
        outputs: { id: importId },
      };
    },
  },
  "aws:ec2clientvpn/route:Route": {
    forceNew: ["clientVpnEndpointId", "destinationCidrBlock", "targetVpcSubnetId", "description"],
    match: (declared, live) => {
      const route = live.aws.routes.find(
        (candidate) =>
          candidate.Origin === "add-route" &&
          candidate.DestinationCidr === declared.inputs.destinationCidrBlock &&
          candidate.TargetSubnet === declared.inputs.targetVpcSubnetId,
      );
      if (!route) return undefined;
      const importId = ids.routeImportId(endpointIdOf(live), route.TargetSubnet!, route.DestinationCidr!);
      return {
        importId,
        label: `route ${route.DestinationCidr} via ${route.TargetSubnet}`,
        liveInputs: {
          clientVpnEndpointId: endpointIdOf(live),
          destinationCidrBlock: route.DestinationCidr,
          targetVpcSubnetId: route.TargetSubnet,
          description: route.Description ?? "",
        },
        outputs: { id: importId, origin: route.Origin, type: route.Type },
      };
    },
  },
};

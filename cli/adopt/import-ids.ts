/**
 * Import IDs for `pulumi import`, each in the format its provider documents and its importer parses.
 * Provider versions: @pulumi/aws 7.48.0 and @pulumi/azuread 6.9.1 (terraform-provider-azuread v3); the "## Import"
 * section of each resource's documentation (repeated in node_modules/@pulumi/<provider>/<module>/<resource>.d.ts)
 * gives the format, and the importer named beside each function parses it.
 */

/**
 * `/applications/{objectId}`. azuread ApplicationRegistration "## Import"; importer: IDValidationFunc
 * stable.ValidateApplicationID (go-azure-sdk microsoft-graph/common-types/stable/id_application.go:
 * segments "applications", {applicationId}).
 */
export function applicationImportId(applicationObjectId: string): string {
  return `/applications/${applicationObjectId}`;
}

/**
 * `/applicationTemplates/{templateId}/instantiate/{applicationObjectId}/{servicePrincipalObjectId}`. azuread
 * ApplicationFromTemplate "## Import"; importer: parse.ValidateFromTemplateID
 * (internal/services/applications/parse/from_template.go: five segments, the three IDs UUIDs).
 */
export function applicationFromTemplateImportId(templateId: string, applicationObjectId: string, servicePrincipalObjectId: string): string {
  return `/applicationTemplates/${templateId}/instantiate/${applicationObjectId}/${servicePrincipalObjectId}`;
}

/**
 * `/applications/{objectId}/identifierUris/{base64 of the URI}`, standard base64 with padding.
 * azuread ApplicationIdentifierUri "## Import"; importer: parse.ValidateIdentifierUriID
 * (internal/services/applications/parse/identifier_uri.go); the resource encodes with base64.StdEncoding
 * (application_identifier_uri_resource.go).
 */
export function identifierUriImportId(applicationObjectId: string, identifierUri: string): string {
  return `/applications/${applicationObjectId}/identifierUris/${Buffer.from(identifierUri, "utf8").toString("base64")}`;
}

/**
 * `/applications/{objectId}/redirectUris/{Web|SPA|PublicClient}`. azuread ApplicationRedirectUris "## Import";
 * importer: parse.ValidateRedirectUrisID (internal/services/applications/parse/redirect_uris.go).
 */
export function redirectUrisImportId(applicationObjectId: string, uriType: "Web" | "SPA" | "PublicClient"): string {
  return `/applications/${applicationObjectId}/redirectUris/${uriType}`;
}

/**
 * `/servicePrincipals/{objectId}`. azuread ServicePrincipal "## Import"; importer: stable.ValidateServicePrincipalID
 * (service_principal_resource.go; id_serviceprincipal.go).
 */
export function servicePrincipalImportId(servicePrincipalObjectId: string): string {
  return `/servicePrincipals/${servicePrincipalObjectId}`;
}

/**
 * `{servicePrincipalObjectId}/tokenSigningCertificate/{keyId}`, no leading slash, the key ID of the "Verify"
 * credential. azuread ServicePrincipalTokenSigningCertificate "## Import" ("This ID format is unique to
 * Terraform"); importer: parse.SigningCertificateID (internal/services/serviceprincipals/parse/credentials.go,
 * ObjectSubResourceID: three parts, both IDs UUIDs, type "tokenSigningCertificate").
 */
export function tokenSigningCertificateImportId(servicePrincipalObjectId: string, verifyKeyId: string): string {
  return `${servicePrincipalObjectId}/tokenSigningCertificate/${verifyKeyId}`;
}

/**
 * `/policies/claimsMappingPolicies/{id}`. azuread ClaimsMappingPolicy "## Import"; importer:
 * stable.ValidatePolicyClaimsMappingPolicyID (claims_mapping_policy_resource.go; id_policyclaimsmappingpolicy.go).
 */
export function claimsMappingPolicyImportId(policyId: string): string {
  return `/policies/claimsMappingPolicies/${policyId}`;
}

/**
 * `/servicePrincipals/{servicePrincipalId}/claimsMappingPolicies/{claimsMappingPolicyId}`. azuread
 * ServicePrincipalClaimsMappingPolicyAssignment "## Import"; importer:
 * stable.ValidateServicePrincipalIdClaimsMappingPolicyID (service_principal_claims_mapping_policy_assignment_resource.go;
 * id_serviceprincipalidclaimsmappingpolicy.go). The older `{sp}/claimsMappingPolicy/{policy}` form in
 * parse/claims_mapping_policy_assignment.go is read only by the v0 state upgrader.
 */
export function claimsMappingPolicyAssignmentImportId(servicePrincipalObjectId: string, policyId: string): string {
  return `/servicePrincipals/${servicePrincipalObjectId}/claimsMappingPolicies/${policyId}`;
}

/**
 * `/servicePrincipals/{resourceObjectId}/appRoleAssignedTo/{assignmentId}` (the assignment ID, not the app
 * role ID). azuread AppRoleAssignment "## Import"; importer: stable.ValidateServicePrincipalIdAppRoleAssignedToID
 * (app_role_assignment_resource.go; id_serviceprincipalidapproleassignedto.go).
 */
export function appRoleAssignmentImportId(resourceServicePrincipalObjectId: string, assignmentId: string): string {
  return `/servicePrincipals/${resourceServicePrincipalObjectId}/appRoleAssignedTo/${assignmentId}`;
}

/**
 * The provider's ARN. aws.iam.SamlProvider "## Import" ("import IAM SAML Providers using the `arn`");
 * importer: ImportStatePassthroughContext (internal/service/iam/saml_provider.go).
 */
export function samlProviderImportId(arn: string): string {
  return arn;
}

/**
 * The endpoint ID. aws.ec2clientvpn.Endpoint "## Import"; importer: ImportStatePassthroughContext
 * (internal/service/ec2/vpnclient_endpoint.go).
 */
export function endpointImportId(endpointId: string): string {
  return endpointId;
}

/**
 * `{endpointId},{associationId}`. aws.ec2clientvpn.NetworkAssociation "## Import"; importer:
 * resourceClientVPNNetworkAssociationImport (vpnclient_network_association.go: two non-empty parts split on ",").
 */
export function networkAssociationImportId(endpointId: string, associationId: string): string {
  return `${endpointId},${associationId}`;
}

/**
 * `{endpointId},{targetNetworkCidr}` for a rule that authorizes all groups, `{endpointId},{targetNetworkCidr},{groupId}`
 * for one group. aws.ec2clientvpn.AuthorizationRule "## Import"; parser: ClientVPNAuthorizationRuleParseResourceID
 * (vpnclient_authorization_rule.go: two or three non-empty parts split on ",").
 */
export function authorizationRuleImportId(endpointId: string, targetNetworkCidr: string, accessGroupId?: string): string {
  return [endpointId, targetNetworkCidr, ...(accessGroupId ? [accessGroupId] : [])].join(",");
}

/**
 * `{endpointId},{targetSubnetId},{destinationCidr}`. aws.ec2clientvpn.Route "## Import"; parser:
 * ClientVPNRouteParseResourceID (vpnclient_route.go: three non-empty parts split on ",").
 */
export function routeImportId(endpointId: string, targetSubnetId: string, destinationCidr: string): string {
  return `${endpointId},${targetSubnetId},${destinationCidr}`;
}

import { replacingInputs as galleryReplacingInputs } from "../../components/gallery-app/gallery-app-plan";

/**
 * The input properties whose change makes a provider replace a resource instead of updating it, for the
 * resource types this program declares. What a `pulumi preview` would show as "replace", read from the
 * providers' schemas (ForceNew) and from our dynamic providers' `diff`.
 */
export const replacingProperties: Readonly<Record<string, readonly string[]>> = {
  // hashicorp/terraform-provider-azuread v3.8.0 (the upstream of @pulumi/azuread 6.9.1), ForceNew in:
  // internal/services/applications/application_identifier_uri_resource.go
  "azuread:index/applicationIdentifierUri:ApplicationIdentifierUri": ["applicationId", "identifierUri"],
  // internal/services/applications/application_redirect_uris_resource.go
  "azuread:index/applicationRedirectUris:ApplicationRedirectUris": ["applicationId", "type"],
  // internal/services/applications/application_from_template_resource.go
  "azuread:index/applicationFromTemplate:ApplicationFromTemplate": ["templateId"],
  // internal/services/serviceprincipals/service_principal_resource.go
  "azuread:index/servicePrincipal:ServicePrincipal": ["clientId"],
  // internal/services/serviceprincipals/service_principal_token_signing_certificate_resource.go
  "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate": ["servicePrincipalId", "displayName", "endDate"],
  // internal/services/serviceprincipals/service_principal_claims_mapping_policy_assignment_resource.go
  "azuread:index/servicePrincipalClaimsMappingPolicyAssignment:ServicePrincipalClaimsMappingPolicyAssignment": ["claimsMappingPolicyId", "servicePrincipalId"],
  // internal/services/approleassignments/app_role_assignment_resource.go
  "azuread:index/appRoleAssignment:AppRoleAssignment": ["appRoleId", "principalObjectId", "resourceObjectId"],
  // hashicorp/terraform-provider-aws internal/service/iam/saml_provider.go: only the name; the metadata is updated in place.
  "aws:iam/samlProvider:SamlProvider": ["name"],
  // internal/service/ec2/client_vpn_endpoint.go: authentication options, client CIDR and transport are ForceNew.
  "aws:ec2clientvpn/endpoint:Endpoint": ["authenticationOptions", "clientCidrBlock", "transportProtocol"],
  // components/graph/saml-signing-plan.ts, diffSigning: settings for other Graph objects replace.
  "pulumi-nodejs:dynamic/entra:SamlSigningSettings": ["tenantId", "environment", "applicationObjectId", "servicePrincipalObjectId"],
  // components/gallery-app/gallery-app-plan.ts, diffGallery.
  "pulumi-nodejs:dynamic/entra:GalleryAppSettings": galleryReplacingInputs,
};

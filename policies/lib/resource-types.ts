/** Pulumi type tokens of the resources the policies read (the pack never imports the provider SDKs). */
export const ResourceType = {
  clientVpnEndpoint: "aws:ec2clientvpn/endpoint:Endpoint",
  authorizationRule: "aws:ec2clientvpn/authorizationRule:AuthorizationRule",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  securityGroupEgressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  securityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  samlProvider: "aws:iam/samlProvider:SamlProvider",
  applicationRegistration: "azuread:index/applicationRegistration:ApplicationRegistration",
  applicationIdentifierUri: "azuread:index/applicationIdentifierUri:ApplicationIdentifierUri",
  applicationRedirectUris: "azuread:index/applicationRedirectUris:ApplicationRedirectUris",
  servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
  tokenSigningCertificate: "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate",
  appRoleAssignment: "azuread:index/appRoleAssignment:AppRoleAssignment",
  claimsMappingPolicy: "azuread:index/claimsMappingPolicy:ClaimsMappingPolicy",
  claimsMappingPolicyAssignment: "azuread:index/servicePrincipalClaimsMappingPolicyAssignment:ServicePrincipalClaimsMappingPolicyAssignment",
  /** Microsoft's gallery application instantiated from its template (azure.groupClaim: gallery-app). */
  applicationFromTemplate: "azuread:index/applicationFromTemplate:ApplicationFromTemplate",
  /** The program's dynamic resource for what the instantiated gallery app needs set. */
  galleryAppSettings: "pulumi-nodejs:dynamic/entra:GalleryAppSettings",
  /** The program's dynamic resource for Graph-only SAML signing settings. */
  samlSigningSettings: "pulumi-nodejs:dynamic/entra:SamlSigningSettings",
} as const;

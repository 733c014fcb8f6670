import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { clientVpnIdentifierUri } from "./config";
import { claimsMappingPolicyDefinition } from "./saml-claims";
import { buildIdpMetadata, federationMetadataUrl } from "./saml-metadata";
import { entraCloud } from "./entra-cloud";
import { SamlSigningSettings } from "./graph/saml-signing-settings";
import { replyUrls } from "./reply-urls";

/**
 * App role every enterprise app without app roles of its own offers: "Default Access".
 * https://learn.microsoft.com/en-us/graph/api/resources/approleassignment
 */
export const defaultAccessAppRoleId = "00000000-0000-0000-0000-000000000000";

export interface EntraSamlAppArgs {
  tenantId: string;
  /** azuread:environment; decides the login host in the metadata and the Graph endpoint. */
  environment: string;
  displayName: string;
  /** alias -> group object ID; each is assigned to the application. */
  groups: Record<string, string>;
  /** Fixed end date of the token signing certificate; never derived from the clock. */
  signingCertificateEndDate?: string;
  selfServicePortal: boolean;
  /** Region of the endpoint: GovCloud's self-service portal has its own reply URL. */
  awsRegion?: string;
  notificationEmails?: string[];
  /** Written to the application's notes: tells a later preview this stack owns it. */
  notes?: string;
}

/**
 * The Entra side of the federation: the enterprise application AWS Client VPN signs in
 * through, set up step for step as the walkthrough does it in the portal.
 */
export class EntraSamlApp extends pulumi.ComponentResource {
  readonly applicationClientId: pulumi.Output<string>;
  readonly applicationObjectId: pulumi.Output<string>;
  readonly servicePrincipalObjectId: pulumi.Output<string>;
  readonly signingCertificateThumbprint: pulumi.Output<string>;
  readonly signingCertificateExpiry: pulumi.Output<string>;
  /** IdP metadata for IAM, built from the certificate; resolves only once Entra signs with it. */
  readonly metadataXml: pulumi.Output<string>;
  readonly federationMetadataUrl: pulumi.Output<string>;

  constructor(name: string, args: EntraSamlAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super("clientvpn-federation:entra:SamlApp", name, {}, opts);
    const parent = { parent: this };
    const cloud = entraCloud(args.environment);

    // Walkthrough step 1: the application. ApplicationRegistration (not Application) because
    // only it can be paired with ApplicationRedirectUris, which writes reply URLs as-is.
    const application = new azuread.ApplicationRegistration(
      `${name}-application`,
      {
        displayName: args.displayName,
        notes: args.notes,
        signInAudience: "AzureADMyOrg",
        // Newer tenants refuse non-verified identifier URIs on v1 apps.
        requestedAccessTokenVersion: 2,
        // Only groups assigned to the app go into the token, so a user in over 150 groups
        // still gets the memberOf claim instead of an overage link AWS cannot follow.
        // https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/how-to-connect-fed-group-claims
        groupMembershipClaims: ["ApplicationGroup"],
      },
      parent,
    );

    // Step 2: identifier (entity ID). Unique per tenant: one such app serves every endpoint there.
    new azuread.ApplicationIdentifierUri(
      `${name}-identifier`,
      { applicationId: application.id, identifierUri: clientVpnIdentifierUri },
      parent,
    );

    // Step 5, the manifest patch: Application.web.redirectUris insists on a trailing slash and
    // would turn http://127.0.0.1:35001 into a URL AWS never posts to; this resource writes the
    // manifest's Web reply URLs exactly as given.
    new azuread.ApplicationRedirectUris(
      `${name}-reply-urls`,
      { applicationId: application.id, type: "Web", redirectUris: replyUrls(args.selfServicePortal, args.awsRegion) },
      parent,
    );

    // Step 1 again: the enterprise application (service principal) in SAML SSO mode, and
    // step 6: only assigned users and groups may sign in.
    const servicePrincipal = new azuread.ServicePrincipal(
      `${name}-service-principal`,
      {
        clientId: application.clientId,
        appRoleAssignmentRequired: true,
        preferredSingleSignOnMode: "saml",
        featureTags: [{ enterprise: true, customSingleSignOn: true }],
        notificationEmailAddresses: args.notificationEmails?.length ? args.notificationEmails : undefined,
        // The deploying identity stays an owner. Without owners the provider adds the caller on create
        // and removes it straight after ("If the calling principal was not included in configuration,
        // remove it now": hashicorp/terraform-provider-azuread v3.8.0,
        // internal/services/serviceprincipals/service_principal_resource.go); an identity holding
        // Application.ReadWrite.OwnedBy ("Manage apps that this app creates or owns") could then no
        // longer add the signing certificate or activate it.
        owners: [azuread.getClientConfigOutput(parent).objectId],
      },
      parent,
    );

    // The SAML token signing certificate. Its end date comes from config, so a preview never
    // shows a replacement just because time passed.
    const certificate = new azuread.ServicePrincipalTokenSigningCertificate(
      `${name}-signing-certificate`,
      { servicePrincipalId: servicePrincipal.id, endDate: args.signingCertificateEndDate },
      parent,
    );

    // Step 4 and the certificate activation: only Microsoft Graph can sign the response as well
    // as the assertion, and make this certificate the one Entra signs with.
    const signing = new SamlSigningSettings(
      `${name}-signing`,
      {
        tenantId: args.tenantId,
        environment: args.environment,
        applicationObjectId: application.objectId,
        servicePrincipalObjectId: servicePrincipal.objectId,
        signingCertificateThumbprint: certificate.thumbprint,
      },
      parent,
    );

    // Step 3: claims. The policy is assigned only once the custom signing key is active: a
    // claims-mapping policy on an app without one makes Entra answer AADSTS50146 ("Without this,
    // Microsoft Entra ID returns an AADSTS50146 error code",
    // https://learn.microsoft.com/en-us/entra/identity-platform/jwt-claims-customization#security-considerations).
    const claimsPolicy = new azuread.ClaimsMappingPolicy(
      `${name}-claims`,
      { displayName: `${args.displayName} claims for AWS Client VPN`, definitions: [claimsMappingPolicyDefinition()] },
      parent,
    );
    new azuread.ServicePrincipalClaimsMappingPolicyAssignment(
      `${name}-claims-assignment`,
      { servicePrincipalId: servicePrincipal.id, claimsMappingPolicyId: claimsPolicy.id },
      { ...parent, dependsOn: [signing] },
    );

    // Step 6: assign each configured group.
    for (const [alias, objectId] of Object.entries(args.groups)) {
      new azuread.AppRoleAssignment(
        `${name}-assign-${alias}`,
        { appRoleId: defaultAccessAppRoleId, principalObjectId: objectId, resourceObjectId: servicePrincipal.objectId },
        parent,
      );
    }

    this.applicationClientId = application.clientId;
    this.applicationObjectId = application.objectId;
    this.servicePrincipalObjectId = servicePrincipal.objectId;
    this.signingCertificateThumbprint = certificate.thumbprint;
    this.signingCertificateExpiry = certificate.endDate;
    // Step 7 without the download: the metadata is built from the certificate Entra issued, and
    // waits for the signing settings so IAM never trusts a key Entra does not sign with.
    this.metadataXml = pulumi
      .all([certificate.value, signing.preferredTokenSigningKeyThumbprint])
      .apply(([value]) => buildIdpMetadata({ tenantId: args.tenantId, signingCertificate: value, cloud }));
    this.federationMetadataUrl = application.clientId.apply((clientId) => federationMetadataUrl(args.tenantId, clientId, cloud));

    this.registerOutputs({
      applicationClientId: this.applicationClientId,
      applicationObjectId: this.applicationObjectId,
      servicePrincipalObjectId: this.servicePrincipalObjectId,
      signingCertificateThumbprint: this.signingCertificateThumbprint,
      signingCertificateExpiry: this.signingCertificateExpiry,
      metadataXml: this.metadataXml,
      federationMetadataUrl: this.federationMetadataUrl,
    });
  }
}

import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { clientVpnIdentifierUri } from "./config";
import { claimsMappingPolicyDefinition } from "./saml-claims";
import { buildIdpMetadata, federationMetadataUrl } from "./saml-metadata";
import { entraCloud } from "./entra-cloud";
import { SamlSigningSettings } from "./graph/saml-signing-settings";
import { replyUrls } from "./reply-urls";
import { GroupClaimRoute } from "./group-claim-route";
import { declareGalleryApplication, declareOwnApplication, EntraApplication } from "./entra-application";
import { AdoptedSettings } from "./adopted-settings";

export { defaultAccessAppRoleId } from "./app-roles";

export interface EntraSamlAppArgs {
  tenantId: string;
  /** azuread:environment; decides the login host in the metadata and the Graph endpoint. */
  environment: string;
  displayName: string;
  /** How memberOf is made: our own app with a claims-mapping policy, or the gallery app. */
  groupClaim: GroupClaimRoute;
  /** The "AWS ClientVPN" application template's ID, looked up by the program; required for the gallery route. */
  galleryTemplateId?: string;
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
  /**
   * What a stack that took over an application built by hand (`npm run adopt`) keeps: the application's client
   * ID, and the app role its groups hold when it is not the route's own (Default Access, or the gallery
   * template's msiam_access): the portal assigns with the app's "User" role, and app_role_id is ForceNew.
   */
  adopted?: Pick<AdoptedSettings, "applicationClientId" | "assignmentAppRoleId">;
}

/**
 * The Entra side of the federation: the enterprise application AWS Client VPN signs in
 * through, set up step for step as the walkthrough does it in the portal.
 *
 * Resources that exist on both group-claim routes keep their names, so switching routes replaces
 * them (they point at another application) instead of deleting and recreating them under new names.
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

    // Walkthrough step 1: the application and its service principal.
    const app = declareApplication(name, args, this);
    const settled = { ...parent, dependsOn: app.settledBy };

    // Step 2: identifier (entity ID). Unique per tenant: one such app serves every endpoint there. When
    // the routes are switched this resource moves to the other application; deleting it from the old
    // one first frees the identifier, which Entra would otherwise refuse as taken.
    new azuread.ApplicationIdentifierUri(
      `${name}-identifier`,
      { applicationId: app.applicationId, identifierUri: clientVpnIdentifierUri },
      { ...settled, deleteBeforeReplace: true },
    );

    // Step 5, the manifest patch: Application.web.redirectUris insists on a trailing slash and
    // would turn http://127.0.0.1:35001 into a URL AWS never posts to; this resource writes the
    // manifest's Web reply URLs exactly as given.
    new azuread.ApplicationRedirectUris(
      `${name}-reply-urls`,
      { applicationId: app.applicationId, type: "Web", redirectUris: replyUrls(args.selfServicePortal, args.awsRegion) },
      parent,
    );

    // The SAML token signing certificate. Its end date comes from config, so a preview never
    // shows a replacement just because time passed.
    const certificate = new azuread.ServicePrincipalTokenSigningCertificate(
      `${name}-signing-certificate`,
      { servicePrincipalId: app.servicePrincipalId, endDate: args.signingCertificateEndDate },
      settled,
    );

    // Step 4 and the certificate activation: only Microsoft Graph can sign the response as well
    // as the assertion, and make this certificate the one Entra signs with.
    const signing = new SamlSigningSettings(
      `${name}-signing`,
      {
        tenantId: args.tenantId,
        environment: args.environment,
        applicationObjectId: app.applicationObjectId,
        servicePrincipalObjectId: app.servicePrincipalObjectId,
        signingCertificateThumbprint: certificate.thumbprint,
      },
      settled,
    );

    // Step 3: claims. The gallery app brings memberOf, FirstName and LastName with it; our own app
    // gets them from a claims-mapping policy, assigned only once the custom signing key is active:
    // a claims-mapping policy on an app without one makes Entra answer AADSTS50146 ("Without this,
    // Microsoft Entra ID returns an AADSTS50146 error code",
    // https://learn.microsoft.com/en-us/entra/identity-platform/jwt-claims-customization#security-considerations).
    if (args.groupClaim === "claims-mapping-policy") {
      const claimsPolicy = new azuread.ClaimsMappingPolicy(
        `${name}-claims`,
        { displayName: `${args.displayName} claims for AWS Client VPN`, definitions: [claimsMappingPolicyDefinition()] },
        parent,
      );
      new azuread.ServicePrincipalClaimsMappingPolicyAssignment(
        `${name}-claims-assignment`,
        { servicePrincipalId: app.servicePrincipalId, claimsMappingPolicyId: claimsPolicy.id },
        { ...parent, dependsOn: [signing] },
      );
    }

    // Step 6: assign each configured group.
    for (const [alias, objectId] of Object.entries(args.groups)) {
      new azuread.AppRoleAssignment(
        `${name}-assign-${alias}`,
        { appRoleId: args.adopted?.assignmentAppRoleId ?? app.assignmentAppRoleId, principalObjectId: objectId, resourceObjectId: app.servicePrincipalObjectId },
        parent,
      );
    }

    this.applicationClientId = app.clientId;
    this.applicationObjectId = app.applicationObjectId;
    this.servicePrincipalObjectId = app.servicePrincipalObjectId;
    this.signingCertificateThumbprint = certificate.thumbprint;
    this.signingCertificateExpiry = certificate.endDate;
    // Step 7 without the download: the metadata is built from the certificate Entra issued, and
    // waits for the signing settings so IAM never trusts a key Entra does not sign with.
    this.metadataXml = pulumi
      .all([certificate.value, signing.preferredTokenSigningKeyThumbprint])
      .apply(([value]) => buildIdpMetadata({ tenantId: args.tenantId, signingCertificate: value, cloud }));
    this.federationMetadataUrl = app.clientId.apply((clientId) => federationMetadataUrl(args.tenantId, clientId, cloud));

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

function declareApplication(name: string, args: EntraSamlAppArgs, parent: pulumi.Resource): EntraApplication {
  const common = {
    tenantId: args.tenantId,
    environment: args.environment,
    displayName: args.displayName,
    notificationEmails: args.notificationEmails,
    notes: args.notes,
  };
  if (args.groupClaim === "claims-mapping-policy") return declareOwnApplication(name, common, parent);
  // The program looks the template up before declaring anything and stops with a message if it cannot.
  if (!args.galleryTemplateId) throw new Error("bug: the gallery-app route needs the template ID the program looks up first");
  return declareGalleryApplication(name, { ...common, templateId: args.galleryTemplateId, adoptedClientId: args.adopted?.applicationClientId }, parent);
}

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
import { DeclaredCertificate, planSigningCertificates, SigningCertificatesConfig } from "./signing-rotation";
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
  /** The token signing certificate(s): end dates fixed in config, never derived from the clock, and a rotation's step. */
  signing: SigningCertificatesConfig;
  /**
   * Resources Entra's switch to a signing key must wait for: the IAM SAML providers, when this stack has them,
   * so IAM holds the new metadata before Entra signs with a key in it. A promise, because the providers are
   * declared after this component (their metadata comes from its certificates).
   */
  activationWaitsFor?: Promise<pulumi.Resource[]>;
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
  /** The certificate Entra signs with. */
  readonly signingCertificateThumbprint: pulumi.Output<string>;
  readonly signingCertificateExpiry: pulumi.Output<string>;
  /** Every certificate published to IAM, in the metadata's order; two while a rotation overlaps. */
  readonly publishedSigningCertificateThumbprints: pulumi.Output<string[]>;
  /** When the program last switched Entra to its signing key (RFC 3339), "" when not known. */
  readonly signingKeyActivatedAt: pulumi.Output<string>;
  /** IdP metadata for IAM, built from every published certificate. */
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

    // The SAML token signing certificates: one, or two while a rotation runs (components/signing-rotation.ts).
    // End dates come from config, so a preview never shows a replacement just because time passed.
    const plan = planSigningCertificates(args.signing);
    const certificates = plan.certificates.map((declared) => ({ declared, resource: declareCertificate(name, declared, app, this) }));
    const active = certificates.find(({ declared }) => declared.role === plan.active)!.resource;
    const published = certificates.map(({ resource }) => resource);

    // Step 4 and the certificate activation: only Microsoft Graph can sign the response as well
    // as the assertion, and make a certificate the one Entra signs with. The switch waits for the IAM
    // providers of this stack, and refuses (at preview) a key no earlier deployment published.
    const signing = new SamlSigningSettings(
      `${name}-signing`,
      {
        tenantId: args.tenantId,
        environment: args.environment,
        applicationObjectId: app.applicationObjectId,
        servicePrincipalObjectId: app.servicePrincipalObjectId,
        signingCertificateThumbprint: active.thumbprint,
        publishedCertificateThumbprints: published.map((certificate) => certificate.thumbprint),
        activationBeforePublication: plan.activationBeforePublication,
      },
      { ...parent, dependsOn: activationDependencies(app, args.activationWaitsFor) },
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
    this.signingCertificateThumbprint = active.thumbprint;
    this.signingCertificateExpiry = active.endDate;
    this.publishedSigningCertificateThumbprints = pulumi.all(published.map((certificate) => certificate.thumbprint));
    this.signingKeyActivatedAt = signing.activatedAt;
    // Step 7 without the download: the metadata is built from the certificates Entra issued, every
    // published one, in the plan's order (it does not change between a rotation's steps).
    this.metadataXml = pulumi
      .all(published.map((certificate) => certificate.value))
      .apply((values) => buildIdpMetadata({ tenantId: args.tenantId, signingCertificates: values, cloud }));
    this.federationMetadataUrl = app.clientId.apply((clientId) => federationMetadataUrl(args.tenantId, clientId, cloud));

    this.registerOutputs({
      applicationClientId: this.applicationClientId,
      applicationObjectId: this.applicationObjectId,
      servicePrincipalObjectId: this.servicePrincipalObjectId,
      signingCertificateThumbprint: this.signingCertificateThumbprint,
      signingCertificateExpiry: this.signingCertificateExpiry,
      publishedSigningCertificateThumbprints: this.publishedSigningCertificateThumbprints,
      signingKeyActivatedAt: this.signingKeyActivatedAt,
      metadataXml: this.metadataXml,
      federationMetadataUrl: this.federationMetadataUrl,
    });
  }
}

/** What Entra's switch to a signing key waits for: the application settled, and this stack's IAM providers. */
async function activationDependencies(app: EntraApplication, iamProviders: Promise<pulumi.Resource[]> | undefined): Promise<pulumi.Resource[]> {
  return [...app.settledBy, ...((await iamProviders) ?? [])];
}

/**
 * One token signing certificate. `retainOnDelete`: the azuread provider's Delete removes the credentials of
 * whichever certificate Graph lists last when the service principal holds two, which during a rotation can be
 * the active one (docs/research/signing-certificate-rotation.md, section 4). A retired certificate therefore
 * stays on the service principal, inactive and no longer published.
 */
function declareCertificate(
  name: string,
  declared: DeclaredCertificate,
  app: EntraApplication,
  parent: pulumi.Resource,
): azuread.ServicePrincipalTokenSigningCertificate {
  return new azuread.ServicePrincipalTokenSigningCertificate(
    `${name}-${declared.resourceSuffix}`,
    { servicePrincipalId: app.servicePrincipalId, endDate: declared.endDate },
    {
      parent,
      dependsOn: app.settledBy,
      retainOnDelete: true,
      aliases: declared.aliasSuffixes.map((suffix) => ({ name: `${name}-${suffix}` })),
    },
  );
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

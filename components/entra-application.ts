import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { defaultAccessAppRoleId } from "./app-roles";
import { GalleryAppSettings } from "./gallery-app/gallery-app-settings";

/**
 * The application and service principal AWS Client VPN signs in through, declared for one of the two
 * group-claim routes (components/group-claim-route.ts). Everything else of the Entra side (identifier,
 * reply URLs, signing certificate and settings, group assignments) works on either through this shape.
 */
export interface EntraApplication {
  /** Resource ID, /applications/{objectId}: what the azuread split resources (identifier, reply URLs) take. */
  applicationId: pulumi.Output<string>;
  applicationObjectId: pulumi.Output<string>;
  clientId: pulumi.Output<string>;
  /** Resource ID, /servicePrincipals/{objectId}: what the signing certificate takes. */
  servicePrincipalId: pulumi.Output<string>;
  servicePrincipalObjectId: pulumi.Output<string>;
  /** The app role each group assignment uses. */
  assignmentAppRoleId: pulumi.Output<string>;
  /**
   * Resources that must be done before the identifier, the signing certificate and its activation go
   * on: the gallery app's token version and SAML mode.
   */
  settledBy: pulumi.Resource[];
}

export interface EntraApplicationArgs {
  tenantId: string;
  environment: string;
  displayName: string;
  notificationEmails?: string[];
  /** The stack's ownership marker for the application's notes. */
  notes?: string;
}

/**
 * Route "claims-mapping-policy": an app registration and service principal of this stack's own,
 * step 1 of the walkthrough.
 */
export function declareOwnApplication(name: string, args: EntraApplicationArgs, parent: pulumi.Resource): EntraApplication {
  const options = { parent };
  // ApplicationRegistration (not Application) because only it can be paired with ApplicationRedirectUris,
  // which writes reply URLs as-is.
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
    options,
  );
  // The enterprise application (service principal) in SAML SSO mode; step 6: only assigned users and
  // groups may sign in.
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
      owners: [azuread.getClientConfigOutput(options).objectId],
    },
    options,
  );
  return {
    applicationId: application.id,
    applicationObjectId: application.objectId,
    clientId: application.clientId,
    servicePrincipalId: servicePrincipal.id,
    servicePrincipalObjectId: servicePrincipal.objectId,
    // The registration declares no app roles.
    assignmentAppRoleId: pulumi.output(defaultAccessAppRoleId),
    settledBy: [],
  };
}

/**
 * Route "gallery-app": Microsoft's gallery application "AWS ClientVPN", instantiated from its
 * application template (POST /applicationTemplates/{id}/instantiate,
 * https://learn.microsoft.com/en-us/graph/api/applicationtemplate-instantiate?view=graph-rest-1.0),
 * with the service principal instantiation makes used as it comes: no azuread.ServicePrincipal adopts
 * it (that would rewrite its tags and owners), GalleryAppSettings sets the few properties AWS needs.
 * The caller that instantiates owns what it creates, so Application.ReadWrite.OwnedBy suffices
 * (the instantiate page lists it as the least-privileged application permission).
 */
export function declareGalleryApplication(
  name: string,
  args: EntraApplicationArgs & { templateId: string; adoptedClientId?: string },
  parent: pulumi.Resource,
): EntraApplication {
  const options = { parent };
  const application = new azuread.ApplicationFromTemplate(
    `${name}-gallery-application`,
    { displayName: args.displayName, templateId: args.templateId },
    options,
  );
  const settings = new GalleryAppSettings(
    `${name}-gallery-settings`,
    {
      tenantId: args.tenantId,
      environment: args.environment,
      applicationObjectId: application.applicationObjectId,
      servicePrincipalObjectId: application.servicePrincipalObjectId,
      notificationEmails: args.notificationEmails ?? [],
      notes: args.notes ?? "",
      adoptedClientId: args.adoptedClientId,
    },
    options,
  );
  return {
    applicationId: application.applicationId,
    applicationObjectId: application.applicationObjectId,
    clientId: settings.applicationClientId,
    servicePrincipalId: application.servicePrincipalId,
    servicePrincipalObjectId: application.servicePrincipalObjectId,
    assignmentAppRoleId: settings.assignmentAppRoleId,
    // Token version 2 must be set before the identifier goes on (identifier-uri-restrictions), and SAML
    // mode before the signing key is activated (preferredTokenSigningKeyThumbprint applies to SAML apps).
    settledBy: [settings],
  };
}

/**
 * The settings of the instantiated "AWS ClientVPN" gallery application that no azuread resource sets on
 * an application it did not create (see gallery-app-plan.ts), as one resource.
 *
 * Its type token is `pulumi-nodejs:dynamic/entra:GalleryAppSettings`; the policy pack matches on it and
 * on the output names below.
 */
import * as pulumi from "@pulumi/pulumi";
import { galleryAppProvider } from "./gallery-app-provider";
import { dropUnusedFfiWarning } from "../graph/unused-ffi-warning";

dropUnusedFfiWarning();

export interface GalleryAppSettingsArgs {
  /** azuread:tenantId */
  tenantId: pulumi.Input<string>;
  /** azuread:environment; default global. */
  environment?: pulumi.Input<string>;
  /** ApplicationFromTemplate.applicationObjectId */
  applicationObjectId: pulumi.Input<string>;
  /** ApplicationFromTemplate.servicePrincipalObjectId */
  servicePrincipalObjectId: pulumi.Input<string>;
  notificationEmails?: pulumi.Input<string[]>;
  /** The application's notes: the stack's ownership marker (components/identity-uniqueness.ts). */
  notes: pulumi.Input<string>;
  /** adopted.applicationClientId of a stack that took the application over (npm run adopt). */
  adoptedClientId?: pulumi.Input<string>;
}

export class GalleryAppSettings extends pulumi.dynamic.Resource {
  /** The application (client) ID: ApplicationFromTemplate does not output it. */
  declare readonly applicationClientId: pulumi.Output<string>;
  /** The app role the group assignments use (the template's msiam_access). */
  declare readonly assignmentAppRoleId: pulumi.Output<string>;
  /** True when the template had already set urn:amazon:webservices:clientvpn (the first real run tells). */
  declare readonly identifierUriPreset: pulumi.Output<boolean>;
  declare readonly groupMembershipClaims: pulumi.Output<string>;
  declare readonly requestedAccessTokenVersion: pulumi.Output<number>;
  declare readonly appRoleAssignmentRequired: pulumi.Output<boolean>;
  declare readonly preferredSingleSignOnMode: pulumi.Output<string>;
  declare readonly notificationEmailAddresses: pulumi.Output<string[]>;

  constructor(name: string, args: GalleryAppSettingsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      galleryAppProvider,
      name,
      {
        tenantId: args.tenantId,
        environment: args.environment ?? "global",
        applicationObjectId: args.applicationObjectId,
        servicePrincipalObjectId: args.servicePrincipalObjectId,
        notificationEmails: args.notificationEmails ?? [],
        notes: args.notes,
        adoptedClientId: args.adoptedClientId,
        // Outputs the provider fills in; declared so Pulumi exposes them.
        applicationClientId: undefined,
        assignmentAppRoleId: undefined,
        identifierUriPreset: undefined,
        groupMembershipClaims: undefined,
        requestedAccessTokenVersion: undefined,
        appRoleAssignmentRequired: undefined,
        preferredSingleSignOnMode: undefined,
        notificationEmailAddresses: undefined,
      },
      opts,
      "entra",
      "GalleryAppSettings",
    );
  }
}

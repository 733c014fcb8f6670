/**
 * The two Entra settings of the walkthrough that @pulumi/azuread cannot make, as one resource:
 * - "Sign SAML response and assertion" (a token issuance policy with TokenResponseSigningPolicy
 *   ResponseAndToken, assigned to the application and to its service principal, because Microsoft's
 *   pages disagree on which of the two Entra reads);
 * - the managed token signing certificate made the active key (the service principal's
 *   preferredTokenSigningKeyThumbprint), which ServicePrincipalTokenSigningCertificate never does.
 *
 * Its type token is `pulumi-nodejs:dynamic/entra:SamlSigningSettings`; the policy pack matches on it and
 * on the output names below.
 */
import * as pulumi from "@pulumi/pulumi";
import { samlSigningProvider } from "./saml-signing-provider";
import { dropUnusedFfiWarning } from "./unused-ffi-warning";

dropUnusedFfiWarning();

export interface SamlSigningSettingsArgs {
  /** azuread:tenantId */
  tenantId: pulumi.Input<string>;
  /** azuread:environment: global/public, usgovernmentl4/usgovernment, usgovernmentl5/dod, china. Default global. */
  environment?: pulumi.Input<string>;
  /** Object id of the application registration. */
  applicationObjectId: pulumi.Input<string>;
  /** Object id of the application's service principal. */
  servicePrincipalObjectId: pulumi.Input<string>;
  /** azuread.ServicePrincipalTokenSigningCertificate.thumbprint */
  signingCertificateThumbprint: pulumi.Input<string>;
}

export class SamlSigningSettings extends pulumi.dynamic.Resource {
  /**
   * The signing option Entra applies: "ResponseAndToken" when converged; after a refresh, the weaker of
   * the two objects' live values, so drift on either shows.
   */
  declare readonly tokenResponseSigningPolicy: pulumi.Output<string>;
  /** The signing option of the policy assigned to the application (Entra's default "TokenOnly" when none). */
  declare readonly applicationTokenResponseSigningPolicy: pulumi.Output<string>;
  /** The signing option of the policy assigned to the service principal (Entra's default "TokenOnly" when none). */
  declare readonly servicePrincipalTokenResponseSigningPolicy: pulumi.Output<string>;
  /** The thumbprint of the key Entra signs with; the managed certificate's when converged. */
  declare readonly preferredTokenSigningKeyThumbprint: pulumi.Output<string>;
  declare readonly tokenIssuancePolicyId: pulumi.Output<string>;
  declare readonly tokenIssuancePolicyDisplayName: pulumi.Output<string>;
  declare readonly applicationObjectId: pulumi.Output<string>;
  declare readonly servicePrincipalObjectId: pulumi.Output<string>;
  declare readonly signingCertificateThumbprint: pulumi.Output<string>;

  constructor(name: string, args: SamlSigningSettingsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      samlSigningProvider,
      name,
      {
        tenantId: args.tenantId,
        environment: args.environment ?? "global",
        applicationObjectId: args.applicationObjectId,
        servicePrincipalObjectId: args.servicePrincipalObjectId,
        signingCertificateThumbprint: args.signingCertificateThumbprint,
        // Outputs the provider fills in; declared so Pulumi exposes them.
        tokenResponseSigningPolicy: undefined,
        applicationTokenResponseSigningPolicy: undefined,
        servicePrincipalTokenResponseSigningPolicy: undefined,
        preferredTokenSigningKeyThumbprint: undefined,
        tokenIssuancePolicyId: undefined,
        tokenIssuancePolicyDisplayName: undefined,
      },
      opts,
      "entra",
      "SamlSigningSettings",
    );
  }
}

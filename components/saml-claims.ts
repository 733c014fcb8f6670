/**
 * The claims AWS Client VPN reads from the SAML assertion (walkthrough step 3), and the Entra
 * claims-mapping policy that emits them.
 *
 * AWS: NameID (email address format), FirstName, LastName and memberOf; case-sensitive.
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html
 *
 * Entra: claims-mapping policy definition, Version 1, ClaimsSchema entries of Source/ID/SamlClaimType,
 * and transformations for values derived from another claim.
 * https://learn.microsoft.com/en-us/entra/identity-platform/reference-claims-customization
 *
 * The transformations element is spelled `ClaimsTransformations` (plural). Microsoft's pages disagree:
 * the reference page and the Graph claimsMappingPolicy examples write `ClaimsTransformation`, while
 * Microsoft's current PowerShell how-to sends `ClaimsTransformations`
 * (MicrosoftDocs/entra-docs docs/identity-platform/claims-customization-powershell.md). The newest
 * first-hand reports agree with the how-to: the singular is refused with 400 "Property definition has
 * an invalid value" (MicrosoftDocs/entra-docs#121, 2023), and working 2024 policies use the plural;
 * the opposite report (MicrosoftDocs/azure-docs#90732) dates from 2022. The weighing is in
 * docs/research/group-claim-routes.md. A wrong spelling shows on the first real run: either the
 * policy create fails with that 400, or the sign-in check finds no memberOf; the fix it names is
 * azure.groupClaim: gallery-app.
 *
 * The group claim. Entra emits group object IDs under its own claim name, and no documented API
 * renames it (the portal's "Customize the name of the group claim" has no Graph equivalent; the
 * Custom Claims Policy has no group claim and exists in the global cloud only). `groups` is not a
 * valid ClaimsSchema ID, but it is a documented multi-valued transformation input ("ProxyAddresses
 * and groups are two examples for input claims that you would likely want to treat as a
 * multi-value claim"), and `memberOf` is outside the restricted claim set. So an identity
 * RegexReplace copies the groups claim (restricted by `groupMembershipClaims: ApplicationGroup`
 * to groups assigned to the app) into memberOf. This combination is documented piece by piece but
 * has not been verified against a live tenant here: the sign-in check (or `npm run saml-check` on a
 * captured response) confirms it. If memberOf is missing, the other route is azure.groupClaim:
 * gallery-app; the portal's group claim works only once this policy is unassigned, because an
 * assigned claims-mapping policy overrides the claims blade. See docs/research/group-claim.md and
 * docs/research/group-claim-routes.md.
 */
export const samlAttributeNames = { firstName: "FirstName", lastName: "LastName", groups: "memberOf" } as const;

export const nameIdClaimType = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier";

const copyGroupIdsTransformation = "CopyGroupIdsToMemberOf";

/** The definition's element for transformations; see the spelling note above. */
export const transformationsElement = "ClaimsTransformations";

/** The claims-mapping policy definition, as the single JSON string Graph stores. */
export function claimsMappingPolicyDefinition(): string {
  return JSON.stringify({
    ClaimsMappingPolicy: {
      Version: 1,
      IncludeBasicClaimSet: "true",
      ClaimsSchema: [
        // NameID from the UPN, which has the form of an email address, as AWS requires.
        { Source: "user", ID: "userprincipalname", SamlClaimType: nameIdClaimType },
        { Source: "user", ID: "givenname", SamlClaimType: samlAttributeNames.firstName },
        { Source: "user", ID: "surname", SamlClaimType: samlAttributeNames.lastName },
        // Declared as a transformation input only: no SamlClaimType, so it is not emitted itself.
        { Source: "user", ID: "groups" },
        {
          Source: "transformation",
          ID: samlAttributeNames.groups,
          TransformationId: copyGroupIdsTransformation,
          SamlClaimType: samlAttributeNames.groups,
        },
      ],
      [transformationsElement]: [
        {
          ID: copyGroupIdsTransformation,
          TransformationMethod: "RegexReplace",
          InputClaims: [{ ClaimTypeReferenceId: "groups", TransformationClaimType: "sourceClaim", TreatAsMultiValue: "true" }],
          InputParameters: [
            { ID: "regex", Value: "^(?'id'.+)$" },
            { ID: "replacement", Value: "{id}" },
          ],
          OutputClaims: [{ ClaimTypeReferenceId: samlAttributeNames.groups, TransformationClaimType: "outputClaim" }],
        },
      ],
    },
  });
}

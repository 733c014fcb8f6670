/**
 * The claims AWS Client VPN reads from the SAML assertion, and the Entra claims-mapping policy
 * that emits them (walkthrough step 3).
 *
 * AWS: NameID in email format, FirstName, LastName and memberOf; names are case-sensitive.
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html
 * Entra claims-mapping policy definition (Version 1, ClaimsSchema with Source/ID/SamlClaimType):
 * https://learn.microsoft.com/en-us/entra/identity-platform/reference-claims-customization
 */
export const samlAttributeNames = { firstName: "FirstName", lastName: "LastName", groups: "memberOf" } as const;

export const nameIdClaimType = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier";
export const emailNameIdFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

/** The claims-mapping policy definition, as the single JSON string Graph stores. */
export function claimsMappingPolicyDefinition(): string {
  return JSON.stringify({
    ClaimsMappingPolicy: {
      Version: 1,
      IncludeBasicClaimSet: "true",
      ClaimsSchema: [
        { Source: "user", ID: "userprincipalname", SamlClaimType: nameIdClaimType, SamlNameIdFormat: emailNameIdFormat },
        { Source: "user", ID: "givenname", SamlClaimType: samlAttributeNames.firstName },
        { Source: "user", ID: "surname", SamlClaimType: samlAttributeNames.lastName },
        { Source: "user", ID: "groups", SamlClaimType: samlAttributeNames.groups },
      ],
    },
  });
}

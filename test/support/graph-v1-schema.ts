/**
 * The structural properties of the Microsoft Graph v1.0 types the fake Graph serves, inherited ones
 * included (entity -> directoryObject -> ...). Navigation properties (owners, tokenIssuancePolicies, ...)
 * are not here: they are routes, not properties, and Graph refuses them in `$select` and in a body.
 *
 * Source: microsoftgraph/msgraph-metadata, clean_v10_metadata/cleanMetadata.xml at commit
 * f54f11b60956ea7b185ca0447b2b80805836ec7b (2026-08-20), the <Property> elements of each EntityType and
 * of its BaseType chain. To add a type, list its properties from the same file and record the commit.
 */
export const graphV1Properties = {
  application: [
    "id", "deletedDateTime", "addIns", "api", "appId", "applicationTemplateId", "appRoles", "authenticationBehaviors",
    "certification", "createdByAppId", "createdDateTime", "defaultRedirectUri", "description", "disabledByMicrosoftStatus",
    "displayName", "groupMembershipClaims", "identifierUris", "info", "isDeviceOnlyAuthSupported", "isDisabled",
    "isFallbackPublicClient", "keyCredentials", "logo", "managerApplications", "nativeAuthenticationApisEnabled", "notes",
    "oauth2RequirePostResponse", "optionalClaims", "parentalControlSettings", "passwordCredentials", "publicClient",
    "publisherDomain", "requestSignatureVerification", "requiredResourceAccess", "samlMetadataUrl", "serviceManagementReference",
    "servicePrincipalLockConfiguration", "signInAudience", "spa", "tags", "tokenEncryptionKeyId", "uniqueName",
    "verifiedPublisher", "web",
  ],
  servicePrincipal: [
    "id", "deletedDateTime", "accountEnabled", "addIns", "alternativeNames", "appDescription", "appDisplayName", "appId",
    "applicationTemplateId", "appOwnerOrganizationId", "appRoleAssignmentRequired", "appRoles", "createdByAppId",
    "customSecurityAttributes", "description", "disabledByMicrosoftStatus", "displayName", "homepage", "info", "isDisabled",
    "keyCredentials", "loginUrl", "logoutUrl", "notes", "notificationEmailAddresses", "oauth2PermissionScopes",
    "passwordCredentials", "preferredSingleSignOnMode", "preferredTokenSigningKeyThumbprint", "replyUrls",
    "resourceSpecificApplicationPermissions", "samlSingleSignOnSettings", "servicePrincipalNames", "servicePrincipalType",
    "signInAudience", "tags", "tokenEncryptionKeyId", "verifiedPublisher",
  ],
  tokenIssuancePolicy: ["id", "deletedDateTime", "description", "displayName", "definition", "isOrganizationDefault"],
  appRoleAssignment: [
    "id", "deletedDateTime", "appRoleId", "createdDateTime", "principalDisplayName", "principalId", "principalType",
    "resourceDisplayName", "resourceId",
  ],
} as const satisfies Record<string, readonly string[]>;

export type GraphV1Type = keyof typeof graphV1Properties;

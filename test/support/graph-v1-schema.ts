/**
 * The structural properties of the Microsoft Graph v1.0 types the fake Graph serves, inherited ones
 * included (entity -> directoryObject -> ...). Navigation properties (owners, tokenIssuancePolicies, ...)
 * are not here: they are routes, not properties, and Graph refuses them in `$select` and in a body.
 *
 * Source: microsoftgraph/msgraph-metadata, clean_v10_metadata/cleanMetadata.xml at commit
 * f54f11b60956ea7b185ca0447b2b80805836ec7b (2026-08-20), the <Property> elements of each EntityType and
 * of its BaseType chain, in the Schema whose Namespace is microsoft.graph (other namespaces have types of the
 * same name, e.g. microsoft.graph.termStore.group). To add a type, list its properties from the same file and
 * record the commit.
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
  claimsMappingPolicy: ["id", "deletedDateTime", "description", "displayName", "definition", "isOrganizationDefault"],
  /** What an owner or an `appliesTo` entry is typed as: the base of users, groups and service principals. */
  directoryObject: ["id", "deletedDateTime"],
  group: [
    "id", "deletedDateTime", "accessType", "allowExternalSenders", "assignedLabels", "assignedLicenses", "autoSubscribeNewMembers",
    "classification", "createdDateTime", "description", "displayName", "expirationDateTime", "groupTypes",
    "hasMembersWithLicenseErrors", "hideFromAddressLists", "hideFromOutlookClients", "infoCatalogs", "isArchived",
    "isAssignableToRole", "isFavorite", "isManagementRestricted", "isSubscribedByMail", "licenseProcessingState", "mail",
    "mailEnabled", "mailNickname", "membershipRule", "membershipRuleProcessingState", "onPremisesDomainName",
    "onPremisesExtensionAttributes", "onPremisesLastSyncDateTime", "onPremisesNetBiosName", "onPremisesProvisioningErrors",
    "onPremisesSamAccountName", "onPremisesSecurityIdentifier", "onPremisesSyncEnabled", "organizationId", "preferredDataLocation",
    "preferredLanguage", "proxyAddresses", "renewedDateTime", "resourceBehaviorOptions", "resourceProvisioningOptions",
    "securityEnabled", "securityIdentifier", "serviceProvisioningErrors", "theme", "uniqueName", "unseenConversationsCount",
    "unseenCount", "unseenMessagesCount", "visibility", "welcomeMessageEnabled",
  ],
  applicationTemplate: [
    "id", "categories", "deprecationDate", "description", "displayName", "endpoints", "homePageUrl", "isEntraIntegrated",
    "lastModifiedDateTime", "logoUrl", "publisher", "riskFactors", "riskScore", "supportedProvisioningTypes",
    "supportedSingleSignOnModes",
  ],
} as const satisfies Record<string, readonly string[]>;

export type GraphV1Type = keyof typeof graphV1Properties;

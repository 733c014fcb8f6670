/**
 * App role every enterprise app without app roles of its own offers: "Default Access".
 * https://learn.microsoft.com/en-us/graph/api/resources/approleassignment
 * Its own module, so code that only compares role IDs does not load the Pulumi providers.
 */
export const defaultAccessAppRoleId = "00000000-0000-0000-0000-000000000000";

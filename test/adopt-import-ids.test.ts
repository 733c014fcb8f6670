import { describe, expect, it } from "vitest";
import {
  appRoleAssignmentImportId,
  applicationImportId,
  authorizationRuleImportId,
  claimsMappingPolicyAssignmentImportId,
  claimsMappingPolicyImportId,
  endpointImportId,
  identifierUriImportId,
  networkAssociationImportId,
  redirectUrisImportId,
  routeImportId,
  samlProviderImportId,
  servicePrincipalImportId,
  tokenSigningCertificateImportId,
} from "../cli/adopt/import-ids";
import { clientVpnIdentifierUri } from "../components/config";

/**
 * Each import ID against its provider's own parser rule, ported line for line:
 * - go-azure-helpers resourceids parser (azuread v3 IDs): split on "/", the leading empty part, static segments
 *   equal, each user-specified segment non-empty, nothing left over;
 * - terraform-provider-azuread parse.ObjectSubResourceID: exactly three "/"-parts, first and last UUIDs, the
 *   middle the expected type;
 * - terraform-provider-aws: split on ",", the documented number of non-empty parts.
 */
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function resourceIdsParse(id: string, segments: { static?: string; user?: string }[]): Record<string, string> | string {
  const parts = id.split("/");
  if (parts[0] !== "") return "must start with /";
  const rest = parts.slice(1);
  if (rest.length !== segments.length) return `expected ${segments.length} segments, got ${rest.length}`;
  const parsed: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    if (segment.static !== undefined && rest[index] !== segment.static) return `segment ${index} must be ${segment.static}`;
    if (segment.user !== undefined) {
      if (!rest[index]) return `${segment.user} is empty`;
      parsed[segment.user] = rest[index];
    }
  }
  return parsed;
}

function objectSubResourceParse(id: string, expectedType: string): string | undefined {
  const parts = id.split("/");
  if (parts.length !== 3) return "should be {objectId}/{type}/{subId}";
  if (!uuid.test(parts[0])) return "object ID is not a UUID";
  if (parts[1] !== expectedType) return `type must be ${expectedType}`;
  if (!uuid.test(parts[2])) return "sub ID is not a UUID";
  return undefined;
}

function commaParts(id: string, counts: number[]): string[] | string {
  const parts = id.split(",");
  if (!counts.includes(parts.length) || parts.some((part) => part === "")) return `expected ${counts.join(" or ")} non-empty parts`;
  return parts;
}

const appId = "2b7c9a1e-4d3f-4e8a-9b2c-1d0e3f4a5b6c";
const spId = "7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
const keyId = "0f0f0f0f-1e1e-4d2d-8c3c-4b4b4b4b4b4b";
const policyId = "5a5a5a5a-6b6b-4c7c-8d8d-9e9e9e9e9e9e";
const endpointId = "cvpn-endpoint-0123456789abcdef0";

describe("azuread import IDs parse as the provider's importers parse them", () => {
  it.each([
    {
      type: "ApplicationRegistration",
      id: applicationImportId(appId),
      segments: [{ static: "applications" }, { user: "applicationId" }],
      parsed: { applicationId: appId },
    },
    {
      type: "ApplicationIdentifierUri",
      id: identifierUriImportId(appId, clientVpnIdentifierUri),
      segments: [{ static: "applications" }, { user: "applicationId" }, { static: "identifierUris" }, { user: "identifierUri" }],
      parsed: { applicationId: appId, identifierUri: "dXJuOmFtYXpvbjp3ZWJzZXJ2aWNlczpjbGllbnR2cG4=" },
    },
    {
      type: "ApplicationRedirectUris",
      id: redirectUrisImportId(appId, "Web"),
      segments: [{ static: "applications" }, { user: "applicationId" }, { static: "redirectUris" }, { user: "uriType" }],
      parsed: { applicationId: appId, uriType: "Web" },
    },
    {
      type: "ServicePrincipal",
      id: servicePrincipalImportId(spId),
      segments: [{ static: "servicePrincipals" }, { user: "servicePrincipalId" }],
      parsed: { servicePrincipalId: spId },
    },
    {
      type: "ClaimsMappingPolicy",
      id: claimsMappingPolicyImportId(policyId),
      segments: [{ static: "policies" }, { static: "claimsMappingPolicies" }, { user: "claimsMappingPolicyId" }],
      parsed: { claimsMappingPolicyId: policyId },
    },
    {
      type: "ServicePrincipalClaimsMappingPolicyAssignment",
      id: claimsMappingPolicyAssignmentImportId(spId, policyId),
      segments: [{ static: "servicePrincipals" }, { user: "servicePrincipalId" }, { static: "claimsMappingPolicies" }, { user: "claimsMappingPolicyId" }],
      parsed: { servicePrincipalId: spId, claimsMappingPolicyId: policyId },
    },
    {
      type: "AppRoleAssignment",
      id: appRoleAssignmentImportId(spId, "aaBBcDDeFG6h5JKLMN2PQrrssTTUUvWWxxxxxyyyzzz"),
      segments: [{ static: "servicePrincipals" }, { user: "servicePrincipalId" }, { static: "appRoleAssignedTo" }, { user: "appRoleAssignmentId" }],
      parsed: { servicePrincipalId: spId, appRoleAssignmentId: "aaBBcDDeFG6h5JKLMN2PQrrssTTUUvWWxxxxxyyyzzz" },
    },
  ])("$type: $id", ({ id, segments, parsed }) => {
    expect(resourceIdsParse(id, segments)).toEqual(parsed);
  });

  it("the identifier URI segment decodes back to the URI (base64.StdEncoding, as the resource encodes it)", () => {
    const segment = identifierUriImportId(appId, clientVpnIdentifierUri).split("/").pop()!;
    expect(Buffer.from(segment, "base64").toString("utf8")).toBe(clientVpnIdentifierUri);
    // A "/" in the base64 would split the segment; the Client VPN URI has none.
    expect(segment).not.toContain("/");
  });

  it("ServicePrincipalTokenSigningCertificate: {sp}/tokenSigningCertificate/{keyId}, no leading slash", () => {
    const id = tokenSigningCertificateImportId(spId, keyId);
    expect(objectSubResourceParse(id, "tokenSigningCertificate")).toBeUndefined();
    // The resourceids form with a leading slash is what the parser refuses.
    expect(objectSubResourceParse(`/servicePrincipals/${spId}/tokenSigningCertificate/${keyId}`, "tokenSigningCertificate")).toBeDefined();
  });
});

describe("aws import IDs parse as the provider's importers parse them", () => {
  it.each([
    { type: "SamlProvider (ARN, passthrough)", id: samlProviderImportId("arn:aws:iam::123456789012:saml-provider/AzureAD"), counts: [1] },
    { type: "Endpoint (ID, passthrough)", id: endpointImportId(endpointId), counts: [1] },
    { type: "NetworkAssociation", id: networkAssociationImportId(endpointId, "cvpn-assoc-0b8db902465d069ad"), counts: [2] },
    { type: "AuthorizationRule for all groups", id: authorizationRuleImportId(endpointId, "10.1.0.0/16"), counts: [2, 3] },
    { type: "AuthorizationRule for one group", id: authorizationRuleImportId(endpointId, "10.1.0.0/16", appId), counts: [2, 3] },
    { type: "Route", id: routeImportId(endpointId, "subnet-0aa11bb22cc33dd44", "10.1.0.0/16"), counts: [3] },
  ])("$type: $id", ({ id, counts }) => {
    expect(commaParts(id, counts)).toEqual(expect.any(Array));
  });

  it("puts the parts where the parsers read them", () => {
    expect(commaParts(networkAssociationImportId(endpointId, "cvpn-assoc-1"), [2])).toEqual([endpointId, "cvpn-assoc-1"]);
    expect(commaParts(authorizationRuleImportId(endpointId, "10.1.0.0/16", appId), [3])).toEqual([endpointId, "10.1.0.0/16", appId]);
    expect(commaParts(authorizationRuleImportId(endpointId, "10.1.0.0/16"), [2])).toEqual([endpointId, "10.1.0.0/16"]);
    expect(commaParts(routeImportId(endpointId, "subnet-1", "10.1.0.0/16"), [3])).toEqual([endpointId, "subnet-1", "10.1.0.0/16"]);
  });
});

import { describe, expect, it } from "vitest";
import { memberOfSource } from "../checks/memberof-source";
import {
  UNKNOWN_VALUE,
  claimsAssignment,
  claimsPolicy,
  compliantGalleryStack,
  compliantStack,
  expectOneViolation,
  servicePrincipal,
  signingSettings,
  violationsOf,
} from "./support";
import { ResourceType } from "../lib/resource-types";

const without = (type: string) => compliantStack().filter((r) => r.type !== type);

describe("entra-memberof-source", () => {
  it("is advisory", () => {
    expect(memberOfSource.enforcementLevel).toBe("advisory");
  });

  it.each([
    ["the claims-mapping-policy route", compliantStack()],
    ["the gallery-app route (the gallery app brings memberOf, no policy)", compliantGalleryStack()],
  ])("accepts %s", (_case, stack) => {
    expect(violationsOf(memberOfSource, stack)).toEqual([]);
  });

  it("reports a SAML service principal with no claims-mapping policy assigned, naming both routes as the fix", () => {
    const principal = servicePrincipal();
    expectOneViolation(violationsOf(memberOfSource, without(ResourceType.claimsMappingPolicyAssignment)), principal, "claims-mapping-policy", "gallery-app");
  });

  it("reports an assignment that does not wait for the signing settings (AADSTS50146)", () => {
    const early = claimsAssignment([servicePrincipal().urn, claimsPolicy().urn]);
    const stack = [...without(ResourceType.claimsMappingPolicyAssignment), early];
    const found = expectOneViolation(violationsOf(memberOfSource, stack), early, "dependsOn", "SamlSigningSettings");
    expect(found.message).toContain("AADSTS50146");
  });

  it.each([
    ["a service principal not in SAML mode", servicePrincipal({ preferredSingleSignOnMode: "oidc" })],
    ["a SAML mode unknown during preview", servicePrincipal({ preferredSingleSignOnMode: UNKNOWN_VALUE })],
  ])("leaves %s alone", (_case, principal) => {
    expect(violationsOf(memberOfSource, [principal, signingSettings()])).toEqual([]);
  });
});

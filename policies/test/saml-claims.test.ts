import { describe, expect, it } from "vitest";
import { samlClaims } from "../checks/saml-claims";
import { AWS_CLAIMS, UNKNOWN_VALUE, claimsDefinition, claimsPolicy, expectOneViolation, violationsOf } from "./support";

const NAME_ID = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier";
const definition = claimsDefinition;

describe("entra-claims-for-client-vpn", () => {
  it("is advisory", () => {
    expect(samlClaims.enforcementLevel).toBe("advisory");
  });

  it.each([
    ["memberOf in the wrong case", AWS_CLAIMS.map((c) => (c.SamlClaimType === "memberOf" ? { ...c, SamlClaimType: "memberof" } : c)), '"memberof"'],
    ["FirstName in the wrong case", AWS_CLAIMS.map((c) => (c.SamlClaimType === "FirstName" ? { ...c, SamlClaimType: "firstName" } : c)), '"firstName"'],
    ["no memberOf at all", AWS_CLAIMS.filter((c) => c.SamlClaimType !== "memberOf"), 'no "memberOf"'],
    ["a NameID that is not an email", AWS_CLAIMS.map((c) => (c.SamlClaimType === NAME_ID ? { ...c, ID: "objectid" } : c)), '"objectid"'],
  ])("reports a definition with %s, naming the policy and the fix", (_case, claims, problem) => {
    const offender = claimsPolicy([definition(claims)]);
    const found = expectOneViolation(violationsOf(samlClaims, [offender]), offender, "memberOf, FirstName and LastName");
    expect(found.message).toContain(problem);
  });

  it("reports a definition that is not JSON", () => {
    const offender = claimsPolicy(["{ClaimsMappingPolicy:"]);
    expectOneViolation(violationsOf(samlClaims, [offender]), offender, "memberOf");
  });

  it.each([
    ["the program's claims", AWS_CLAIMS],
    ["a NameID from mail", AWS_CLAIMS.map((c) => (c.SamlClaimType === NAME_ID ? { ...c, ID: "mail" } : c))],
    ["no explicit NameID (Entra's default)", AWS_CLAIMS.filter((c) => c.SamlClaimType !== NAME_ID)],
  ])("accepts %s", (_case, claims) => {
    expect(violationsOf(samlClaims, [claimsPolicy([definition(claims)])])).toEqual([]);
  });

  it.each([
    ["the definitions", UNKNOWN_VALUE],
    ["one definition", [UNKNOWN_VALUE]],
  ])("neither crashes nor reports when %s is unknown during preview", (_case, definitions) => {
    expect(violationsOf(samlClaims, [claimsPolicy(definitions)])).toEqual([]);
  });
});

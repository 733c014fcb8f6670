import { describe, expect, it } from "vitest";
import { claimsMappingPolicyDefinition, nameIdClaimType, samlAttributeNames } from "../components/saml-claims";

interface SchemaEntry {
  Source?: string;
  ID: string;
  SamlClaimType?: string;
  TransformationId?: string;
}
interface Transformation {
  ID: string;
  TransformationMethod: string;
  InputClaims: { ClaimTypeReferenceId: string; TransformationClaimType: string; TreatAsMultiValue?: string }[];
  OutputClaims: { ClaimTypeReferenceId: string; TransformationClaimType: string }[];
}

const policy = JSON.parse(claimsMappingPolicyDefinition()).ClaimsMappingPolicy as Record<string, unknown>;
const schema = policy.ClaimsSchema as SchemaEntry[];

describe("the claims-mapping policy definition", () => {
  it("names its transformations ClaimsTransformations, the spelling Entra accepts today (and nothing else)", () => {
    expect(Object.keys(policy).sort()).toEqual(["ClaimsSchema", "ClaimsTransformations", "IncludeBasicClaimSet", "Version"]);
  });

  it("emits the NameID from the UPN and FirstName, LastName and memberOf with AWS's exact case", () => {
    const emitted = Object.fromEntries(schema.filter((entry) => entry.SamlClaimType).map((entry) => [entry.SamlClaimType, entry.ID]));
    expect(emitted).toEqual({
      [nameIdClaimType]: "userprincipalname",
      [samlAttributeNames.firstName]: "givenname",
      [samlAttributeNames.lastName]: "surname",
      [samlAttributeNames.groups]: "memberOf",
    });
  });

  it("copies every value of the groups claim into memberOf", () => {
    const transformations = policy.ClaimsTransformations as Transformation[];
    const memberOf = schema.find((entry) => entry.SamlClaimType === "memberOf")!;
    const transformation = transformations.find((candidate) => candidate.ID === memberOf.TransformationId)!;
    expect(transformation.TransformationMethod).toBe("RegexReplace");
    expect(transformation.InputClaims).toEqual([{ ClaimTypeReferenceId: "groups", TransformationClaimType: "sourceClaim", TreatAsMultiValue: "true" }]);
    expect(transformation.OutputClaims).toEqual([{ ClaimTypeReferenceId: memberOf.ID, TransformationClaimType: "outputClaim" }]);
    // groups is declared as an input only: emitting it too would put a second, default-named group claim in the token.
    expect(schema.find((entry) => entry.ID === "groups")).toEqual({ Source: "user", ID: "groups" });
  });
});

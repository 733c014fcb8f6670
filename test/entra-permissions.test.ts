import { describe, expect, it } from "vitest";
import { deployingIdentityPermissions, groupAssignmentLicenceNote } from "../components/entra-permissions";

const grants = (route: "claims-mapping-policy" | "gallery-app") => deployingIdentityPermissions(route).map((need) => need.permissions);

describe("the Graph permissions the deploying identity needs", () => {
  it("claims-mapping-policy route: the claims-mapping policy needs Policy.Read.All besides Policy.ReadWrite.ApplicationConfiguration", () => {
    expect(grants("claims-mapping-policy")).toContain("Policy.ReadWrite.ApplicationConfiguration and Policy.Read.All");
  });

  it("gallery-app route: no claims-mapping policy, so no Policy.Read.All; instantiating needs the application permission", () => {
    expect(grants("gallery-app").some((grant) => grant.includes("Policy.Read.All"))).toBe(false);
    expect(deployingIdentityPermissions("gallery-app").find((need) => need.neededFor.startsWith("instantiating"))?.permissions).toBe(
      "Application.ReadWrite.OwnedBy or Application.ReadWrite.All",
    );
  });

  it.each(["claims-mapping-policy", "gallery-app"] as const)("%s route: group assignment needs AppRoleAssignment.ReadWrite.All (or Application.ReadWrite.All), the token issuance policy its own grant", (route) => {
    expect(grants(route)).toEqual(
      expect.arrayContaining(["AppRoleAssignment.ReadWrite.All and Application.Read.All, or Application.ReadWrite.All", "Policy.ReadWrite.ApplicationConfiguration"]),
    );
    for (const need of deployingIdentityPermissions(route)) expect(need.source, need.permissions).toMatch(/^https:\/\//);
  });

  it("says group assignment needs Entra ID P1 or P2", () => {
    expect(groupAssignmentLicenceNote).toMatch(/Microsoft Entra ID P1 or P2/);
  });
});

import { describe, expect, it } from "vitest";
import { groupClaims } from "../checks/group-claims";
import { UNKNOWN_VALUE, application, expectOneViolation, gallerySettings, violationsOf } from "./support";

describe("entra-group-claims-assigned-only", () => {
  it("is advisory", () => {
    expect(groupClaims.enforcementLevel).toBe("advisory");
  });

  it.each([["All"], ["SecurityGroup"], ["DirectoryRole"], ["ApplicationGroup", "SecurityGroup"]])(
    "reports group claims %s, naming the application and the fix",
    (...claims) => {
      const app = application({ groupMembershipClaims: claims });
      const found = expectOneViolation(violationsOf(groupClaims, [app]), app, 'groupMembershipClaims: ["ApplicationGroup"]');
      expect(found.message).toContain("150");
    },
  );

  it.each([
    ["ApplicationGroup", ["ApplicationGroup"]],
    ["None", ["None"]],
    ["unset (no groups claim)", undefined],
  ])("accepts %s", (_case, claims) => {
    expect(violationsOf(groupClaims, [application({ groupMembershipClaims: claims })])).toEqual([]);
  });

  it.each([
    ["the list", UNKNOWN_VALUE],
    ["an element", ["ApplicationGroup", UNKNOWN_VALUE]],
  ])("neither crashes nor reports when %s is unknown during preview", (_case, claims) => {
    expect(violationsOf(groupClaims, [application({ groupMembershipClaims: claims })])).toEqual([]);
  });

  it.each(["SecurityGroup", "All"])("reports gallery-app settings that show group claims %s (every group of the user)", (value) => {
    const settings = gallerySettings({ groupMembershipClaims: value });
    expectOneViolation(violationsOf(groupClaims, [settings]), settings, "GalleryAppSettings sets groupMembershipClaims back");
  });

  it("accepts gallery-app settings with app-assigned group claims", () => {
    expect(violationsOf(groupClaims, [gallerySettings()])).toEqual([]);
  });
});

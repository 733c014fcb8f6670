import { describe, expect, it } from "vitest";
import { assignmentRequired } from "../checks/assignment-required";
import { UNKNOWN_VALUE, expectOneViolation, gallerySettings, servicePrincipal, violationsOf } from "./support";

describe("entra-assignment-required", () => {
  it("is mandatory", () => {
    expect(assignmentRequired.enforcementLevel).toBe("mandatory");
  });

  it.each([
    ["false", false],
    ["unset (Graph default false)", undefined],
  ])("reports a service principal with assignment required %s, naming it and the fix", (_case, value) => {
    const principal = servicePrincipal({ appRoleAssignmentRequired: value });
    expectOneViolation(violationsOf(assignmentRequired, [principal]), principal, "appRoleAssignmentRequired: true");
  });

  it("accepts a service principal that requires assignment", () => {
    expect(violationsOf(assignmentRequired, [servicePrincipal()])).toEqual([]);
  });

  it("neither crashes nor reports when the flag is unknown during preview", () => {
    expect(violationsOf(assignmentRequired, [servicePrincipal({ appRoleAssignmentRequired: UNKNOWN_VALUE })])).toEqual([]);
  });

  it("reports gallery-app settings that show assignment no longer required (a refresh after a portal change)", () => {
    const settings = gallerySettings({ appRoleAssignmentRequired: false });
    expectOneViolation(violationsOf(assignmentRequired, [settings]), settings, "run pulumi up");
  });

  it.each([
    ["required", true],
    ["not yet known (before the first deploy)", undefined],
  ])("accepts gallery-app settings with assignment %s", (_case, value) => {
    expect(violationsOf(assignmentRequired, [gallerySettings({ appRoleAssignmentRequired: value })])).toEqual([]);
  });
});

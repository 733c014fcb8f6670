import { describe, expect, it } from "vitest";
import { identityReferenceProblems, selfServicePortalProblems } from "../components/identity-outputs";

const tenant = "11111111-2222-4333-8444-555555555555";
const identity = "acme/clientvpn-federation/acme-identity";

describe("what an endpoint stack requires of its identity stack", () => {
  it.each([
    ["a group map and the same tenant", { groups: { engineers: "3f2a9c1e-0000-4000-8000-000000000001" }, tenantId: tenant.toUpperCase() }, []],
    [
      "no group map",
      { groups: undefined, tenantId: tenant },
      [{ setting: "clientvpn-federation:identityStack", message: `${identity} exports no groups; deploy it first with mode: identity (or all)` }],
    ],
    [
      "another tenant",
      { groups: {}, tenantId: "99999999-2222-4333-8444-555555555555" },
      [{ setting: "azuread:tenantId", message: `is ${tenant} but ${identity} federates tenant 99999999-2222-4333-8444-555555555555; an endpoint signs in through its identity stack's tenant` }],
    ],
  ])("%s", (_, exported, problems) => {
    expect(identityReferenceProblems(identity, tenant, exported)).toEqual(problems);
  });
});

describe("the self-service portal across the two stacks", () => {
  it.each([
    [false, false, 0],
    [false, true, 0],
    [true, true, 0],
    [true, false, 1],
  ])("endpoint portal %s, identity accepts it %s: %i problem(s)", (wants, accepts, count) => {
    expect(selfServicePortalProblems(identity, wants, accepts)).toHaveLength(count);
  });

  it("names the setting and the fix", () => {
    expect(selfServicePortalProblems(identity, true, false)).toEqual([
      { setting: "vpn.selfServicePortal", message: `is on, but ${identity} does not accept the portal's reply URL; set azure.selfServicePortal: true there first` },
    ]);
  });
});

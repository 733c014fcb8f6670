import { describe, expect, it } from "vitest";
import { identityMarker, lookupFoundNothing } from "../components/identity-uniqueness";

describe("reading the tenant lookup", () => {
  it.each([
    ["Application not found: No applications found matching filter: \"identifierUris/any(x:x eq 'urn:amazon:webservices:clientvpn')\"", true],
    ["invocation of azuread:index/getApplication:getApplication returned an error: Application not found", true],
    ["Listing applications for filter: Authorization_RequestDenied: Insufficient privileges to complete the operation.", false],
    ["Found multiple applications matching filter", false],
    ["", false],
  ])("%s -> found nothing: %s", (text, absent) => {
    expect(lookupFoundNothing(text)).toBe(absent);
  });

  it("marks an application with the full stack name, which the check reads back", () => {
    expect(identityMarker("acme/clientvpn-federation/prod")).toMatch(/^Managed by Pulumi stack acme\/clientvpn-federation\/prod /);
  });
});

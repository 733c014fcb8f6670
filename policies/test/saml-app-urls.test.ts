import { describe, expect, it } from "vitest";
import { samlAppUrls } from "../checks/saml-app-urls";
import { UNKNOWN_VALUE, application, endpoint, expectOneViolation, galleryApplication, identifierUri, redirectUris, violationsOf } from "./support";

const LOOPBACK = "http://127.0.0.1:35001";
const PORTAL = "https://self-service.clientvpn.amazonaws.com/api/auth/sso/saml";
const GOV_PORTAL = "https://gov.self-service.clientvpn.amazonaws.com/api/auth/sso/saml";

const portalOn = endpoint({ selfServicePortal: "enabled" });
const portalOff = endpoint({ selfServicePortal: "disabled" });

describe("entra-saml-app-urls", () => {
  it("is mandatory", () => {
    expect(samlAppUrls.enforcementLevel).toBe("mandatory");
  });

  it("reports an identifier URI other than the Client VPN audience, naming it and the fix", () => {
    const identifier = identifierUri({ identifierUri: "api://clientvpn" });
    expectOneViolation(violationsOf(samlAppUrls, [identifier, redirectUris(), portalOn]), identifier, "urn:amazon:webservices:clientvpn");
  });

  it("reports an application without the Client VPN identifier URI", () => {
    const app = application();
    expectOneViolation(violationsOf(samlAppUrls, [app, redirectUris(), portalOn]), app, "ApplicationIdentifierUri");
  });

  it("reports an application without Web reply URLs", () => {
    const app = application();
    expectOneViolation(violationsOf(samlAppUrls, [app, identifierUri(), portalOn]), app, "ApplicationRedirectUris");
  });

  it.each([
    ["the loopback URL with a trailing slash", [`${LOOPBACK}/`, PORTAL], portalOn, "lacks http://127.0.0.1:35001"],
    ["an extra reply URL", [LOOPBACK, PORTAL, "https://evil.example.com/acs"], portalOn, "https://evil.example.com/acs"],
    ["no self-service URL although the portal is enabled", [LOOPBACK], portalOn, "although the self-service portal is enabled"],
    ["the self-service URL although the portal is disabled", [LOOPBACK, PORTAL], portalOff, "no endpoint enables"],
    ["both self-service URLs", [LOOPBACK, PORTAL, GOV_PORTAL], portalOn, "both the commercial and the GovCloud"],
  ])("reports Web reply URLs with %s, naming them and the fix", (_case, uris, vpn, problem) => {
    const redirects = redirectUris({ redirectUris: uris });
    const found = expectOneViolation(violationsOf(samlAppUrls, [application(), identifierUri(), redirects, vpn]), redirects, "set redirectUris to exactly");
    expect(found.message).toContain(problem);
  });

  it.each([
    ["portal enabled", [LOOPBACK, PORTAL], portalOn],
    ["portal enabled in GovCloud", [LOOPBACK, GOV_PORTAL], portalOn],
    ["portal disabled", [LOOPBACK], portalOff],
    ["portal unset (disabled)", [LOOPBACK], endpoint({ selfServicePortal: undefined })],
  ])("accepts exactly the expected reply URLs with the %s", (_case, uris, vpn) => {
    expect(violationsOf(samlAppUrls, [application(), identifierUri(), redirectUris({ redirectUris: uris }), vpn])).toEqual([]);
  });

  it("ignores reply URLs of other platform types", () => {
    const spa = redirectUris({ type: "SPA", redirectUris: ["https://app.example.com"] });
    expect(violationsOf(samlAppUrls, [application(), identifierUri(), redirectUris(), spa, portalOn])).toEqual([]);
  });

  it.each([
    ["the identifier URI", [application(), identifierUri({ identifierUri: UNKNOWN_VALUE }), redirectUris(), portalOn]],
    ["the reply URL list", [application(), identifierUri(), redirectUris({ redirectUris: UNKNOWN_VALUE }), portalOn]],
    ["one reply URL", [application(), identifierUri(), redirectUris({ redirectUris: [LOOPBACK, UNKNOWN_VALUE] }), portalOn]],
    ["the reply URL type", [application(), identifierUri(), redirectUris({ type: UNKNOWN_VALUE, redirectUris: ["https://app.example.com"] }), portalOn]],
    ["the portal setting (URLs without the portal's)", [application(), identifierUri(), redirectUris({ redirectUris: [LOOPBACK] }), endpoint({ selfServicePortal: UNKNOWN_VALUE })]],
    ["the portal setting (URLs with the portal's)", [application(), identifierUri(), redirectUris({ redirectUris: [LOOPBACK, PORTAL] }), endpoint({ selfServicePortal: UNKNOWN_VALUE })]],
  ])("neither crashes nor reports when %s is unknown during preview", (_case, resources) => {
    expect(violationsOf(samlAppUrls, resources)).toEqual([]);
  });

  it("checks the gallery app like our own: without the identifier it is reported", () => {
    const gallery = galleryApplication();
    expectOneViolation(violationsOf(samlAppUrls, [gallery, redirectUris()]), gallery, "urn:amazon:webservices:clientvpn");
  });

  it("accepts the gallery app with the identifier and the reply URLs", () => {
    expect(violationsOf(samlAppUrls, [galleryApplication(), identifierUri(), redirectUris({ redirectUris: [LOOPBACK] })])).toEqual([]);
  });
});

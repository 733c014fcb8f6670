import { describe, expect, it } from "vitest";
import { entraCloud, entraCloudNames, findEntraCloud } from "../components/entra-cloud";

const TENANT = "11bb11bb-cc22-dd33-ee44-55ff55ff55ff";

describe("entraCloud", () => {
  it.each([
    // name, canonical, login host, Graph root, SAML issuer
    ["global", "global", "login.microsoftonline.com", "https://graph.microsoft.com", `https://sts.windows.net/${TENANT}/`],
    ["public", "global", "login.microsoftonline.com", "https://graph.microsoft.com", `https://sts.windows.net/${TENANT}/`],
    ["usgovernmentl4", "usgovernmentl4", "login.microsoftonline.us", "https://graph.microsoft.us", `https://login.microsoftonline.us/${TENANT}/`],
    ["usgovernment", "usgovernmentl4", "login.microsoftonline.us", "https://graph.microsoft.us", `https://login.microsoftonline.us/${TENANT}/`],
    ["usgovernmentl5", "usgovernmentl5", "login.microsoftonline.us", "https://dod-graph.microsoft.us", `https://login.microsoftonline.us/${TENANT}/`],
    ["dod", "usgovernmentl5", "login.microsoftonline.us", "https://dod-graph.microsoft.us", `https://login.microsoftonline.us/${TENANT}/`],
    ["china", "china", "login.partner.microsoftonline.cn", "https://microsoftgraph.chinacloudapi.cn", `https://sts.chinacloudapi.cn/${TENANT}/`],
  ])("maps %s to the %s cloud", (environment, name, loginHost, graphEndpoint, issuer) => {
    const cloud = entraCloud(environment);
    expect(cloud.name).toBe(name);
    expect(cloud.loginHost).toBe(loginHost);
    expect(cloud.graphEndpoint).toBe(graphEndpoint);
    expect(cloud.samlIssuer(TENANT)).toBe(issuer);
  });

  it("lists exactly the names and aliases the azuread provider accepts", () => {
    expect([...entraCloudNames].sort()).toEqual(["china", "dod", "global", "public", "usgovernment", "usgovernmentl4", "usgovernmentl5"]);
  });

  it.each(entraCloudNames)("knows every listed name: %s", (name) => {
    expect(findEntraCloud(name)).toBeDefined();
  });

  it.each([
    ["no setting", undefined],
    ["upper case", "GLOBAL"],
    ["surrounding blanks", "  Public "],
  ])("falls back or normalises for %s", (_why, environment) => {
    expect(entraCloud(environment).name).toBe("global");
  });

  it.each([["germany"], ["usgov"], [""], ["constructor"], ["toString"], ["__proto__"]])(
    "refuses %j, naming azuread:environment and the accepted values",
    (environment) => {
      expect(findEntraCloud(environment)).toBeUndefined();
      expect(() => entraCloud(environment)).toThrow(/^azuread:environment: .*use one of global, usgovernmentl4, usgovernmentl5, china, public, usgovernment, dod$/);
    },
  );
});

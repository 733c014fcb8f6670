/**
 * The Microsoft cloud an Entra tenant lives in, and the hosts that follow from it.
 *
 * The names are the azuread provider's `environment` setting, so one stack setting
 * (`azuread:environment`) drives the provider, our Graph calls and the SAML metadata alike.
 * https://registry.terraform.io/providers/hashicorp/azuread/latest/docs#environment
 * National cloud endpoints:
 * https://learn.microsoft.com/en-us/graph/deployments#microsoft-graph-and-graph-explorer-service-root-endpoints
 * https://learn.microsoft.com/en-us/entra/identity-platform/authentication-national-cloud#microsoft-entra-authentication-endpoints
 */
export type EntraCloudName = "global" | "usgovernmentl4" | "usgovernmentl5" | "china";

export interface EntraCloud {
  name: EntraCloudName;
  /** Sign-in host: SAML SSO endpoint and OAuth token endpoint. */
  loginHost: string;
  /** Microsoft Graph service root, without a version segment. */
  graphEndpoint: string;
  /** Issuer Entra writes into SAML responses, which IAM matches against the metadata's entityID. */
  samlIssuer(tenantId: string): string;
}

const clouds: Record<EntraCloudName, EntraCloud> = {
  global: {
    name: "global",
    loginHost: "login.microsoftonline.com",
    graphEndpoint: "https://graph.microsoft.com",
    samlIssuer: (tenantId) => `https://sts.windows.net/${tenantId}/`,
  },
  usgovernmentl4: {
    name: "usgovernmentl4",
    loginHost: "login.microsoftonline.us",
    graphEndpoint: "https://graph.microsoft.us",
    samlIssuer: (tenantId) => `https://login.microsoftonline.us/${tenantId}/`,
  },
  usgovernmentl5: {
    name: "usgovernmentl5",
    loginHost: "login.microsoftonline.us",
    graphEndpoint: "https://dod-graph.microsoft.us",
    samlIssuer: (tenantId) => `https://login.microsoftonline.us/${tenantId}/`,
  },
  china: {
    name: "china",
    loginHost: "login.chinacloudapi.cn",
    graphEndpoint: "https://microsoftgraph.chinacloudapi.cn",
    samlIssuer: (tenantId) => `https://sts.chinacloudapi.cn/${tenantId}/`,
  },
};

/** The azuread provider accepts these aliases for the same clouds. */
const aliases: Record<string, EntraCloudName> = {
  public: "global",
  usgovernment: "usgovernmentl4",
  dod: "usgovernmentl5",
};

export const entraCloudNames: readonly string[] = [...Object.keys(clouds), ...Object.keys(aliases)];

/** Returns the cloud for an `azuread:environment` value, or undefined when the value names none. */
export function findEntraCloud(environment: string | undefined): EntraCloud | undefined {
  const key = (environment ?? "global").trim().toLowerCase();
  const name = (aliases[key] ?? key) as EntraCloudName;
  return clouds[name];
}

export function entraCloud(environment: string | undefined): EntraCloud {
  const cloud = findEntraCloud(environment);
  if (!cloud) {
    throw new Error(
      `azuread:environment: "${environment}" is not a cloud the azuread provider knows; use one of ${entraCloudNames.join(", ")}`,
    );
  }
  return cloud;
}

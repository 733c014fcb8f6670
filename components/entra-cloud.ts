/**
 * The Microsoft cloud an Entra tenant lives in, and the hosts that follow from it.
 *
 * The names are the azuread provider's `environment` setting, so one stack setting
 * (`azuread:environment`) drives the provider, our Graph calls and the SAML metadata alike.
 * Names and aliases: the provider's own docs (node_modules/@pulumi/azuread/config/vars.d.ts,
 * https://www.pulumi.com/registry/packages/azuread/installation-configuration/#configuration-options):
 * `global` (also `public`), `usgovernmentl4` (also `usgovernment`), `usgovernmentl5` (also `dod`), `china`.
 *
 * Sign-in hosts (Microsoft Entra authentication endpoints):
 * https://learn.microsoft.com/en-us/entra/identity-platform/authentication-national-cloud#microsoft-entra-authentication-endpoints
 * Graph service roots:
 * https://learn.microsoft.com/en-us/graph/deployments#microsoft-graph-and-graph-explorer-service-root-endpoints
 * SAML issuers: see each cloud below.
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
    // "This is set to https://sts.windows.net/<TenantIDGUID>/":
    // https://learn.microsoft.com/en-us/entra/identity-platform/single-sign-on-saml-protocol#issuer-1
    // and the entityID of Entra's metadata, which equals the issuer:
    // https://learn.microsoft.com/en-us/entra/identity-platform/federation-metadata#entity-id
    samlIssuer: (tenantId) => `https://sts.windows.net/${tenantId}/`,
  },
  // UNVERIFIED: no Microsoft page found that states the SAML issuer in Azure Government. The value
  // `https://login.microsoftonline.us/<tenant>/` is what the Entra admin center for US Government is
  // reported to show as "Microsoft Entra Identifier"; compare it with the entityID of your app's
  // federation metadata (federationMetadataUrl) before relying on it.
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
    // The Entra national-cloud page names login.partner.microsoftonline.cn, and Azure China publishes its
    // federation metadata there: https://docs.azure.cn/en-us/entra/identity-platform/federation-metadata
    // (the older login.chinacloudapi.cn, still listed on the Graph deployments page, serves too).
    loginHost: "login.partner.microsoftonline.cn",
    graphEndpoint: "https://microsoftgraph.chinacloudapi.cn",
    // Azure China's SAML sample responses carry this issuer (single sign-out reference, LogoutResponse Issuer):
    // https://docs.azure.cn/en-us/entra/identity-platform/single-sign-out-saml-protocol
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
  const name = Object.hasOwn(aliases, key) ? aliases[key] : key;
  // Own keys only: "constructor" or "toString" must not find Object.prototype's members.
  return Object.hasOwn(clouds, name) ? clouds[name as EntraCloudName] : undefined;
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

/**
 * The azuread provider settings our Graph sign-in reads (credential-source.ts chooses among them), picked out
 * of the stack config a dynamic provider's `configure` receives.
 *
 * A module of its own because both dynamic providers capture it, and Pulumi serializes what a provider captures
 * (@pulumi/pulumi runtime/closure/createClosure.js). Under tsx (`npm run plan`) a captured module brings all its
 * exports along: esbuild's CommonJS export getters read `from[key]`, so the serializer takes the whole export
 * object. Importing these keys from saml-signing-provider.ts made the gallery-app provider's text carry the whole
 * SAML signing provider. (TypeScript's CommonJS output, which `pulumi up` runs through ts-node, exports plain
 * properties, and the serializer takes only the ones used.)
 */

/** The azuread provider settings our credential choice reads from the stack config. */
export const azureadCredentialKeys = [
  "clientId",
  "clientSecret",
  "clientCertificatePath",
  "clientCertificatePassword",
  "useOidc",
  "oidcToken",
  "oidcTokenFilePath",
  "oidcRequestToken",
  "oidcRequestUrl",
  "useMsi",
  "useCli",
];

/**
 * The credential settings of a stack config, keys with their namespace (`azuread:clientId`). Dynamic providers
 * receive the whole stack config (pulumi/pulumi#17697), secrets decrypted: only these are kept.
 */
export function azureadCredentialConfig(config: { get(key: string): string | undefined }): Record<string, string | undefined> {
  const azureadConfig: Record<string, string | undefined> = {};
  for (const key of azureadCredentialKeys) azureadConfig[`azuread:${key}`] = config.get(`azuread:${key}`);
  return azureadConfig;
}

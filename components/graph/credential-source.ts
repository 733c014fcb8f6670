/**
 * Which credential our Graph calls use, chosen from what an operator already gave the azuread provider:
 * its stack config (`azuread:*`) and the ARM_* / AZURE_* environment variables. Pure: the secrets
 * themselves are not copied into the choice, only where to read them, so a choice can be printed.
 *
 * The order is the azuread provider's (hashicorp/go-azure-sdk `auth.NewAuthorizer`): client certificate,
 * client secret, OIDC token, GitHub OIDC, managed identity, Azure CLI.
 * https://github.com/hashicorp/go-azure-sdk/blob/main/sdk/auth/auth.go
 * Config keys and variables: https://www.pulumi.com/registry/packages/azuread/installation-configuration/
 * and https://registry.terraform.io/providers/hashicorp/azuread/latest/docs#argument-reference
 * AZURE_* (the Azure SDKs' EnvironmentCredential variables) come after the ARM_* service-principal
 * sources and before managed identity and the CLI:
 * https://learn.microsoft.com/en-us/javascript/api/@azure/identity/environmentcredential
 */

/** Where a secret lives; resolved only when the credential is built. */
export interface SecretRef {
  from: "config" | "env";
  name: string;
}

export type CredentialChoice =
  | { kind: "client-certificate"; clientId: string; certificatePath: string; password?: SecretRef; origin: string }
  | { kind: "client-secret"; clientId: string; secret: SecretRef; origin: string }
  | { kind: "oidc-token"; clientId: string; token: SecretRef; origin: string }
  | { kind: "oidc-token-file"; clientId: string; tokenFilePath: string; origin: string }
  | { kind: "github-oidc"; clientId: string; requestUrl: string; requestToken: SecretRef; origin: string }
  | { kind: "managed-identity"; clientId?: string; origin: string }
  | { kind: "azure-cli"; origin: string };

export interface CredentialSources {
  /** Stack config, keys with their namespace (`azuread:clientId`). */
  config: Readonly<Record<string, string | undefined>>;
  env: Readonly<Record<string, string | undefined>>;
}

interface Found {
  value: string;
  ref: SecretRef;
}

/** Config wins over the environment, as in the provider (env vars are its defaults). */
function lookup(sources: CredentialSources, configKey: string | undefined, envNames: string[]): Found | undefined {
  if (configKey) {
    const value = sources.config[`azuread:${configKey}`]?.trim();
    if (value) return { value, ref: { from: "config", name: `azuread:${configKey}` } };
  }
  for (const name of envNames) {
    const value = sources.env[name]?.trim();
    if (value) return { value, ref: { from: "env", name } };
  }
  return undefined;
}

function flag(sources: CredentialSources, configKey: string, envName: string, fallback: boolean): boolean {
  const found = lookup(sources, configKey, [envName]);
  if (!found) return fallback;
  return ["true", "1", "yes"].includes(found.value.toLowerCase());
}

export class NoCredentialError extends Error {
  constructor() {
    super(
      "No credential for Microsoft Graph: set one of the azuread provider's sign-in settings. " +
        "Service principal: ARM_CLIENT_ID (or azuread:clientId) with ARM_CLIENT_SECRET / ARM_CLIENT_CERTIFICATE_PATH; " +
        "OIDC: ARM_USE_OIDC=true with ARM_OIDC_TOKEN, ARM_OIDC_TOKEN_FILE_PATH or GitHub Actions' id-token permission; " +
        "AZURE_CLIENT_ID with AZURE_CLIENT_SECRET / AZURE_CLIENT_CERTIFICATE_PATH / AZURE_FEDERATED_TOKEN_FILE; " +
        "ARM_USE_MSI=true on an Azure host; or `az login` (not disabled with ARM_USE_CLI=false).",
    );
    this.name = "NoCredentialError";
  }
}

/** Picks the credential, or throws NoCredentialError naming every way to provide one. */
export function chooseCredential(sources: CredentialSources): CredentialChoice {
  const armClientId = lookup(sources, "clientId", ["ARM_CLIENT_ID"]);
  if (armClientId) {
    const certificatePath = lookup(sources, "clientCertificatePath", ["ARM_CLIENT_CERTIFICATE_PATH"]);
    if (certificatePath) {
      return {
        kind: "client-certificate",
        clientId: armClientId.value,
        certificatePath: certificatePath.value,
        password: lookup(sources, "clientCertificatePassword", ["ARM_CLIENT_CERTIFICATE_PASSWORD"])?.ref,
        origin: `${armClientId.ref.name} + ${certificatePath.ref.name}`,
      };
    }
    const secret = lookup(sources, "clientSecret", ["ARM_CLIENT_SECRET"]);
    if (secret) {
      return { kind: "client-secret", clientId: armClientId.value, secret: secret.ref, origin: `${armClientId.ref.name} + ${secret.ref.name}` };
    }
    if (flag(sources, "useOidc", "ARM_USE_OIDC", false)) {
      const token = lookup(sources, "oidcToken", ["ARM_OIDC_TOKEN"]);
      if (token) {
        return { kind: "oidc-token", clientId: armClientId.value, token: token.ref, origin: `${armClientId.ref.name} + ${token.ref.name}` };
      }
      const tokenFile = lookup(sources, "oidcTokenFilePath", ["ARM_OIDC_TOKEN_FILE_PATH"]);
      if (tokenFile) {
        return {
          kind: "oidc-token-file",
          clientId: armClientId.value,
          tokenFilePath: tokenFile.value,
          origin: `${armClientId.ref.name} + ${tokenFile.ref.name}`,
        };
      }
      const requestUrl = lookup(sources, "oidcRequestUrl", ["ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL"]);
      const requestToken = lookup(sources, "oidcRequestToken", ["ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"]);
      if (requestUrl && requestToken) {
        return {
          kind: "github-oidc",
          clientId: armClientId.value,
          requestUrl: requestUrl.value,
          requestToken: requestToken.ref,
          origin: `${armClientId.ref.name} + ${requestUrl.ref.name}`,
        };
      }
    }
  }
  const azureClientId = lookup(sources, undefined, ["AZURE_CLIENT_ID"]);
  if (azureClientId) {
    const secret = lookup(sources, undefined, ["AZURE_CLIENT_SECRET"]);
    if (secret) return { kind: "client-secret", clientId: azureClientId.value, secret: secret.ref, origin: "AZURE_CLIENT_ID + AZURE_CLIENT_SECRET" };
    const certificatePath = lookup(sources, undefined, ["AZURE_CLIENT_CERTIFICATE_PATH"]);
    if (certificatePath) {
      return {
        kind: "client-certificate",
        clientId: azureClientId.value,
        certificatePath: certificatePath.value,
        password: lookup(sources, undefined, ["AZURE_CLIENT_CERTIFICATE_PASSWORD"])?.ref,
        origin: "AZURE_CLIENT_ID + AZURE_CLIENT_CERTIFICATE_PATH",
      };
    }
    const tokenFile = lookup(sources, undefined, ["AZURE_FEDERATED_TOKEN_FILE"]);
    if (tokenFile) {
      return { kind: "oidc-token-file", clientId: azureClientId.value, tokenFilePath: tokenFile.value, origin: "AZURE_CLIENT_ID + AZURE_FEDERATED_TOKEN_FILE" };
    }
  }
  if (flag(sources, "useMsi", "ARM_USE_MSI", false)) {
    // A user-assigned identity is named by its client id; without one the system-assigned identity is used.
    return { kind: "managed-identity", clientId: armClientId?.value, origin: armClientId ? `ARM_USE_MSI + ${armClientId.ref.name}` : "ARM_USE_MSI" };
  }
  if (flag(sources, "useCli", "ARM_USE_CLI", true)) {
    return { kind: "azure-cli", origin: "Azure CLI login (az login)" };
  }
  throw new NoCredentialError();
}

/** A one-line description that is safe to print: names of settings, never their secret values. */
export function describeCredential(choice: CredentialChoice): string {
  const who = "clientId" in choice && choice.clientId ? ` for client ${choice.clientId}` : "";
  return `${choice.kind}${who} (from ${choice.origin})`;
}

/** Reads a secret named by a SecretRef. */
export function readSecret(ref: SecretRef, sources: CredentialSources): string {
  const value = (ref.from === "config" ? sources.config[ref.name] : sources.env[ref.name])?.trim();
  if (!value) throw new Error(`${ref.name} is empty; set it or remove the setting that selects it`);
  return value;
}

/**
 * Turns a CredentialChoice into an @azure/identity credential and a Graph token getter for one tenant
 * in one national cloud. @azure/identity is required inside the functions: this module is captured by
 * the dynamic provider's closure, so the package stays a `require("@azure/identity")` in the serialized
 * text (never inlined) and is loaded in the provider process only when a token is first needed.
 */
import type { TokenCredential } from "@azure/identity";
import type { EntraCloud } from "../entra-cloud";
import { type CredentialChoice, type CredentialSources, describeCredential, readSecret } from "./credential-source";

export interface GraphTarget {
  tenantId: string;
  cloud: EntraCloud;
}

/**
 * Graph's app-only scope is the service root plus `/.default`; it follows the cloud.
 * https://learn.microsoft.com/en-us/graph/deployments#microsoft-graph-and-graph-explorer-service-root-endpoints
 * https://learn.microsoft.com/en-us/entra/identity-platform/scopes-oidc#the-default-scope
 */
export function graphScope(cloud: EntraCloud): string {
  return `${cloud.graphEndpoint}/.default`;
}

/** Graph v1.0 service root of a cloud. */
export function graphBaseUrl(cloud: EntraCloud): string {
  return `${cloud.graphEndpoint}/v1.0`;
}

/**
 * Options for @azure/identity: sign in at the cloud's own login host.
 * https://learn.microsoft.com/en-us/entra/identity-platform/authentication-national-cloud#microsoft-entra-authentication-endpoints
 */
export function credentialOptions(cloud: EntraCloud): { authorityHost: string } {
  return { authorityHost: `https://${cloud.loginHost}` };
}

/**
 * Audience Entra expects in a federated (OIDC) assertion.
 * https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation-create-trust#important-considerations-and-restrictions
 */
export const federatedTokenAudience = "api://AzureADTokenExchange";

/**
 * How long one token fetch may take, the GitHub OIDC request and the Entra sign-in included. A sign-in
 * that hangs (a metadata endpoint that never answers, a CLI waiting for input) would otherwise hold the
 * whole `pulumi up` or drift job: the Graph client's own deadline starts only once it has a token.
 */
export const tokenTimeoutMs = 60_000;

function duration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

/**
 * Asks GitHub Actions for an OIDC token: GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=... with
 * "Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN"; the answer is {"value": "<jwt>"}.
 * https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-cloud-providers#requesting-the-jwt-using-environment-variables
 */
export async function requestGitHubIdToken(
  requestUrl: string,
  requestToken: string,
  audience = federatedTokenAudience,
  timeoutMs = tokenTimeoutMs,
): Promise<string> {
  const url = new URL(requestUrl);
  url.searchParams.set("audience", audience);
  let response: Response;
  let text: string;
  try {
    // One deadline for the answer and its body: a server that stalls mid-body is as stuck as a silent one.
    const signal = AbortSignal.timeout(timeoutMs);
    response = await fetch(url, { headers: { authorization: `bearer ${requestToken}`, accept: "application/json" }, signal });
    text = await response.text();
  } catch (error) {
    if ((error as Error).name === "TimeoutError") {
      throw new Error(`GitHub Actions did not answer the OIDC token request within ${duration(timeoutMs)}`);
    }
    throw new Error(`GitHub Actions' OIDC token request failed: ${(error as Error).message}`);
  }
  if (!response.ok) throw new Error(`GitHub Actions refused an OIDC token: HTTP ${response.status}`);
  let body: { value?: unknown };
  try {
    body = JSON.parse(text) as { value?: unknown };
  } catch {
    throw new Error("GitHub Actions answered the OIDC token request with something other than JSON");
  }
  if (typeof body.value !== "string" || !body.value) throw new Error("GitHub Actions answered without an OIDC token");
  return body.value;
}

/**
 * @azure/identity's ClientCertificateCredential reads PEM only, while the azuread provider's
 * ARM_CLIENT_CERTIFICATE_PATH is usually PKCS#12; say how to convert instead of failing obscurely.
 * https://learn.microsoft.com/en-us/javascript/api/@azure/identity/clientcertificatecredential
 */
async function requirePemCertificate(path: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy and closure-serializable
  const fs: typeof import("node:fs/promises") = require("node:fs/promises");
  const head = (await fs.readFile(path)).subarray(0, 4096).toString("latin1");
  if (!head.includes("-----BEGIN")) {
    throw new Error(
      `${path} is not a PEM file. Graph calls read the client certificate as PEM (certificate and private key); ` +
        `convert it with \`openssl pkcs12 -in ${path} -out client.pem -nodes\` and point AZURE_CLIENT_CERTIFICATE_PATH at client.pem`,
    );
  }
}

export async function createTokenCredential(
  choice: CredentialChoice,
  sources: CredentialSources,
  target: GraphTarget,
): Promise<TokenCredential> {
  // require(), not import(): Pulumi serializes this provider's closure, and a bundler's dynamic
  // import helper (vitest's, for one) cannot be serialized while require() always can.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const identity: typeof import("@azure/identity") = require("@azure/identity");
  const options = credentialOptions(target.cloud);
  switch (choice.kind) {
    case "client-certificate":
      await requirePemCertificate(choice.certificatePath);
      return new identity.ClientCertificateCredential(
        target.tenantId,
        choice.clientId,
        { certificatePath: choice.certificatePath, certificatePassword: choice.password && readSecret(choice.password, sources) },
        options,
      );
    case "client-secret":
      return new identity.ClientSecretCredential(target.tenantId, choice.clientId, readSecret(choice.secret, sources), options);
    case "oidc-token":
      return new identity.ClientAssertionCredential(target.tenantId, choice.clientId, async () => readSecret(choice.token, sources), options);
    case "oidc-token-file": {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy and closure-serializable
      const fs: typeof import("node:fs/promises") = require("node:fs/promises");
      // Read on every token request: workload-identity token files are rotated in place.
      return new identity.ClientAssertionCredential(
        target.tenantId,
        choice.clientId,
        async () => (await fs.readFile(choice.tokenFilePath, "utf8")).trim(),
        options,
      );
    }
    case "github-oidc":
      return new identity.ClientAssertionCredential(
        target.tenantId,
        choice.clientId,
        () => requestGitHubIdToken(choice.requestUrl, readSecret(choice.requestToken, sources)),
        options,
      );
    case "managed-identity":
      return choice.clientId ? new identity.ManagedIdentityCredential({ clientId: choice.clientId }) : new identity.ManagedIdentityCredential();
    case "azure-cli":
      // The CLI credential runs `az` as a child process; its own limit keeps a stuck `az` from lingering.
      return new identity.AzureCliCredential({ tenantId: target.tenantId, processTimeoutInMs: tokenTimeoutMs });
  }
}

/**
 * A token getter for GraphClient. The credential is built on first use and reused (it caches tokens and
 * renews them); failures name the credential source, never a secret.
 */
export function graphTokenGetter(
  choice: CredentialChoice,
  sources: CredentialSources,
  target: GraphTarget,
  options: { timeoutMs?: number; create?: typeof createTokenCredential } = {},
): () => Promise<string> {
  const timeoutMs = options.timeoutMs ?? tokenTimeoutMs;
  const create = options.create ?? createTokenCredential;
  let credential: Promise<TokenCredential> | undefined;
  return async () => {
    try {
      credential ??= create(choice, sources, target);
      const current = await credential;
      // abortSignal is honoured by the credentials that make HTTP calls; the race also bounds one that
      // does not (https://learn.microsoft.com/en-us/javascript/api/@azure/core-auth/gettokenoptions).
      const abort = new AbortController();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          abort.abort();
          reject(new Error(`no token within ${duration(timeoutMs)}`));
        }, timeoutMs);
      });
      let token;
      try {
        token = await Promise.race([current.getToken(graphScope(target.cloud), { abortSignal: abort.signal }), timeout]);
      } finally {
        clearTimeout(timer);
      }
      if (!token) throw new Error("the credential returned no token");
      return token.token;
    } catch (error) {
      throw new Error(
        `Could not get a Microsoft Graph token for tenant ${target.tenantId} with ${describeCredential(choice)}: ${(error as Error).message}`,
      );
    }
  };
}

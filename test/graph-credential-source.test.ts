import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { entraCloud } from "../components/entra-cloud";
import {
  chooseCredential,
  type CredentialChoice,
  type CredentialSources,
  describeCredential,
  NoCredentialError,
  readSecret,
} from "../components/graph/credential-source";
import { connectToGraph } from "../components/graph/graph-connect";
import { credentialOptions, graphBaseUrl, graphScope, graphTokenGetter, requestGitHubIdToken } from "../components/graph/graph-credential";

const sp = { ARM_CLIENT_ID: "11111111-1111-4111-8111-111111111111" };

function sources(env: Record<string, string>, config: Record<string, string> = {}): CredentialSources {
  return { env, config };
}

describe("chooseCredential", () => {
  // Expected fields of the choice; `origin` is checked where it matters.
  const cases: Array<[string, CredentialSources, Partial<Record<string, unknown>> & { kind: CredentialChoice["kind"] }]> = [
    [
      "client certificate beats client secret (azuread's order)",
      sources({ ...sp, ARM_CLIENT_CERTIFICATE_PATH: "/c.pem", ARM_CLIENT_CERTIFICATE_PASSWORD: "pw", ARM_CLIENT_SECRET: "s" }),
      { kind: "client-certificate", clientId: sp.ARM_CLIENT_ID, certificatePath: "/c.pem", password: { from: "env", name: "ARM_CLIENT_CERTIFICATE_PASSWORD" } },
    ],
    [
      "client secret from the environment",
      sources({ ...sp, ARM_CLIENT_SECRET: "s" }),
      { kind: "client-secret", clientId: sp.ARM_CLIENT_ID, secret: { from: "env", name: "ARM_CLIENT_SECRET" }, origin: "ARM_CLIENT_ID + ARM_CLIENT_SECRET" },
    ],
    [
      "stack config wins over the environment",
      sources({ ARM_CLIENT_ID: "env-client", ARM_CLIENT_SECRET: "env-secret" }, { "azuread:clientId": "cfg-client", "azuread:clientSecret": "cfg-secret" }),
      { kind: "client-secret", clientId: "cfg-client", secret: { from: "config", name: "azuread:clientSecret" } },
    ],
    [
      "OIDC token",
      sources({ ...sp, ARM_USE_OIDC: "true", ARM_OIDC_TOKEN: "jwt" }),
      { kind: "oidc-token", clientId: sp.ARM_CLIENT_ID, token: { from: "env", name: "ARM_OIDC_TOKEN" } },
    ],
    [
      "OIDC token file",
      sources({ ...sp, ARM_USE_OIDC: "true", ARM_OIDC_TOKEN_FILE_PATH: "/var/run/token" }),
      { kind: "oidc-token-file", clientId: sp.ARM_CLIENT_ID, tokenFilePath: "/var/run/token" },
    ],
    [
      "GitHub Actions OIDC",
      sources({ ...sp, ARM_USE_OIDC: "true", ACTIONS_ID_TOKEN_REQUEST_URL: "https://gh/token?x=1", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "bearer" }),
      {
        kind: "github-oidc",
        clientId: sp.ARM_CLIENT_ID,
        requestUrl: "https://gh/token?x=1",
        requestToken: { from: "env", name: "ACTIONS_ID_TOKEN_REQUEST_TOKEN" },
      },
    ],
    [
      "GitHub variables without ARM_USE_OIDC fall through to the CLI",
      sources({ ...sp, ACTIONS_ID_TOKEN_REQUEST_URL: "https://gh/token", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "bearer" }),
      { kind: "azure-cli" },
    ],
    [
      "AZURE_* client secret (EnvironmentCredential variables)",
      sources({ AZURE_CLIENT_ID: "az-client", AZURE_CLIENT_SECRET: "s" }),
      { kind: "client-secret", clientId: "az-client", secret: { from: "env", name: "AZURE_CLIENT_SECRET" } },
    ],
    [
      "AZURE_* certificate",
      sources({ AZURE_CLIENT_ID: "az-client", AZURE_CLIENT_CERTIFICATE_PATH: "/az.pem" }),
      { kind: "client-certificate", clientId: "az-client", certificatePath: "/az.pem", password: undefined },
    ],
    [
      "AZURE_* workload identity token file",
      sources({ AZURE_CLIENT_ID: "az-client", AZURE_FEDERATED_TOKEN_FILE: "/var/run/azure/token" }),
      { kind: "oidc-token-file", clientId: "az-client", tokenFilePath: "/var/run/azure/token" },
    ],
    [
      "ARM service principal beats AZURE_* variables",
      sources({ ...sp, ARM_CLIENT_SECRET: "arm", AZURE_CLIENT_ID: "az-client", AZURE_CLIENT_SECRET: "az" }),
      { kind: "client-secret", clientId: sp.ARM_CLIENT_ID, secret: { from: "env", name: "ARM_CLIENT_SECRET" } },
    ],
    ["system-assigned managed identity", sources({ ARM_USE_MSI: "true" }), { kind: "managed-identity", clientId: undefined }],
    ["user-assigned managed identity", sources({ ...sp, ARM_USE_MSI: "true" }), { kind: "managed-identity", clientId: sp.ARM_CLIENT_ID }],
    ["managed identity from config", sources({}, { "azuread:useMsi": "true" }), { kind: "managed-identity", clientId: undefined }],
    ["Azure CLI when nothing else is set", sources({}), { kind: "azure-cli" }],
    ["a client id alone is not a credential", sources({ ...sp }), { kind: "azure-cli" }],
  ];

  it.each(cases)("%s", (_name, input, expected) => {
    expect(chooseCredential(input)).toMatchObject(expected);
  });

  it("refuses when the CLI is disabled and nothing else is set, listing every way", () => {
    expect(() => chooseCredential(sources({ ARM_USE_CLI: "false" }))).toThrow(NoCredentialError);
    expect(() => chooseCredential(sources({}, { "azuread:useCli": "false" }))).toThrow(/ARM_CLIENT_SECRET.*ARM_USE_OIDC.*AZURE_CLIENT_ID.*ARM_USE_MSI.*az login/);
  });

  it("describes a choice by setting names only, never secret values", () => {
    const secretValue = "s3cr3t-value";
    for (const input of [
      sources({ ...sp, ARM_CLIENT_SECRET: secretValue }),
      sources({ ...sp, ARM_USE_OIDC: "1", ARM_OIDC_TOKEN: secretValue }),
      sources({ ...sp, ARM_CLIENT_CERTIFICATE_PATH: "/c.pem", ARM_CLIENT_CERTIFICATE_PASSWORD: secretValue }),
    ]) {
      const choice = chooseCredential(input);
      expect(JSON.stringify(choice)).not.toContain(secretValue);
      expect(describeCredential(choice)).not.toContain(secretValue);
    }
    expect(describeCredential(chooseCredential(sources({ ...sp, ARM_CLIENT_SECRET: secretValue })))).toBe(
      `client-secret for client ${sp.ARM_CLIENT_ID} (from ARM_CLIENT_ID + ARM_CLIENT_SECRET)`,
    );
  });

  it("reads a secret where the choice says it lives", () => {
    const input = sources({ ARM_CLIENT_SECRET: "from-env" }, { "azuread:clientSecret": "from-config" });
    expect(readSecret({ from: "config", name: "azuread:clientSecret" }, input)).toBe("from-config");
    expect(readSecret({ from: "env", name: "ARM_CLIENT_SECRET" }, input)).toBe("from-env");
    expect(() => readSecret({ from: "env", name: "ARM_OIDC_TOKEN" }, input)).toThrow(/ARM_OIDC_TOKEN is empty/);
  });
});

describe("national clouds", () => {
  it.each([
    ["global", "https://graph.microsoft.com/.default", "https://graph.microsoft.com/v1.0", "https://login.microsoftonline.com"],
    ["usgovernmentl4", "https://graph.microsoft.us/.default", "https://graph.microsoft.us/v1.0", "https://login.microsoftonline.us"],
    ["usgovernmentl5", "https://dod-graph.microsoft.us/.default", "https://dod-graph.microsoft.us/v1.0", "https://login.microsoftonline.us"],
    ["china", "https://microsoftgraph.chinacloudapi.cn/.default", "https://microsoftgraph.chinacloudapi.cn/v1.0", "https://login.partner.microsoftonline.cn"],
  ])("%s: scope %s, service root %s, authority %s", (environment, scope, baseUrl, authorityHost) => {
    expect(graphScope(entraCloud(environment))).toBe(scope);
    expect(graphBaseUrl(entraCloud(environment))).toBe(baseUrl);
    expect(credentialOptions(entraCloud(environment))).toEqual({ authorityHost });
  });

  it("connects to the Graph root of the stack's cloud", () => {
    const graph = connectToGraph({ tenantId: "t", environment: "china" }, {}, { ARM_USE_CLI: "true" });
    expect(graph.odataId("/policies/tokenIssuancePolicies/p")).toBe("https://microsoftgraph.chinacloudapi.cn/v1.0/policies/tokenIssuancePolicies/p");
  });

  it("refuses to connect without any credential source, before any call", () => {
    expect(() => connectToGraph({ tenantId: "t", environment: "global" }, { "azuread:useCli": "false" }, {})).toThrow(NoCredentialError);
  });
});

describe("token acquisition without a network", () => {
  it("explains how to convert a PKCS#12 certificate, naming the source but not the password", async () => {
    const dir = mkdtempSync(join(tmpdir(), "graph-cert-"));
    const pfx = join(dir, "client.pfx");
    writeFileSync(pfx, Buffer.from([0x30, 0x82, 0x0a, 0x00, 0x02, 0x01, 0x03]));
    const input = sources({ ...sp, ARM_CLIENT_CERTIFICATE_PATH: pfx, ARM_CLIENT_CERTIFICATE_PASSWORD: "pfx-password" });

    const getToken = graphTokenGetter(chooseCredential(input), input, { tenantId: "t", cloud: entraCloud("global") });
    const error = (await getToken().catch((e: unknown) => e)) as Error;

    expect(error.message).toContain("Could not get a Microsoft Graph token for tenant t with client-certificate");
    expect(error.message).toContain("(from ARM_CLIENT_ID + ARM_CLIENT_CERTIFICATE_PATH)");
    expect(error.message).toContain("openssl pkcs12");
    expect(error.message).not.toContain("pfx-password");
  });

  it("requests a GitHub Actions OIDC token with the Entra audience and the request token", async () => {
    const seen: IncomingMessage[] = [];
    const server = createServer((req, res) => {
      seen.push(req);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ count: 1, value: "github-jwt" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const token = await requestGitHubIdToken(`http://127.0.0.1:${port}/_apis/token?api-version=2.0`, "request-token");

      expect(token).toBe("github-jwt");
      expect(seen).toHaveLength(1);
      const url = new URL(seen[0].url!, "http://127.0.0.1");
      expect(url.pathname).toBe("/_apis/token");
      expect(Object.fromEntries(url.searchParams)).toEqual({ "api-version": "2.0", audience: "api://AzureADTokenExchange" });
      expect(seen[0].headers.authorization).toBe("bearer request-token");
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("gives up on a GitHub token endpoint that never answers, within the timeout", async () => {
    const server = createServer(() => {
      // never answers
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      await expect(requestGitHubIdToken(`http://127.0.0.1:${port}/token?x=1`, "t", undefined, 20)).rejects.toThrow(
        "GitHub Actions did not answer the OIDC token request within 20 ms",
      );
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("gives up on a sign-in that hangs, naming the credential source and the limit", async () => {
    const input = sources({ ...sp, ARM_CLIENT_SECRET: "hang-secret" });
    const hanging = { getToken: () => new Promise<never>(() => undefined) };
    const getToken = graphTokenGetter(chooseCredential(input), input, { tenantId: "t", cloud: entraCloud("global") }, {
      timeoutMs: 20,
      create: async () => hanging,
    });

    const error = (await getToken().catch((e: unknown) => e)) as Error;

    expect(error.message).toBe(
      "Could not get a Microsoft Graph token for tenant t with client-secret for client 11111111-1111-4111-8111-111111111111 (from ARM_CLIENT_ID + ARM_CLIENT_SECRET): no token within 20 ms",
    );
  });

  it("passes the abort signal to the credential, so an HTTP sign-in is cancelled at the limit", async () => {
    const input = sources({ ...sp, ARM_CLIENT_SECRET: "s" });
    let signal: AbortSignal | undefined;
    const hanging = {
      getToken: (_scope: string | string[], options?: { abortSignal?: AbortSignal }) => {
        signal = options?.abortSignal;
        return new Promise<never>(() => undefined);
      },
    };
    const getToken = graphTokenGetter(chooseCredential(input), input, { tenantId: "t", cloud: entraCloud("global") }, { timeoutMs: 20, create: async () => hanging });

    await expect(getToken()).rejects.toThrow(/no token within/);
    expect(signal?.aborted).toBe(true);
  });

  it("fails clearly when GitHub refuses the token request", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(403);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      await expect(requestGitHubIdToken(`http://127.0.0.1:${port}/token?x=1`, "t")).rejects.toThrow("GitHub Actions refused an OIDC token: HTTP 403");
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

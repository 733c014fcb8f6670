import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import { runInThisContext } from "node:vm";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SamlSigningSettings as SamlSigningSettingsClass } from "../components/graph/saml-signing-settings";
import { GraphClient } from "../components/graph/graph-client";
import { FakeGraphServer, fakeToken } from "./support/fake-graph-server";
import { type DeclaredResource, installMocks, valueOf } from "./support/pulumi-mocks";

const tenantId = "0a1b2c3d-0000-4000-8000-000000000001";
const applicationObjectId = "0a1b2c3d-0000-4000-8000-0000000000aa";
const servicePrincipalObjectId = "0a1b2c3d-0000-4000-8000-0000000000bb";
const thumbprint = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678";

describe("SamlSigningSettings under mocks", () => {
  let resources: DeclaredResource[];
  let settings: SamlSigningSettingsClass;

  beforeAll(async () => {
    ({ resources } = installMocks({
      outputs: {
        // What the provider would report once converged.
        "pulumi-nodejs:dynamic/entra:SamlSigningSettings": () => ({
          tokenResponseSigningPolicy: "ResponseAndToken",
          preferredTokenSigningKeyThumbprint: thumbprint,
          tokenIssuancePolicyId: "policy-id",
        }),
      },
    }));
    const { SamlSigningSettings } = await import("../components/graph/saml-signing-settings");
    settings = new SamlSigningSettings("vpn-signing", {
      tenantId,
      environment: "usgovernment",
      applicationObjectId: pulumi.output(applicationObjectId),
      servicePrincipalObjectId: pulumi.output(servicePrincipalObjectId),
      signingCertificateThumbprint: pulumi.output(thumbprint),
    });
    await valueOf(settings.urn);
  });

  function declared(): DeclaredResource {
    const found = resources.find((resource) => resource.name === "vpn-signing");
    if (!found) throw new Error("SamlSigningSettings was not declared");
    return found;
  }

  it("registers under the type token the policy pack matches", () => {
    expect(declared().type).toBe("pulumi-nodejs:dynamic/entra:SamlSigningSettings");
  });

  it("carries the application, the service principal and the certificate thumbprint", () => {
    expect(declared().inputs).toMatchObject({ applicationObjectId, servicePrincipalObjectId, signingCertificateThumbprint: thumbprint });
  });

  it("carries the tenant and the cloud of the azuread provider", () => {
    expect(declared().inputs).toMatchObject({ tenantId, environment: "usgovernment" });
  });

  it("ships its provider serialized, with no credential or token in it", () => {
    const provider = declared().inputs.__provider;
    expect(typeof provider).toBe("string");
    expect(provider as string).toContain("exports.handler");
    expect(provider as string).not.toMatch(/ARM_CLIENT_SECRET=|Bearer [A-Za-z0-9]/);
  });

  it("exposes the outputs the policy pack reads", async () => {
    expect(await valueOf(settings.applicationObjectId)).toBe(applicationObjectId);
    expect(await valueOf(settings.servicePrincipalObjectId)).toBe(servicePrincipalObjectId);
    expect(await valueOf(settings.tokenResponseSigningPolicy)).toBe("ResponseAndToken");
    expect(await valueOf(settings.preferredTokenSigningKeyThumbprint)).toBe(thumbprint);
    expect(await valueOf(settings.tokenIssuancePolicyId)).toBe("policy-id");
  });
});

/**
 * Pulumi runs a dynamic provider from the text of its serialized closure in a separate process. These
 * tests serialize the providers exactly as `pulumi.dynamic.Resource` does and run the text.
 */
describe("provider serialization", () => {
  let graph: FakeGraphServer;

  let productionText: string;
  let productionHasSecrets: boolean;
  /** Secrets handed to configure() before the provider is serialized: none may reach the text. */
  const canaries = {
    "azuread:clientSecret": "canary-client-secret-5f1d",
    "azuread:clientCertificatePassword": "canary-certificate-password-9b2e",
    "azuread:oidcToken": "canary-oidc-token-77aa",
    "azuread:oidcRequestToken": "canary-oidc-request-token-31c0",
  };

  beforeAll(async () => {
    graph = await new FakeGraphServer().start();
    const { samlSigningProvider } = await import("../components/graph/saml-signing-provider");
    // Serialized once (it takes seconds), after configure() has seen the canaries, and as
    // pulumi.dynamic.Resource does it (pulumi/pulumi sdk/nodejs/dynamic/index.ts, serializeFunctionMaybeSecret).
    const config: Record<string, string> = { "azuread:clientId": "22222222-2222-4222-8222-222222222222", ...canaries };
    await samlSigningProvider.configure!({ config: { get: (key: string) => config[key], require: (key: string) => config[key] } });
    const serialized = await pulumi.runtime.serializeFunction(() => samlSigningProvider, { allowSecrets: true });
    productionText = serialized.text;
    productionHasSecrets = serialized.containsSecrets;
  });

  afterAll(async () => {
    await graph.stop();
  });

  async function deserialize(provider: pulumi.dynamic.ResourceProvider): Promise<pulumi.dynamic.ResourceProvider> {
    const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: false });
    return load(serialized.text);
  }

  function load(text: string): pulumi.dynamic.ResourceProvider {
    // Load the text as a CommonJS module resolving packages from the project, as the provider process does.
    const module = { exports: {} as { handler?: () => pulumi.dynamic.ResourceProvider } };
    const run = runInThisContext(`(function (exports, require, module) {\n${text}\n})`) as (
      exports: unknown,
      require: NodeJS.Require,
      module: unknown,
    ) => void;
    run(module.exports, createRequire(join(process.cwd(), "index.js")), module);
    return module.exports.handler!();
  }

  it("serializes the production provider without capturing a client, a credential or @azure/identity by value", () => {
    expect(productionHasSecrets).toBe(false);
    // @azure/identity stays a package require inside a function, never inlined.
    expect(productionText).toContain('require("@azure/identity")');
    expect(productionText).not.toContain("class ClientSecretCredential");
    expect(productionText.length).toBeLessThan(200_000);
  });

  it("runs check and diff from the deserialized production provider", async () => {
    const copy = load(productionText);
    const inputs = { tenantId, environment: "public", applicationObjectId, servicePrincipalObjectId, signingCertificateThumbprint: thumbprint.toLowerCase() };

    const checked = await copy.check!({}, inputs);
    expect(checked).toEqual({ inputs: { ...inputs, environment: "global", signingCertificateThumbprint: thumbprint }, failures: [] });
    expect(await copy.diff!("id", { ...checked.inputs, tokenResponseSigningPolicy: "TokenOnly" }, checked.inputs)).toMatchObject({ changes: true });
  });

  it("creates the settings through Graph from a deserialized copy", async () => {
    const { createSamlSigningProvider } = await import("../components/graph/saml-signing-provider");
    const baseUrl = graph.baseUrl;
    const app = graph.addApplication({ id: applicationObjectId });
    graph.addServicePrincipal(app, { id: servicePrincipalObjectId });
    const copy = await deserialize(
      createSamlSigningProvider(() => new GraphClient({ baseUrl, getToken: async () => fakeToken })),
    );

    const result = await copy.create({ tenantId, environment: "global", applicationObjectId, servicePrincipalObjectId, signingCertificateThumbprint: thumbprint });

    expect(result.outs).toMatchObject({ tokenResponseSigningPolicy: "ResponseAndToken", preferredTokenSigningKeyThumbprint: thumbprint });
    expect(graph.servicePrincipals.get(servicePrincipalObjectId)?.preferredTokenSigningKeyThumbprint).toBe(thumbprint);
  });

  it("captures no secret handed to configure(): the text serialized after it holds none of the canaries", () => {
    for (const canary of Object.values(canaries)) expect(productionText).not.toContain(canary);
    expect(productionHasSecrets).toBe(false);
  });

  it("signs in with the azuread settings the stack config hands to configure", async () => {
    const copy = load(productionText);
    // A client certificate from config outranks every other source; a non-PEM file stops the sign-in
    // before any network call, and the error shows which settings were used.
    const notPem = join(mkdtempSync(join(tmpdir(), "graph-cfg-")), "client.pfx");
    writeFileSync(notPem, "binary");
    const config: Record<string, string> = {
      "azuread:clientId": "22222222-2222-4222-8222-222222222222",
      "azuread:clientCertificatePath": notPem,
      "azuread:clientCertificatePassword": "cfg-password",
    };
    await copy.configure!({ config: { get: (key: string) => config[key], require: (key: string) => config[key] } });

    const error = (await copy
      .create({ tenantId, environment: "global", applicationObjectId, servicePrincipalObjectId, signingCertificateThumbprint: thumbprint })
      .catch((e: unknown) => e)) as Error;

    expect(error.message).toContain("(from azuread:clientId + azuread:clientCertificatePath)");
    expect(error.message).not.toContain("cfg-password");
  });
});

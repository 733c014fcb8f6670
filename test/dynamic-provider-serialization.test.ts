import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { runInThisContext } from "node:vm";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphClient } from "../components/graph/graph-client";
import { serializeDynamicProvidersForReal } from "./support/dynamic-provider-serialization";
import { FakeGalleryGraph, fakeGalleryToken } from "./support/fake-gallery-graph";
import { FakeGraphServer, fakeToken } from "./support/fake-graph-server";
import { type DeclaredResource, installMocks, valueOf } from "./support/pulumi-mocks";

/**
 * Pulumi runs a dynamic provider from the text of its serialized closure, in another process
 * (https://www.pulumi.com/docs/iac/concepts/resources/dynamic-providers/). These tests serialize both of the
 * program's providers as `pulumi.dynamic.Resource` does and run the text. Both in one file, so that one worker
 * pays the serializer's fixed costs (loading TypeScript, opening an inspector session) once.
 *
 * Vite rewrites imports, so what the serializer does with the modules outside vitest (zod, tsx's export
 * getters) shows only in the offline plan's subprocess, test/plan-cli.test.ts, which serializes both providers.
 */

// The SamlSigningSettings below registers the text `pulumi up` would send.
serializeDynamicProvidersForReal();

const tenantId = "0a1b2c3d-0000-4000-8000-000000000001";
const applicationObjectId = "0a1b2c3d-0000-4000-8000-0000000000aa";
const servicePrincipalObjectId = "0a1b2c3d-0000-4000-8000-0000000000bb";
const thumbprint = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678";

/** Loads the text as a CommonJS module resolving packages from the project, as the provider process does. */
function load(text: string): pulumi.dynamic.ResourceProvider {
  const module = { exports: {} as { handler?: () => pulumi.dynamic.ResourceProvider } };
  const run = runInThisContext(`(function (exports, require, module) {\n${text}\n})`) as (exports: unknown, require: NodeJS.Require, module: unknown) => void;
  run(module.exports, createRequire(join(process.cwd(), "index.js")), module);
  return module.exports.handler!();
}

async function deserialize(provider: pulumi.dynamic.ResourceProvider): Promise<pulumi.dynamic.ResourceProvider> {
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: false });
  return load(serialized.text);
}

/** A stack config that names a client certificate, which outranks every other credential source. */
function certificateConfig(prefix: string): Record<string, string> {
  // A non-PEM file stops the sign-in before any network call, and the error shows which settings were used.
  const notPem = join(mkdtempSync(join(tmpdir(), prefix)), "client.pfx");
  writeFileSync(notPem, "binary");
  return {
    "azuread:clientId": "22222222-2222-4222-8222-222222222222",
    "azuread:clientCertificatePath": notPem,
    "azuread:clientCertificatePassword": "cfg-password",
  };
}

function configureRequest(config: Record<string, string>): pulumi.dynamic.ConfigureRequest {
  return { config: { get: (key: string) => config[key], require: (key: string) => config[key] } } as unknown as pulumi.dynamic.ConfigureRequest;
}

describe("the SAML signing provider, serialized", () => {
  let graph: FakeGraphServer;
  /** What a SamlSigningSettings registers as its provider: the text `pulumi up` sends. */
  let registered: unknown;
  let productionText: string;
  /** Secrets handed to configure() before the provider is serialized: none may reach the text. */
  const canaries = {
    "azuread:clientSecret": "canary-client-secret-5f1d",
    "azuread:clientCertificatePassword": "canary-certificate-password-9b2e",
    "azuread:oidcToken": "canary-oidc-token-77aa",
    "azuread:oidcRequestToken": "canary-oidc-request-token-31c0",
  };

  beforeAll(async () => {
    graph = await new FakeGraphServer().start();
    const { resources } = installMocks();
    const { samlSigningProvider } = await import("../components/graph/saml-signing-provider");
    // configure() sees the canaries before the resource serializes the provider (pulumi/pulumi
    // sdk/nodejs/dynamic/index.ts, serializeFunctionMaybeSecret, when the resource is constructed).
    await samlSigningProvider.configure!(configureRequest({ "azuread:clientId": "22222222-2222-4222-8222-222222222222", ...canaries }));
    const { SamlSigningSettings } = await import("../components/graph/saml-signing-settings");
    const settings = new SamlSigningSettings("vpn-signing", {
      tenantId,
      environment: "global",
      applicationObjectId: pulumi.output(applicationObjectId),
      servicePrincipalObjectId: pulumi.output(servicePrincipalObjectId),
      signingCertificateThumbprint: pulumi.output(thumbprint),
      publishedCertificateThumbprints: [pulumi.output(thumbprint)],
    });
    await valueOf(settings.urn);
    const declared: DeclaredResource | undefined = resources.find((resource) => resource.name === "vpn-signing");
    registered = declared?.inputs.__provider;
    productionText = String(registered);
  });

  afterAll(async () => {
    await graph.stop();
  });

  it("ships its provider as plain text, with no credential or token in it", () => {
    // A provider text with a secret in it registers as a secret, not as a string.
    expect(typeof registered).toBe("string");
    expect(productionText).toContain("exports.handler");
    expect(productionText).not.toMatch(/ARM_CLIENT_SECRET=|Bearer [A-Za-z0-9]/);
  });

  it("serializes the production provider without capturing a client, a credential or @azure/identity by value", () => {
    expect(typeof registered).toBe("string");
    // @azure/identity stays a package require inside a function, never inlined.
    expect(productionText).toContain('require("@azure/identity")');
    expect(productionText).not.toContain("class ClientSecretCredential");
    expect(productionText.length).toBeLessThan(200_000);
  });

  it("captures no secret handed to configure(): the text serialized after it holds none of the canaries", () => {
    for (const canary of Object.values(canaries)) expect(productionText).not.toContain(canary);
    expect(typeof registered).toBe("string");
  });

  it("runs check and diff from the deserialized production provider", async () => {
    const copy = load(productionText);
    const inputs = { tenantId, environment: "public", applicationObjectId, servicePrincipalObjectId, signingCertificateThumbprint: thumbprint.toLowerCase() };

    const checked = await copy.check!({}, inputs);
    expect(checked).toEqual({
      inputs: { ...inputs, environment: "global", signingCertificateThumbprint: thumbprint, publishedCertificateThumbprints: [thumbprint], activationBeforePublication: false },
      failures: [],
    });
    expect(await copy.diff!("id", { ...checked.inputs, tokenResponseSigningPolicy: "TokenOnly" }, checked.inputs)).toMatchObject({ changes: true });
  });

  it("enforces the rotation's activation guard from the deserialized production provider", async () => {
    const copy = load(productionText);
    const before = { tenantId, environment: "global", applicationObjectId, servicePrincipalObjectId, signingCertificateThumbprint: thumbprint };
    const other = "FFEEDDCCBBAA99887766554433221100FFEEDDCC";
    const checked = await copy.check!(before, { ...before, signingCertificateThumbprint: other, publishedCertificateThumbprints: [other] });
    expect(checked.failures).toEqual([{ property: "signingCertificateThumbprint", reason: expect.stringContaining("no earlier deployment published it to IAM") }]);
  });

  it("creates the settings through Graph from a deserialized copy", async () => {
    const { createSamlSigningProvider } = await import("../components/graph/saml-signing-provider");
    const baseUrl = graph.baseUrl;
    const app = graph.addApplication({ id: applicationObjectId });
    graph.addServicePrincipal(app, { id: servicePrincipalObjectId });
    const copy = await deserialize(createSamlSigningProvider(() => new GraphClient({ baseUrl, getToken: async () => fakeToken })));

    const result = await copy.create({ tenantId, environment: "global", applicationObjectId, servicePrincipalObjectId, signingCertificateThumbprint: thumbprint });

    expect(result.outs).toMatchObject({ tokenResponseSigningPolicy: "ResponseAndToken", preferredTokenSigningKeyThumbprint: thumbprint });
    expect(graph.servicePrincipals.get(servicePrincipalObjectId)?.preferredTokenSigningKeyThumbprint).toBe(thumbprint);
  });

  it("signs in with the azuread settings the stack config hands to configure", async () => {
    const copy = load(productionText);
    await copy.configure!(configureRequest(certificateConfig("graph-cfg-")));

    const error = (await copy
      .create({ tenantId, environment: "global", applicationObjectId, servicePrincipalObjectId, signingCertificateThumbprint: thumbprint })
      .catch((e: unknown) => e)) as Error;

    expect(error.message).toContain("(from azuread:clientId + azuread:clientCertificatePath)");
    expect(error.message).not.toContain("cfg-password");
  });
});

describe("the gallery-app settings provider, serialized", () => {
  let graph: FakeGalleryGraph;
  /** Secrets handed to configure() before the provider is serialized: none may reach the text. */
  const galleryCanaries = {
    "azuread:clientSecret": "canary-gallery-client-secret-0c4e",
    "azuread:clientCertificatePassword": "canary-gallery-certificate-password-6d1a",
    "azuread:oidcToken": "canary-gallery-oidc-token-8e3b",
  };
  /** The production provider's serialized text, made once: serializing takes a second. */
  let productionText: string;
  let productionHasSecrets: boolean;
  beforeAll(async () => {
    graph = await new FakeGalleryGraph().start();
    const { galleryAppProvider } = await import("../components/gallery-app/gallery-app-provider");
    // configure() sees the canaries first, as in a process that configured the provider before serializing it.
    await galleryAppProvider.configure!(configureRequest({ "azuread:clientId": "22222222-2222-4222-8222-222222222222", ...galleryCanaries }));
    const serialized = await pulumi.runtime.serializeFunction(() => galleryAppProvider, { allowSecrets: false });
    productionText = serialized.text;
    productionHasSecrets = serialized.containsSecrets;
  });
  afterAll(async () => {
    await graph.stop();
  });

  it("serializes without secrets and stays small", async () => {
    expect(productionHasSecrets).toBe(false);
    for (const canary of Object.values(galleryCanaries)) expect(productionText).not.toContain(canary);
    expect(productionText.length).toBeLessThan(200_000);
    const copy = load(productionText);
    const checked = await copy.check!({}, { tenantId: "6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31", environment: "public", applicationObjectId: "x" });
    expect(checked.failures).toEqual([expect.objectContaining({ property: "applicationObjectId" }), expect.objectContaining({ property: "servicePrincipalObjectId" })]);
  });

  it("creates the settings through Graph from a deserialized copy", async () => {
    const { createGalleryAppProvider } = await import("../components/gallery-app/gallery-app-provider");
    const baseUrl = graph.baseUrl;
    const { application, servicePrincipal } = graph.instantiate();
    const copy = await deserialize(createGalleryAppProvider(() => new GraphClient({ baseUrl, getToken: async () => fakeGalleryToken })));
    const result = await copy.create({
      tenantId: "6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31",
      environment: "global",
      applicationObjectId: application.id,
      servicePrincipalObjectId: servicePrincipal.id,
      notificationEmails: [],
      notes: "marker",
    });
    expect(result.outs).toMatchObject({ applicationClientId: application.appId, groupMembershipClaims: "ApplicationGroup" });
    expect(servicePrincipal.preferredSingleSignOnMode).toBe("saml");
  });

  it("signs in with the azuread settings the stack config hands to configure, naming them but not the secret", async () => {
    const copy = load(productionText);
    await copy.configure!(configureRequest(certificateConfig("gallery-cfg-")));
    const error = (await copy
      .create({
        tenantId: "6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31",
        environment: "global",
        applicationObjectId: "11111111-1111-4111-8111-111111111111",
        servicePrincipalObjectId: "22222222-2222-4222-8222-222222222222",
        notificationEmails: [],
        notes: "",
      })
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toContain("(from azuread:clientId + azuread:clientCertificatePath)");
    expect(error.message).not.toContain("cfg-password");
  });
});

/** An import or re-export statement of a relative module: `import type`, the bindings, the specifier. */
const relativeImport = /^(?:import|export)\s+(type\s+)?(?:([^;"]*?)\s+from\s+)?"(\.[^"]+)";/gm;

/**
 * The project modules a module loads at run time, transitively: every import and re-export that is not
 * type-only (TypeScript and esbuild leave those out of what they emit). A regular expression over the
 * project's own formatting, which is cheaper here than TypeScript's parser.
 */
function runtimeModuleGraph(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, typeOnly, bindings, specifier] of readFileSync(file, "utf8").matchAll(relativeImport)) {
      if (typeOnly || onlyTypes(bindings)) continue;
      visit(resolve(dirname(file), `${specifier}.ts`));
    }
  };
  visit(entry);
  return [...seen].map((file) => relative(join(__dirname, ".."), file));
}

/** `{ type A, type B }`: bindings that are all types. */
function onlyTypes(bindings: string | undefined): boolean {
  const named = bindings?.trim().match(/^\{([^}]*)\}$/)?.[1];
  const names = named?.split(",").map((name) => name.trim()).filter(Boolean) ?? [];
  return names.length > 0 && names.every((name) => name.startsWith("type "));
}

describe("what each provider carries", () => {
  // Under tsx (`npm run plan`) every module a provider captures comes into its text with all its exports
  // (components/graph/azuread-credential-config.ts), so neither provider may load the other's own modules.
  it.each([
    ["gallery-app", "components/gallery-app/gallery-app-provider.ts", ["components/graph/saml-signing-provider.ts", "components/graph/saml-signing-plan.ts"]],
    ["SAML signing", "components/graph/saml-signing-provider.ts", ["components/gallery-app/gallery-app-provider.ts", "components/gallery-app/gallery-app-plan.ts"]],
  ])("the %s provider loads none of the other provider's modules", (_name, entry, others) => {
    const modules = runtimeModuleGraph(join(__dirname, "..", entry));
    expect(modules).toContain(entry);
    expect(modules).toContain("components/graph/graph-connect.ts");
    for (const other of others) expect(modules).not.toContain(other);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInThisContext } from "node:vm";
import * as pulumi from "@pulumi/pulumi";
import { GraphClient } from "../components/graph/graph-client";
import { FakeGalleryGraph, fakeGalleryToken } from "./support/fake-gallery-graph";

/**
 * Pulumi runs a dynamic provider from the text of its serialized closure in another process. Serialize
 * the provider as `pulumi.dynamic.Resource` does and run the text. (Vite rewrites imports, so a module the
 * serializer cannot carry outside vitest, such as zod, shows only in the offline plan's subprocess test,
 * test/plan-cli.test.ts, which plans the gallery route too.)
 */
function load(text: string): pulumi.dynamic.ResourceProvider {
  const module = { exports: {} as { handler?: () => pulumi.dynamic.ResourceProvider } };
  const run = runInThisContext(`(function (exports, require, module) {\n${text}\n})`) as (exports: unknown, require: NodeJS.Require, module: unknown) => void;
  run(module.exports, createRequire(join(process.cwd(), "index.js")), module);
  return module.exports.handler!();
}

let graph: FakeGalleryGraph;
/** The production provider's serialized text, made once: serializing takes seconds. */
let productionText: string;
let productionHasSecrets: boolean;
beforeAll(async () => {
  graph = await new FakeGalleryGraph().start();
  const { galleryAppProvider } = await import("../components/gallery-app/gallery-app-provider");
  const serialized = await pulumi.runtime.serializeFunction(() => galleryAppProvider, { allowSecrets: false });
  productionText = serialized.text;
  productionHasSecrets = serialized.containsSecrets;
});
afterAll(async () => {
  await graph.stop();
});

describe("the gallery-app settings provider, serialized", () => {
  it("serializes without secrets and stays small", async () => {
    expect(productionHasSecrets).toBe(false);
    expect(productionText.length).toBeLessThan(200_000);
    const copy = load(productionText);
    const checked = await copy.check!({}, { tenantId: "6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31", environment: "public", applicationObjectId: "x" });
    expect(checked.failures).toEqual([expect.objectContaining({ property: "applicationObjectId" }), expect.objectContaining({ property: "servicePrincipalObjectId" })]);
  });

  it("creates the settings through Graph from a deserialized copy", async () => {
    const { createGalleryAppProvider } = await import("../components/gallery-app/gallery-app-provider");
    const baseUrl = graph.baseUrl;
    const { application, servicePrincipal } = graph.instantiate();
    const serialized = await pulumi.runtime.serializeFunction(
      () => createGalleryAppProvider(() => new GraphClient({ baseUrl, getToken: async () => fakeGalleryToken })),
      { allowSecrets: false },
    );
    const result = await load(serialized.text).create({
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
    // A client certificate from config outranks every other source; a non-PEM file stops the sign-in before any network call.
    const notPem = join(mkdtempSync(join(tmpdir(), "gallery-cfg-")), "client.pfx");
    writeFileSync(notPem, "binary");
    const config: Record<string, string> = {
      "azuread:clientId": "22222222-2222-4222-8222-222222222222",
      "azuread:clientCertificatePath": notPem,
      "azuread:clientCertificatePassword": "cfg-password",
    };
    await copy.configure!({ config: { get: (key: string) => config[key], require: (key: string) => config[key] } } as unknown as pulumi.dynamic.ConfigureRequest);
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

import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { SamlSigningSettings as SamlSigningSettingsClass } from "../components/graph/saml-signing-settings";
import { type DeclaredResource, installMocks, valueOf } from "./support/pulumi-mocks";

const tenantId = "0a1b2c3d-0000-4000-8000-000000000001";
const applicationObjectId = "0a1b2c3d-0000-4000-8000-0000000000aa";
const servicePrincipalObjectId = "0a1b2c3d-0000-4000-8000-0000000000bb";
const thumbprint = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678";

// The provider text it registers is checked, and run, in test/dynamic-provider-serialization.test.ts.
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
      publishedCertificateThumbprints: [pulumi.output(thumbprint)],
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

  it("carries what it publishes to IAM, for the next deployment's activation guard, and no emergency by default", () => {
    expect(declared().inputs).toMatchObject({ publishedCertificateThumbprints: [thumbprint], activationBeforePublication: false });
  });

  it("carries the tenant and the cloud of the azuread provider", () => {
    expect(declared().inputs).toMatchObject({ tenantId, environment: "usgovernment" });
  });

  it("exposes the outputs the policy pack reads", async () => {
    expect(await valueOf(settings.applicationObjectId)).toBe(applicationObjectId);
    expect(await valueOf(settings.servicePrincipalObjectId)).toBe(servicePrincipalObjectId);
    expect(await valueOf(settings.tokenResponseSigningPolicy)).toBe("ResponseAndToken");
    expect(await valueOf(settings.preferredTokenSigningKeyThumbprint)).toBe(thumbprint);
    expect(await valueOf(settings.tokenIssuancePolicyId)).toBe("policy-id");
  });
});

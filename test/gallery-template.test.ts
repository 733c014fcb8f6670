import { describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { lastRecordedResources, stackRunner } from "./support/stack-run";
import { engineConfigForRoute, exampleNetworkFacts } from "./support/example-stack";
import { galleryTemplateProblem } from "../components/gallery-template";

// A cloud whose gallery has no "AWS ClientVPN": the data source's own error text
// (terraform-provider-azuread v3.8.0 application_template_data_source.go).
const runStack = stackRunner(exampleNetworkFacts, {
  invokes: {
    "azuread:index/getApplicationTemplate:getApplicationTemplate": (inputs) => {
      throw new Error(`Application template not found: no application templates found matching filter: "displayName eq '${String(inputs.displayName)}'"`);
    },
  },
});

describe("the gallery template lookup", () => {
  it("stops a gallery-app stack in a cloud without the template before anything is declared, naming the setting and the other route", async () => {
    const failure = await runStack(engineConfigForRoute("gallery-app")).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(pulumi.RunError);
    expect((failure as Error).message).toContain(
      'azure.groupClaim: is "gallery-app", but this tenant\'s cloud offers no gallery application named "AWS ClientVPN"; set azure.groupClaim: claims-mapping-policy',
    );
    expect(lastRecordedResources()).toEqual([]);
  });

  it("is not made on the claims-mapping-policy route", async () => {
    await expect(runStack(engineConfigForRoute("claims-mapping-policy"))).resolves.toBeDefined();
  });

  it.each([
    ['found multiple application templates matching filter: "displayName eq \'AWS ClientVPN\'"', /more than one gallery application is named "AWS ClientVPN"/],
    ["Listing application templates: Authorization_RequestDenied: Insufficient privileges", /looking up the gallery application "AWS ClientVPN" failed \(Listing application templates: Authorization_RequestDenied.*check the azuread provider's credentials/],
  ])("explains %s", (text, says) => {
    const message = galleryTemplateProblem(text);
    expect(message).toMatch(says);
    expect(message).toMatch(/set azure\.groupClaim: claims-mapping-policy$/);
  });
});

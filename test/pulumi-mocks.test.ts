import { describe, it, expect, beforeAll } from "vitest";
import { installMocks, valueOf } from "./support/pulumi-mocks";

const recorded = installMocks();

describe("mock engine recorder", () => {
  let mod: typeof import("@pulumi/azuread");
  beforeAll(async () => { mod = await import("@pulumi/azuread"); });
  it("records a resource with its dependencies", async () => {
    const a = new mod.ApplicationRegistration("app", { displayName: "x" });
    const b = new mod.ApplicationRedirectUris("uris", { applicationId: a.id, type: "Web", redirectUris: ["http://127.0.0.1:35001"] });
    await valueOf(b.id);
    const uris = recorded.resources.find((r) => r.name === "uris")!;
    expect(uris.inputs.redirectUris).toEqual(["http://127.0.0.1:35001"]);
    expect(uris.dependsOn).toContain(recorded.resources.find((r) => r.name === "app")!.urn);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { StackRun, stackRunner } from "./support/stack-run";
import { engineConfigForRoute, exampleNetworkFacts } from "./support/example-stack";
import { compareDeclaredGraphs, GraphChange } from "../cli/plan/declared-graph-change";
import { replacingProperties } from "../cli/plan/replacing-properties";
import { describeGroupClaimSwitch } from "../cli/plan/group-claim-switch";

// The program run under mocks once per route: the two declared graphs a `pulumi up` would move between.
const runStack = stackRunner(exampleNetworkFacts);
let claimsRoute: StackRun;
let galleryRoute: StackRun;

beforeAll(async () => {
  claimsRoute = await runStack(engineConfigForRoute("claims-mapping-policy"));
  galleryRoute = await runStack(engineConfigForRoute("gallery-app"));
});

/** name (properties behind it)[, delete first], per kind of change, sorted. */
const summary = (change: GraphChange) =>
  Object.fromEntries(
    Object.entries(change).map(([kind, resources]) => [
      kind,
      (resources as GraphChange["create"])
        .map((r) => `${r.name}${r.properties.length ? ` (${r.properties.join(", ")})` : ""}${r.deleteFirst ? ", deleted first" : ""}`)
        .sort(),
    ]),
  );

describe("switching azure.groupClaim is one config change whose preview shows what it replaces", () => {
  it("claims-mapping-policy -> gallery-app: the gallery app comes, our app and its claims policy go, everything on the app moves", () => {
    expect(summary(compareDeclaredGraphs(claimsRoute.resources, galleryRoute.resources, replacingProperties))).toEqual({
      create: ["entra-gallery-application", "entra-gallery-settings"],
      replace: [
        "entra-assign-engineers (appRoleId, resourceObjectId)",
        "entra-assign-vpn-users (appRoleId, resourceObjectId)",
        "entra-identifier (applicationId), deleted first",
        "entra-reply-urls (applicationId)",
        "entra-signing (applicationObjectId, servicePrincipalObjectId)",
        "entra-signing-certificate (servicePrincipalId)",
      ],
      // A new signing certificate: IAM gets new metadata, in place; the endpoint keeps its SAML providers.
      update: ["vpn-saml (samlMetadataDocument)", "vpn-saml-self-service (samlMetadataDocument)"],
      delete: ["entra-application", "entra-claims", "entra-claims-assignment", "entra-service-principal"],
    });
  });

  it("gallery-app -> claims-mapping-policy is the same change backwards", () => {
    const forward = compareDeclaredGraphs(claimsRoute.resources, galleryRoute.resources, replacingProperties);
    const backward = compareDeclaredGraphs(galleryRoute.resources, claimsRoute.resources, replacingProperties);
    expect(backward.create.map((r) => r.name).sort()).toEqual(forward.delete.map((r) => r.name).sort());
    expect(backward.delete.map((r) => r.name).sort()).toEqual(forward.create.map((r) => r.name).sort());
    expect(backward.replace.map((r) => r.name).sort()).toEqual(forward.replace.map((r) => r.name).sort());
  });

  it("leaves the AWS side's endpoint, rules and routes alone", () => {
    const change = compareDeclaredGraphs(claimsRoute.resources, galleryRoute.resources, replacingProperties);
    const touched = [...change.create, ...change.replace, ...change.update, ...change.delete];
    expect(touched.filter((r) => r.type.startsWith("aws:ec2"))).toEqual([]);
  });
});

describe("how the offline plan words a switch", () => {
  it("lists each resource under its verb with the properties behind it", () => {
    const lines = describeGroupClaimSwitch({
      from: "claims-mapping-policy",
      to: "gallery-app",
      change: compareDeclaredGraphs(claimsRoute.resources, galleryRoute.resources, replacingProperties),
    });
    expect(lines[0]).toBe('If azure.groupClaim were "gallery-app" (now "claims-mapping-policy"), pulumi up would:');
    expect(lines).toContain("  replace azuread.ApplicationIdentifierUri entra-identifier (applicationId change; the old one is deleted first)");
    expect(lines).toContain("  delete  azuread.ServicePrincipal entra-service-principal");
  });

  it("says the other route would not run, in the program's words, when the program refuses it", () => {
    expect(describeGroupClaimSwitch({ from: "claims-mapping-policy", to: "gallery-app", refused: "first line\nsecond line" })).toEqual([
      'If azure.groupClaim were "gallery-app" (now "claims-mapping-policy"), pulumi up would:',
      "  not run: first line\n  second line",
    ]);
  });
});

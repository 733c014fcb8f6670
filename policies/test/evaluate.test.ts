import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { PACK_NAME, buildPolicies } from "../catalog";
import { type PackResource, evaluatePack, runPolicy } from "../evaluate";
import { UNKNOWN_VALUE, compliantGalleryStack, compliantStack, endpoint, rule } from "./support";

const POLICIES_DIR = path.resolve(__dirname, "..");
const NOW = () => new Date("2026-11-21T12:00:00Z");

/** Every prop of every resource replaced by the engine's unknown sentinel: a first preview at its most pessimistic. */
function allUnknown(resources: PackResource[]): PackResource[] {
  return resources.map((resource) => ({
    ...resource,
    props: Object.fromEntries(Object.keys(resource.props).map((key) => [key, UNKNOWN_VALUE])),
  }));
}

describe("the policy pack", () => {
  const policies = buildPolicies({ clock: NOW });

  it("holds the issue's policies and more, each with a unique name, description, remediation and level", () => {
    const names = policies.map((policy) => policy.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        "client-vpn-saml-federation",
        "client-vpn-connection-logging",
        "client-vpn-split-tunnel",
        "client-vpn-session-timeout",
        "client-vpn-rules-name-groups",
        "client-vpn-no-internet-rule",
        "entra-assignment-required",
        "entra-saml-app-urls",
        "entra-saml-response-and-assertion-signed",
        "entra-signing-certificate-expiry-warning",
        "entra-signing-certificate-expiry",
        "entra-group-claims-assigned-only",
        "client-vpn-security-group-not-open",
        "client-vpn-stack-consistency",
      ]),
    );
    for (const policy of policies) {
      expect(policy.description.length, policy.name).toBeGreaterThan(20);
      expect(policy.remediationSteps?.length ?? 0, policy.name).toBeGreaterThan(20);
      expect(["mandatory", "advisory"], policy.name).toContain(policy.enforcementLevel);
    }
  });

  it("reports nothing for the compliant stack under the default config", () => {
    expect(evaluatePack(compliantStack(), {}, { clock: NOW })).toEqual([]);
  });

  it("reports nothing for the compliant stack on the gallery-app route", () => {
    expect(evaluatePack(compliantGalleryStack(), {}, { clock: NOW })).toEqual([]);
  });

  it("reports each violation once, with its policy and level", () => {
    const open = rule("everyone-vpc", { targetNetworkCidr: "10.0.0.0/16", authorizeAllGroups: true });
    const violations = evaluatePack([...compliantStack(), open], {}, { clock: NOW });
    expect(violations.map((found) => [found.policyName, found.enforcementLevel, found.urn])).toEqual([
      ["client-vpn-rules-name-groups", "mandatory", open.urn],
    ]);
  });

  it("neither crashes nor reports anything when every property of every resource is unknown", () => {
    expect(evaluatePack(allUnknown(compliantStack()), {}, { clock: NOW })).toEqual([]);
  });

  it("does not crash on resources without any property", () => {
    const bare = compliantStack().map((resource) => ({ ...resource, props: {} }));
    expect(() => evaluatePack(bare, {}, { clock: NOW })).not.toThrow();
  });

  it.each([
    ["string form", { "client-vpn-split-tunnel": "mandatory" as const }],
    ["object form", { "client-vpn-split-tunnel": { enforcementLevel: "mandatory" as const } }],
  ])("applies an enforcement level override in %s", (_case, config) => {
    const violations = evaluatePack([endpoint({ splitTunnel: false })], config, { clock: NOW });
    expect(violations.find((found) => found.policyName === "client-vpn-split-tunnel")?.enforcementLevel).toBe("mandatory");
  });

  it("applies the pack-wide level under \"all\" unless a policy has its own", () => {
    const config = { all: "mandatory" as const, "client-vpn-session-timeout": { enforcementLevel: "advisory" as const } };
    const violations = evaluatePack([endpoint({ splitTunnel: false, sessionTimeoutHours: 24 })], config, { clock: NOW });
    expect(violations.map((found) => [found.policyName, found.enforcementLevel])).toEqual([
      ["client-vpn-split-tunnel", "mandatory"],
      ["client-vpn-session-timeout", "advisory"],
    ]);
  });

  it("skips a disabled policy", () => {
    const violations = evaluatePack([endpoint({ splitTunnel: false })], { "client-vpn-split-tunnel": "disabled" }, { clock: NOW });
    expect(violations.map((found) => found.policyName)).not.toContain("client-vpn-split-tunnel");
  });

  it("reports a policy that touches an unknown value as the engine does: advisory, can't run during preview", () => {
    const careless: StackValidationPolicy = {
      name: "careless",
      description: "reads props without a snapshot",
      enforcementLevel: "mandatory",
      validateStack: (args) => {
        void args.resources[0].props.sessionTimeoutHours;
      },
    };
    expect(runPolicy(careless, [endpoint({ sessionTimeoutHours: UNKNOWN_VALUE })])).toEqual([
      expect.objectContaining({ policyName: "careless", enforcementLevel: "advisory", message: expect.stringContaining("can't run policy 'careless' during preview") }),
    ]);
  });
});

describe("the pack's packaging", () => {
  const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8")) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };

  it("names the pack the same in PulumiPolicy.yaml and index.ts", () => {
    expect(readFileSync(path.join(POLICIES_DIR, "PulumiPolicy.yaml"), "utf8")).toMatch(new RegExp(`^name: ${PACK_NAME}$`, "m"));
    expect(readFileSync(path.join(POLICIES_DIR, "index.ts"), "utf8")).toMatch(/new PolicyPack\(PACK_NAME/);
  });

  it("pins the same @pulumi/policy and @pulumi/pulumi as the root project, so tests run what the pack ships", () => {
    const pack = readJson(path.join(POLICIES_DIR, "package.json"));
    const root = readJson(path.join(POLICIES_DIR, "..", "package.json"));
    expect(pack.dependencies?.["@pulumi/policy"]).toBe(root.devDependencies?.["@pulumi/policy"]);
    expect(pack.dependencies?.["@pulumi/pulumi"]).toBe(root.dependencies?.["@pulumi/pulumi"]);
    expect(pack.dependencies?.["ip-address"]).toBe(root.dependencies?.["ip-address"]);
  });

  it("keeps new PolicyPack in index.ts only, so nothing a test imports starts the analyzer server", () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        if (entry.name === "node_modules") return [];
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? sources(full) : entry.name.endsWith(".ts") ? [full] : [];
      });
    const offenders = sources(POLICIES_DIR)
      .filter((file) => path.basename(file) !== "index.ts" && !file.endsWith(".test.ts"))
      .filter((file) => /new PolicyPack|from "\.\.?\/index"|from "\.\.?"/.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });
});

describe("policy-config.example.json", () => {
  const example = JSON.parse(readFileSync(path.join(POLICIES_DIR, "policy-config.example.json"), "utf8")) as Record<string, Record<string, unknown>>;
  const policies = buildPolicies({ clock: NOW });

  it("configures only settings the policies declare, with values of the declared type", () => {
    for (const [policyName, settings] of Object.entries(example)) {
      const policy = policies.find((candidate) => candidate.name === policyName);
      expect(policy, policyName).toBeDefined();
      for (const [key, value] of Object.entries(settings)) {
        if (key === "enforcementLevel") {
          expect(["advisory", "mandatory", "disabled"]).toContain(value);
          continue;
        }
        const schema = policy?.configSchema?.properties[key];
        expect(schema, `${policyName}.${key}`).toBeDefined();
        expect(value, `${policyName}.${key} is the documented default`).toEqual(schema?.default);
      }
    }
  });

  it("documents every configurable setting", () => {
    for (const policy of policies) {
      for (const key of Object.keys(policy.configSchema?.properties ?? {})) {
        expect(example[policy.name]?.[key], `${policy.name}.${key}`).toBeDefined();
      }
    }
  });

  it("leaves the compliant stack compliant", () => {
    expect(evaluatePack(compliantStack(), example, { clock: NOW })).toEqual([]);
  });
});

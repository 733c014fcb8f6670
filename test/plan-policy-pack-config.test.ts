import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildPolicies } from "../policies/catalog";
import { resolvePolicyPackConfig } from "../cli/plan/policy-pack-config";

/** The --policy-pack-config file against the real pack, read as the Pulumi engine reads it. */
const policies = buildPolicies();
const resolve = (document: unknown) => resolvePolicyPackConfig(typeof document === "string" ? document : JSON.stringify(document), policies);
const resolved = (document: unknown) => {
  const result = resolve(document);
  if (!result.ok) throw new Error(`refused: ${result.problems.join("; ")}`);
  return result;
};

describe("a policy pack config the engine accepts", () => {
  it("gives every policy of the pack an entry, with its own level and its schema's defaults, when the file is empty", () => {
    const { config, notes } = resolved("  \n");
    expect(Object.keys(config).sort()).toEqual(policies.map((policy) => policy.name).sort());
    expect(config["client-vpn-no-internet-rule"]).toEqual({ enforcementLevel: "mandatory", allowInternet: false });
    expect(config["client-vpn-session-timeout"]).toEqual({ enforcementLevel: "advisory", maxHours: 12 });
    expect(notes).toEqual([]);
  });

  it.each([
    { case: "a level as the policy's value", file: { "client-vpn-session-timeout": "mandatory" }, policy: "client-vpn-session-timeout", is: { enforcementLevel: "mandatory", maxHours: 12 } },
    { case: "a setting over the defaults, keeping the level", file: { "client-vpn-session-timeout": { maxHours: 10 } }, policy: "client-vpn-session-timeout", is: { enforcementLevel: "advisory", maxHours: 10 } },
    { case: "a level and a setting in one object", file: { "client-vpn-no-internet-rule": { enforcementLevel: "advisory", allowInternet: true } }, policy: "client-vpn-no-internet-rule", is: { enforcementLevel: "advisory", allowInternet: true } },
    { case: '"all" for every policy', file: { all: "disabled" }, policy: "client-vpn-no-internet-rule", is: { enforcementLevel: "disabled", allowInternet: false } },
    { case: '"all" as an object', file: { all: { enforcementLevel: "advisory" } }, policy: "client-vpn-no-internet-rule", is: { enforcementLevel: "advisory", allowInternet: false } },
    { case: "a policy's own level over \"all\"", file: { all: "disabled", "client-vpn-no-internet-rule": "mandatory" }, policy: "client-vpn-no-internet-rule", is: { enforcementLevel: "mandatory", allowInternet: false } },
    { case: '"all" with a policy that sets only settings', file: { all: "advisory", "client-vpn-session-timeout": { maxHours: 8 } }, policy: "client-vpn-session-timeout", is: { enforcementLevel: "advisory", maxHours: 8 } },
    { case: "remediate, which the engine accepts", file: { "client-vpn-session-timeout": "remediate" }, policy: "client-vpn-session-timeout", is: { enforcementLevel: "remediate", maxHours: 12 } },
  ])("takes $case", ({ file, policy, is }) => {
    expect(resolved(file).config[policy]).toEqual(is);
  });

  it("accepts the example file the docs point to", () => {
    const example = readFileSync(join(__dirname, "..", "policies", "policy-config.example.json"), "utf8");
    expect(resolved(example).config["client-vpn-connection-logging"]).toEqual({ enforcementLevel: "mandatory", minRetentionDays: 90 });
  });

  it("notes a policy name the pack does not have, which pulumi preview ignores", () => {
    const { notes } = resolved({ "client-vpn-sesion-timeout": { maxHours: 8 } });
    expect(notes).toEqual([expect.stringContaining('no policy in the pack is named "client-vpn-sesion-timeout"')]);
  });

  it("notes Pulumi ESC environments, which it cannot open offline", () => {
    const { notes } = resolved({ environments: ["acme/policy-settings"] });
    expect(notes).toEqual([expect.stringMatching(/^"environments" \(acme\/policy-settings\) is not read: the offline plan cannot open Pulumi ESC environments/)]);
  });
});

describe("a policy pack config the engine refuses", () => {
  it.each([
    { case: "text that is not JSON", file: "{ maxHours: 8 }", problems: [expect.stringMatching(/^not valid JSON: /)] },
    { case: "a list", file: [], problems: ["must be a JSON object keyed by policy name, e.g. { \"client-vpn-session-timeout\": { \"maxHours\": 12 } }."] },
    { case: "an unknown level", file: { "client-vpn-split-tunnel": "strict" }, problems: ['"client-vpn-split-tunnel": "strict" is not an enforcement level; use one of advisory, mandatory, remediate, disabled.'] },
    {
      case: "an unknown level inside an object",
      file: { "client-vpn-split-tunnel": { enforcementLevel: 1 } },
      problems: ['"client-vpn-split-tunnel".enforcementLevel: 1 is not an enforcement level; use one of advisory, mandatory, remediate, disabled.'],
    },
    {
      case: "a value that is neither a level nor an object",
      file: { "client-vpn-split-tunnel": true },
      problems: ['"client-vpn-split-tunnel" must be an enforcement level (advisory, mandatory, remediate, disabled) or an object of the policy\'s settings; got true.'],
    },
    { case: "environments that are not a list of names", file: { environments: "acme/env" }, problems: ['"environments" must be a list of Pulumi ESC environment names; got "acme/env".'] },
    { case: "a setting above its schema's maximum", file: { "client-vpn-session-timeout": { maxHours: 48 } }, problems: ["client-vpn-session-timeout.maxHours must be <= 24; got 48."] },
    { case: "a setting of the wrong type", file: { "client-vpn-no-internet-rule": { allowInternet: "yes" } }, problems: ['client-vpn-no-internet-rule.allowInternet must be boolean; got "yes".'] },
    { case: "a value outside an enum", file: { "client-vpn-split-tunnel": { mode: "both" } }, problems: ['client-vpn-split-tunnel.mode must be equal to one of the allowed values ("split", "full"); got "both".'] },
    {
      case: "a list item that breaks its pattern",
      file: { "client-vpn-rules-name-groups": { allowAllGroupsCidrs: ["10.0.0.0/16", "10.0.0.0"] } },
      problems: ['client-vpn-rules-name-groups.allowAllGroupsCidrs[1] must match pattern "^[0-9A-Fa-f:.]+/[0-9]{1,3}$"; got "10.0.0.0".'],
    },
  ])("refuses $case, saying what and where", ({ file, problems }) => {
    expect(resolve(file)).toEqual({ ok: false, problems });
  });

  it("reports every mistake at once, one line each", () => {
    const result = resolve({ "client-vpn-session-timeout": { maxHours: 7 }, "entra-signing-certificate-expiry": { minDaysRemaining: -1 } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(["client-vpn-session-timeout.maxHours must be >= 8; got 7.", "entra-signing-certificate-expiry.minDaysRemaining must be >= 0; got -1."]);
  });
});

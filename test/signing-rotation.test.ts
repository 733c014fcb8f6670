import { describe, expect, it } from "vitest";
import { parseStackConfig, RawStackConfig } from "../components/config";
import { certificateResourceSuffix, planSigningCertificates, SigningCertificatesConfig } from "../components/signing-rotation";
import { exampleNow, exampleRawConfig } from "./support/example-stack";

// The example stack's certificate ends 2029-11-01; exampleNow is 2026-11-21.
const CURRENT = "2029-11-01T00:00:00Z";
const NEXT = "2029-10-01T00:00:00Z";
const LATER = "2029-11-15T00:00:00Z";

describe("planSigningCertificates: what each step declares, publishes and activates", () => {
  const summary = (config: SigningCertificatesConfig) => {
    const plan = planSigningCertificates(config);
    return {
      declared: plan.certificates.map((c) => `${c.role}:${c.resourceSuffix}`),
      active: plan.active,
      immediate: plan.activationBeforePublication,
    };
  };
  const current = `current:signing-certificate-2029-11-01T00-00-00Z`;
  const next = `new:signing-certificate-2029-11-15T00-00-00Z`;

  it.each([
    ["no rotation", undefined, { declared: [current], active: "current", immediate: false }],
    ["publish", "publish", { declared: [current, next], active: "current", immediate: false }],
    ["activate", "activate", { declared: [current, next], active: "new", immediate: false }],
    ["retire", "retire", { declared: [next], active: "new", immediate: false }],
    ["immediate", "immediate", { declared: [next], active: "new", immediate: true }],
  ] as const)("%s", (_step, step, expected) => {
    const config: SigningCertificatesConfig = { signingCertificateEndDate: CURRENT, ...(step ? { signingCertificateRotation: { endDate: LATER, step } } : {}) };
    expect(summary(config)).toEqual(expected);
  });

  it("publishes in one fixed order while both are published, so activating changes nothing in IAM", () => {
    const publish = planSigningCertificates({ signingCertificateEndDate: CURRENT, signingCertificateRotation: { endDate: LATER, step: "publish" } });
    const activate = planSigningCertificates({ signingCertificateEndDate: CURRENT, signingCertificateRotation: { endDate: LATER, step: "activate" } });
    expect(activate.certificates).toEqual(publish.certificates);
  });

  it("keeps a certificate's resource name through every step and after the finish, when the date moves to signingCertificateEndDate", () => {
    const during = planSigningCertificates({ signingCertificateEndDate: CURRENT, signingCertificateRotation: { endDate: LATER, step: "retire" } });
    const finished = planSigningCertificates({ signingCertificateEndDate: LATER });
    expect(finished.certificates.map((c) => c.resourceSuffix)).toEqual(during.certificates.map((c) => c.resourceSuffix));
  });

  it("gives the certificate a stack deployed before rotations the legacy name as an alias, so it is renamed, not replaced", () => {
    const [certificate] = planSigningCertificates({ signingCertificateEndDate: CURRENT }).certificates;
    expect(certificate.aliasSuffixes).toEqual(["signing-certificate"]);
  });

  it("keeps the legacy name for a certificate whose date Entra chose (no signingCertificateEndDate)", () => {
    const plan = planSigningCertificates({ signingCertificateRotation: { endDate: LATER, step: "publish" } });
    expect(plan.certificates.map((c) => [c.resourceSuffix, c.endDate, c.aliasSuffixes])).toEqual([
      ["signing-certificate", undefined, []],
      ["signing-certificate-2029-11-15T00-00-00Z", LATER, []],
    ]);
  });

  it.each([
    ["2029-11-01T00:00:00Z", "signing-certificate-2029-11-01T00-00-00Z"],
    ["2029-11-01T00:00:00.5+01:00", "signing-certificate-2029-11-01T00-00-00-5+01-00"],
  ])("names the certificate ending %s after its date", (endDate, suffix) => {
    expect(certificateResourceSuffix(endDate)).toBe(suffix);
  });
});

describe("validation of the rotation settings", () => {
  type Azure = { signingCertificateEndDate?: string; signingCertificateRotation?: unknown };
  const problemsFor = (azure: Azure, now = exampleNow) => {
    const raw = exampleRawConfig() as RawStackConfig & { azure: Record<string, unknown> };
    delete raw.azure.signingCertificateEndDate;
    Object.assign(raw.azure, azure);
    const result = parseStackConfig(raw, now);
    return result.ok ? [] : result.problems.map((p) => `${p.setting}: ${p.message}`);
  };

  it.each(["publish", "activate", "retire", "immediate"])("accepts step %s with a later certificate", (step) => {
    expect(problemsFor({ signingCertificateEndDate: CURRENT, signingCertificateRotation: { endDate: LATER, step } })).toEqual([]);
  });

  it("passes the rotation through to the stack config", () => {
    const raw = exampleRawConfig() as RawStackConfig & { azure: Record<string, unknown> };
    raw.azure.signingCertificateRotation = { endDate: LATER, step: "publish" };
    const result = parseStackConfig(raw, exampleNow);
    expect(result.ok && result.config.azure.signingCertificateRotation).toEqual({ endDate: LATER, step: "publish" });
  });

  const afterExpiry = new Date("2029-11-02T00:00:00Z");
  it.each<[string, Azure, Date, RegExp]>([
    ["a step that is not one", { signingCertificateEndDate: CURRENT, signingCertificateRotation: { endDate: LATER, step: "swap" } }, exampleNow,
      /^azure\.signingCertificateRotation\.step: must be one of publish, activate, retire, immediate, in that order/],
    ["no end date for the new certificate", { signingCertificateEndDate: CURRENT, signingCertificateRotation: { step: "publish" } }, exampleNow,
      /^azure\.signingCertificateRotation\.endDate: must be the new certificate's end date/],
    ["an end date that is not RFC 3339", { signingCertificateEndDate: CURRENT, signingCertificateRotation: { endDate: "15/11/2029", step: "publish" } }, exampleNow,
      /^azure\.signingCertificateRotation\.endDate: must be an RFC 3339 date/],
    ["an unknown setting in the rotation", { signingCertificateEndDate: CURRENT, signingCertificateRotation: { endDate: LATER, step: "publish", force: true } }, exampleNow,
      /^azure\.signingCertificateRotation: unknown setting "force"/],
    ["a new certificate that ends before the one it replaces", { signingCertificateEndDate: CURRENT, signingCertificateRotation: { endDate: NEXT, step: "publish" } }, exampleNow,
      /^azure\.signingCertificateRotation\.endDate: 2029-10-01T00:00:00Z is not after azure\.signingCertificateEndDate \(2029-11-01T00:00:00Z\); the new certificate must outlive/],
    ["a new certificate that ends with the one it replaces", { signingCertificateEndDate: CURRENT, signingCertificateRotation: { endDate: "2029-11-01T01:00:00+01:00", step: "publish" } }, exampleNow,
      /is not after azure\.signingCertificateEndDate/],
    ["a new certificate more than three years ahead", { signingCertificateEndDate: CURRENT, signingCertificateRotation: { endDate: "2030-01-01T00:00:00Z", step: "publish" } }, exampleNow,
      /^azure\.signingCertificateRotation\.endDate: 2030-01-01T00:00:00Z is more than 3 years ahead; Entra issues token signing certificates for at most 3 years$/],
    ["a new certificate already expired", { signingCertificateEndDate: CURRENT, signingCertificateRotation: { endDate: LATER, step: "retire" } }, new Date("2029-12-01T00:00:00Z"),
      /^azure\.signingCertificateRotation\.endDate: 2029-11-15T00:00:00Z is in the past/],
    ["an expired certificate still published (publish)", { signingCertificateEndDate: CURRENT, signingCertificateRotation: { endDate: LATER, step: "publish" } }, afterExpiry,
      /^azure\.signingCertificateEndDate: the certificate being replaced expired on 2029-11-01T00:00:00Z; Entra already signs with the new one by itself.*set azure\.signingCertificateRotation\.step to retire$/],
    ["an expired certificate still published (activate)", { signingCertificateEndDate: CURRENT, signingCertificateRotation: { endDate: LATER, step: "activate" } }, afterExpiry,
      /step to retire$/],
    ["an expired certificate with no rotation under way", { signingCertificateEndDate: CURRENT }, afterExpiry,
      /^azure\.signingCertificateEndDate: 2029-11-01T00:00:00Z is in the past: .*add azure\.signingCertificateRotation with a new endDate and step: immediate/],
  ])("refuses %s with one message naming the setting and the fix", (_case, azure, now, message) => {
    const problems = problemsFor(azure, now);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it.each(["retire", "immediate"])("does not hold the replaced certificate's past end date against step %s, which no longer publishes it", (step) => {
    expect(problemsFor({ signingCertificateEndDate: CURRENT, signingCertificateRotation: { endDate: LATER, step } }, afterExpiry)).toEqual([]);
  });

  it("accepts a rotation away from a certificate whose end date Entra chose", () => {
    expect(problemsFor({ signingCertificateRotation: { endDate: LATER, step: "publish" } })).toEqual([]);
  });
});

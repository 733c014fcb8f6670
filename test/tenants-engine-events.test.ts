import type { EngineEvent } from "@pulumi/pulumi/automation";
import { describe, expect, it } from "vitest";
import { EngineEventObserver, resourceName } from "../cli/tenants/engine-events";

const URN = "urn:pulumi:acme::clientvpn-federation::";

let sequence = 0;

function step(op: string, type: string, name: string, diffs?: string[]): EngineEvent {
  return {
    sequence: sequence++,
    timestamp: 0,
    resourcePreEvent: { metadata: { op, urn: `${URN}${type}::${name}`, type, provider: "", ...(diffs ? { diffs } : {}) } },
  } as EngineEvent;
}

describe("EngineEventObserver", () => {
  it("counts steps, tells the current one, and counts only changing steps as changes", () => {
    const observer = new EngineEventObserver();
    expect(observer.observe(step("refresh", "aws:ec2/clientVpnEndpoint:ClientVpnEndpoint", "vpn"))).toEqual({
      steps: 1,
      changes: 0,
      current: "refresh aws:ec2/clientVpnEndpoint:ClientVpnEndpoint vpn",
    });
    observer.observe(step("same", "aws:iam/samlProvider:SamlProvider", "users"));
    expect(observer.observe(step("update", "azuread:index/application:Application", "vpn-app", ["web", "api"]))).toEqual({
      steps: 3,
      changes: 1,
      current: "update azuread:index/application:Application vpn-app",
    });
  });

  it("applies an event the log tail delivered twice only once (same sequence number)", () => {
    const observer = new EngineEventObserver();
    const refresh = step("refresh", "aws:ec2/clientVpnEndpoint:ClientVpnEndpoint", "vpn");
    const update = step("update", "azuread:index/application:Application", "vpn-app", ["web"]);
    const failure = { sequence: sequence++, timestamp: 0, diagnosticEvent: { severity: "error", message: "boom" } } as EngineEvent;
    const progress = [refresh, refresh, update, update, failure, failure].map((event) => observer.observe(event));
    expect(progress.map((p) => p?.steps)).toEqual([1, undefined, 2, undefined, undefined, undefined]);
    expect(observer.report().changedResources).toHaveLength(1);
    expect(observer.errorDiagnostics()).toEqual(["boom"]);
  });

  it("reports changed resources once each, sorted by URN, with sorted diffs", () => {
    const observer = new EngineEventObserver();
    observer.observe(step("update", "azuread:index/application:Application", "vpn-app", ["web", "api"]));
    observer.observe(step("create-replacement", "aws:ec2/clientVpnEndpoint:ClientVpnEndpoint", "vpn"));
    observer.observe(step("replace", "aws:ec2/clientVpnEndpoint:ClientVpnEndpoint", "vpn"));
    expect(observer.report().changedResources).toEqual([
      { op: "replace", urn: `${URN}aws:ec2/clientVpnEndpoint:ClientVpnEndpoint::vpn`, type: "aws:ec2/clientVpnEndpoint:ClientVpnEndpoint", diffs: [] },
      { op: "update", urn: `${URN}azuread:index/application:Application::vpn-app`, type: "azuread:index/application:Application", diffs: ["api", "web"] },
    ]);
  });

  it("takes the change summary from the engine's summary event", () => {
    const observer = new EngineEventObserver();
    observer.observe(step("update", "azuread:index/application:Application", "vpn-app"));
    observer.observe({ sequence: 1, timestamp: 0, summaryEvent: { maybeCorrupt: false, durationSeconds: 3, resourceChanges: { same: 9, update: 1 }, policyPacks: {} } });
    expect(observer.report().changeSummary).toEqual({ same: 9, update: 1 });
  });

  it("counts the announced changes when the run ended before a summary event", () => {
    const observer = new EngineEventObserver();
    observer.observe(step("update", "azuread:index/application:Application", "a"));
    observer.observe(step("update", "azuread:index/application:Application", "b"));
    observer.observe(step("same", "azuread:index/application:Application", "c"));
    expect(observer.report().changeSummary).toEqual({ update: 2 });
  });

  it("keeps error diagnostics without colour codes, and ignores other severities", () => {
    const observer = new EngineEventObserver();
    const diagnostic = (severity: "error" | "warning" | "info", message: string, urn?: string): EngineEvent => ({
      sequence: sequence++,
      timestamp: 0,
      diagnosticEvent: { severity, message, color: "never", ...(urn ? { urn } : {}) },
    });
    expect(observer.observe(diagnostic("error", "\u001b[31mAccessDenied\u001b[0m\n", `${URN}aws:ec2/clientVpnEndpoint:ClientVpnEndpoint::vpn`))).toBeUndefined();
    observer.observe(diagnostic("warning", "deprecated"));
    observer.observe(diagnostic("error", "preview failed"));
    expect(observer.errorDiagnostics()).toEqual(["vpn: AccessDenied", "preview failed"]);
  });

  it("reports mandatory policy violations as errors and advisory ones as warnings", () => {
    const observer = new EngineEventObserver();
    const policy = (enforcementLevel: "warning" | "mandatory", policyName: string, message: string): EngineEvent => ({
      sequence: sequence++,
      timestamp: 0,
      policyEvent: {
        resourceUrn: `${URN}azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate::signing`,
        message,
        color: "never",
        policyName,
        policyPackName: "clientvpn-federation-guardrails",
        policyPackVersion: "0.1.0",
        policyPackVersionTag: "v0.1.0",
        enforcementLevel,
      },
    });
    observer.observe(policy("warning", "signing-certificate-expiry-warning", "expires in 40 days\n"));
    observer.observe(policy("warning", "signing-certificate-expiry-warning", "expires in 40 days\n"));
    observer.observe(policy("mandatory", "signing-certificate-expiry", "expires in 5 days"));
    expect(observer.report().policyWarnings).toEqual(["signing-certificate-expiry-warning (signing): expires in 40 days"]);
    expect(observer.errorDiagnostics()).toEqual(["signing-certificate-expiry (signing): expires in 5 days"]);
  });

  it("leaves policyWarnings out when there are none", () => {
    expect(new EngineEventObserver().report()).not.toHaveProperty("policyWarnings");
  });

  it("names a resource by the URN's last segment", () => {
    expect(resourceName(`${URN}aws:ec2/clientVpnEndpoint:ClientVpnEndpoint::vpn`)).toBe("vpn");
    expect(resourceName("no-separator")).toBe("no-separator");
  });
});

import { describe, expect, it } from "vitest";
import { formatChangeCounts, hasChanges } from "../cli/tenants/change-summary";
import type { StackOutcome } from "../cli/tenants/run-fleet";
import {
  formatResourceChange,
  renderMarkdownSummary,
  renderSummaryTable,
  resultTally,
} from "../cli/tenants/summary-table";

const URN = "urn:pulumi:acme::clientvpn-federation::";

const OUTCOMES: StackOutcome[] = [
  { stack: "acme", result: "unchanged", changeSummary: { same: 20 }, changedResources: [], durationMs: 1 },
  {
    stack: "globex",
    result: "drift",
    changeSummary: { same: 18, update: 1, replace: 1 },
    changedResources: [
      { op: "update", urn: `${URN}azuread:index/application:Application::vpn-app`, type: "azuread:index/application:Application", diffs: ["web"] },
      { op: "replace", urn: `${URN}aws:ec2/clientVpnEndpoint:ClientVpnEndpoint::vpn`, type: "aws:ec2/clientVpnEndpoint:ClientVpnEndpoint", diffs: [] },
    ],
    durationMs: 1,
  },
  {
    stack: "initech",
    result: "failed",
    changeSummary: {},
    changedResources: [],
    error: "error: AccessDenied: sts:AssumeRoleWithWebIdentity",
    durationMs: 1,
  },
];

describe("change counts", () => {
  it.each<{ summary: Record<string, number>; text: string; changes: boolean }>([
    { summary: { same: 3 }, text: "none", changes: false },
    { summary: { same: 3, read: 1, discard: 1, "read-replacement": 1, refresh: 2 }, text: "none", changes: false },
    { summary: { update: 2, create: 1, same: 5 }, text: "create 1, update 2", changes: true },
    { summary: { delete: 0, same: 1 }, text: "none", changes: false },
    { summary: { replace: 1, "create-replacement": 1, "delete-replaced": 1 }, text: "create-replacement 1, delete-replaced 1, replace 1", changes: true },
  ])("$summary -> $text", ({ summary, text, changes }) => {
    expect(formatChangeCounts(summary)).toBe(text);
    expect(hasChanges(summary)).toBe(changes);
  });
});

describe("renderSummaryTable", () => {
  const table = renderSummaryTable("drift", OUTCOMES, { color: false });
  const rows = table.split("\n");

  it("has the columns stack, result, changes, drifted resources, and errors and policy warnings", () => {
    expect(rows[1]).toMatch(/Stack\s*│\s*Result\s*│\s*Changes\s*│\s*Drifted resources\s*│\s*Errors and policy warnings/);
  });

  it("shows each stack's result and change counts", () => {
    expect(table).toMatch(/acme\s*│\s*in sync\s*│\s*none/);
    expect(table).toMatch(/globex\s*│\s*DRIFT\s*│\s*replace 1, update 1/);
    expect(table).toMatch(/initech\s*│\s*FAILED\s*│\s*none/);
  });

  it("lists the drifted resources with their changed properties", () => {
    expect(table).toContain("update azuread:index/application:Application vpn-app [web]");
    expect(table).toContain("replace aws:ec2/clientVpnEndpoint:ClientVpnEndpoint vpn");
  });

  it("shows a failed stack's error", () => {
    expect(table).toContain("AccessDenied: sts:AssumeRoleWithWebIdentity");
  });

  it("lists a stack's advisory policy warnings after its error", () => {
    const warned = renderSummaryTable("drift", [{ ...OUTCOMES[0], policyWarnings: ["signing-certificate-expiry: expires in 40 days"] }], {
      color: false,
    });
    expect(warned).toContain("warning: signing-certificate-expiry: expires in 40 days");
  });

  it("ends with a tally", () => {
    expect(rows[rows.length - 1]).toBe("3 stacks: 1 in sync, 1 drift, 1 failed");
  });

  it("has no drifted-resources column outside drift", () => {
    const preview = renderSummaryTable("preview", [OUTCOMES[0]], { color: false });
    expect(preview).not.toContain("Drifted resources");
    expect(preview).toMatch(/acme\s*│\s*no changes\s*│\s*none/);
  });

  it("contains no colour codes when colour is off", () => {
    expect(table).not.toContain("\u001b[");
  });
});

describe("renderMarkdownSummary", () => {
  it("renders a GitHub Markdown table with one row per stack", () => {
    const markdown = renderMarkdownSummary("drift", OUTCOMES);
    expect(markdown).toContain("### Tenant fleet drift");
    expect(markdown).toContain("| Stack | Result | Changes | Drifted resources | Errors and policy warnings |");
    expect(markdown).toContain("| --- | --- | --- | --- | --- |");
    expect(markdown).toContain(
      "| globex | DRIFT | replace 1, update 1 | update azuread:index/application:Application vpn-app [web]<br>replace aws:ec2/clientVpnEndpoint:ClientVpnEndpoint vpn |  |",
    );
  });

  it("escapes pipes so an error cannot break the table", () => {
    const markdown = renderMarkdownSummary("up", [{ ...OUTCOMES[2], error: "a | b" }]);
    expect(markdown).toContain("| initech | FAILED | none | a \\| b |");
  });
});

describe("small formatters", () => {
  it("names a resource by its URN's last segment", () => {
    expect(formatResourceChange({ op: "delete", urn: `${URN}aws:iam/samlProvider:SamlProvider::users`, type: "aws:iam/samlProvider:SamlProvider", diffs: [] })).toBe(
      "delete aws:iam/samlProvider:SamlProvider users",
    );
  });

  it("uses the singular for one stack", () => {
    expect(resultTally("up", [{ ...OUTCOMES[0], result: "updated" }])).toBe("1 stack: 1 updated");
  });
});

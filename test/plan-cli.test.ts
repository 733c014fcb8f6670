import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { X509Certificate } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseStackConfig } from "../components/config";
import { rawConfigFromEngine } from "../components/stack-config-source";
import { engineConfigFromStackFile } from "../cli/plan/stack-file";
import { offlinePlanHeading } from "../cli/plan/plan-report";
import { placeholderCertificateSubject } from "../cli/plan/placeholder-certificate";
import { EXIT } from "../cli/shared/exit-codes";
import { runPlanCli } from "../cli/plan/cli";

/**
 * `npm run plan` as a user runs it: a separate process with no credentials, started the way npm starts it (in
 * the project root, with INIT_CWD the user's own folder), writing to a temporary folder given relative to it.
 */
const root = join(__dirname, "..");
const tsx = join(root, "node_modules", ".bin", "tsx");
const main = join(root, "cli", "plan", "main.ts");
const work = mkdtempSync(join(tmpdir(), "plan-cli-"));
const exampleYaml = readFileSync(join(root, "Pulumi.dev.yaml"), "utf8");

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}
function plan(args: string[]): Promise<Outcome> {
  return new Promise((done) => {
    // No cloud credentials and no colour, whatever the developer's shell has.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(AWS_|ARM_|AZURE_|PULUMI_|FORCE_COLOR)/.test(key)));
    execFile(tsx, [main, ...args], { cwd: root, env: { ...env, INIT_CWD: work, NO_COLOR: "1" }, timeout: 120_000 }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const badYaml = exampleYaml
  .replace("clientCidr: 172.20.0.0/22", "clientCidr: 172.20.0.0/23")
  .replace("sessionTimeoutHours: 12", "sessionTimeoutHours: 48")
  .replace("groups: [engineers]", "groups: [engineers, people]");

/**
 * The same command in this process (runPlanCli, all main.ts calls), for a stack the plan refuses: the
 * subprocess above already covers start-up and main.ts, and a second one would cost seconds of tsx start-up.
 */
async function planInProcess(args: string[]): Promise<Outcome & { wroteFiles: boolean }> {
  const outcome = { code: -1, stdout: "", stderr: "", wroteFiles: false };
  outcome.code = await runPlanCli(args, {
    writeOut: (text) => (outcome.stdout += text),
    writeErr: (text) => (outcome.stderr += text),
    color: false,
    cwd: work,
    now: new Date(),
    writeFiles: async () => {
      outcome.wroteFiles = true;
    },
  });
  return outcome;
}

let good: Outcome;
let bad: Outcome & { wroteFiles: boolean };
beforeAll(async () => {
  writeFileSync(join(work, "Pulumi.bad.yaml"), badYaml);
  [good, bad] = await Promise.all([
    plan(["--stack", "dev", "--out", "out"]),
    planInProcess(["--stack", "bad", "--stack-file", "Pulumi.bad.yaml", "--out", "out"]),
  ]);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The example stack's validated config: what the plan's tables must show. */
const example = () => {
  const parsed = parseStackConfig(rawConfigFromEngine(engineConfigFromStackFile(exampleYaml, "Pulumi.dev.yaml", "clientvpn-federation").config), new Date());
  if (!parsed.ok) throw new Error("the example stack is invalid");
  return parsed.config;
};
/** A cli-table3 row holding exactly these cells, padded. */
const tableRow = (cells: string[]) => new RegExp(`│ ${cells.map((cell) => cell.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("\\s+│ ")}\\s+│`);
const written = (name: string) => readFileSync(join(work, "out", "dev", name), "utf8");
const endpointName = () => /DNS name <\*\.(cvpn-endpoint-[0-9a-f]{17}\.prod\.clientvpn\.us-east-1\.amazonaws\.com)>/.exec(good.stdout)?.[1];

describe("npm run plan on the example stack", () => {
  it("succeeds and says first that it is an offline plan", () => {
    expect(good.stderr).toBe("");
    expect(good.code).toBe(EXIT.ok);
    expect(good.stdout.split("\n")[0]).toBe(offlinePlanHeading);
  });

  it("prints the resource tree under both components, with the endpoint's settings", () => {
    expect(good.stdout).toMatch(/^clientvpn-federation:entra:SamlApp entra$/m);
    expect(good.stdout).toMatch(/^clientvpn-federation:aws:ClientVpn vpn$/m);
    expect(good.stdout).toContain("client CIDR 172.20.0.0/22");
    expect(good.stdout).toContain("session timeout 12 h");
    expect(good.stdout).toContain("identifier urn:amazon:webservices:clientvpn");
    expect(endpointName()).toBeDefined();
  });

  it("prints who reaches what: one row per group and network of the example's access list, by alias and object ID", () => {
    const rows = example().access.flatMap((entry) =>
      entry.groups === "all" ? [["all assigned users", "-", entry.name, entry.cidr]] : entry.groups.map((group) => [group.alias!, group.objectId, entry.name, entry.cidr]),
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const cells of rows) expect(good.stdout).toMatch(tableRow(cells));
    expect(good.stdout).toMatch(tableRow(["engineers", "3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74", "payments", "10.3.0.0/16"]));
  });

  it("prints the return routes each network needs: back to both association subnets", () => {
    for (const entry of example().access) {
      expect(good.stdout).toMatch(tableRow([entry.name, entry.cidr, "10.0.0.0/24 (subnet-0aa11bb22cc33dd44, us-east-1a)"]));
    }
    expect(good.stdout).toContain("10.0.1.0/24 (subnet-0ee55ff66aa77bb88, us-east-1b)");
  });

  it("prints the walkthrough's cost: $544 a month for 2 associations and 50 users at 40 h/week", () => {
    expect(good.stdout).toContain("Monthly cost estimate (us-east-1): $544.00");
    expect(good.stdout).toMatch(/Client VPN endpoint association\s+│\s+2\s+│\s+720\s+│\s+\$0\.10\s+│\s+\$144\.00/);
    expect(good.stdout).toMatch(/Client VPN connection\s+│\s+50\s+│\s+160\s+│\s+\$0\.05\s+│\s+\$400\.00/);
  });

  it("writes both profiles, each with exactly one remote: the endpoint's name without the wildcard", () => {
    for (const file of ["aws-vpn-client.ovpn", "openvpn.ovpn"]) {
      expect(written(file).match(/^remote .*$/gm)).toEqual([`remote ${endpointName()} 443`]);
    }
    expect(written("aws-vpn-client.ovpn")).toMatch(/^auth-federate$/m);
    expect(written("openvpn.ovpn")).not.toMatch(/^auth-federate$/m);
  });

  it("writes metadata that says its certificate is a placeholder and carries it", () => {
    const metadata = written("idp-metadata.xml");
    expect(metadata.split("\n")[1]).toMatch(/^<!-- PLACEHOLDER signing certificate: generated by the clientvpn-federation offline plan .* -->$/);
    const body = /<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/.exec(metadata)?.[1];
    expect(new X509Certificate(Buffer.from(body!, "base64")).subject).toContain(placeholderCertificateSubject);
    expect(metadata).toContain('entityID="https://sts.windows.net/6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31/"');
  });

  it("writes a Mermaid diagram from the Entra application to the target networks", () => {
    const lines = written("deployment.mmd").split("\n").map((line) => line.trim());
    expect(lines[0]).toBe("flowchart LR");
    for (const node of ["app[", "sp[", "claims[", "cert[", "metadata[/", "saml0[", "saml1[", "cvpn[", "assoc0[", "assoc1["]) {
      expect(lines.some((line) => line.startsWith(node)), node).toBe(true);
    }
    for (const entry of example().access) expect(lines.some((line) => line.endsWith(`[("${entry.name}<br/>${entry.cidr}")]`)), entry.name).toBe(true);
    expect(lines).toContain('group1(["Group engineers<br/>3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74"])');
    expect(lines).toEqual(expect.arrayContaining(["cert --> metadata", "saml0 -->|sign-in| cvpn", "cvpn --> assoc1", "group1 -->|assigned| sp"]));
    expect(lines.filter((line) => /^assoc[01] -->\|route\| net\d+$/.test(line))).toHaveLength(2 * example().access.length);
  });

  it("prints what switching azure.groupClaim would create, replace and delete (planning the gallery route in this process too)", () => {
    const section = good.stdout.slice(good.stdout.indexOf('If azure.groupClaim were "gallery-app" (now "claims-mapping-policy"), pulumi up would:'));
    expect(section).not.toBe(good.stdout);
    expect(section).toMatch(/^ {2}create {2}azuread\.ApplicationFromTemplate entra-gallery-application$/m);
    expect(section).toMatch(/^ {2}replace azuread\.ApplicationIdentifierUri entra-identifier \(applicationId change; the old one is deleted first\)$/m);
    expect(section).toMatch(/^ {2}update {2}aws\.iam\.SamlProvider vpn-saml \(samlMetadataDocument\)$/m);
    expect(section).toMatch(/^ {2}delete {2}azuread\.ClaimsMappingPolicy entra-claims$/m);
  });

  it("prints the Graph permissions the deploying identity needs and the P1/P2 requirement of group assignment", () => {
    expect(good.stdout).toContain("Microsoft Graph application permissions the deploying identity needs (admin consent)");
    expect(good.stdout).toContain("  Policy.ReadWrite.ApplicationConfiguration and Policy.Read.All: the claims-mapping policy that emits memberOf, and its assignment");
    expect(good.stdout).toContain("  AppRoleAssignment.ReadWrite.All and Application.Read.All, or Application.ReadWrite.All: assigning the groups of azure.groups to the application");
    expect(good.stdout).toContain("Microsoft Entra ID P1 or P2");
  });

  it("writes the printed report beside them", () => {
    const printedReport = good.stdout.slice(0, good.stdout.indexOf("\nWritten to "));
    expect(printedReport).toContain(offlinePlanHeading);
    expect(written("plan.txt")).toBe(printedReport);
    expect(written("plan.md")).toContain("```mermaid\nflowchart LR");
  });
});

describe("npm run plan on a bad stack", () => {
  it("fails with exactly the problems pulumi preview reports, one line each, and no stack trace", () => {
    expect(bad.code).toBe(EXIT.failed);
    expect(bad.stderr).toBe(
      [
        "error: The stack configuration has 3 problems; nothing was created:",
        "  - vpn.clientCidr: /23 is smaller than the /22 AWS requires; use a /22 or larger",
        "  - vpn.sessionTimeoutHours: must be one of 8, 10, 12 or 24 hours",
        '  - access[3].groups[1]: "people" is not an alias in azure.groups (known: vpn-users, engineers), nor a group object ID',
        "",
      ].join("\n"),
    );
    expect(bad.stdout).toBe("");
  });

  it("writes nothing", () => {
    expect(bad.wroteFiles).toBe(false);
    expect(existsSync(join(work, "out", "bad"))).toBe(false);
  });
});

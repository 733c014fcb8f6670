import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeClientVpnTargetNetworksCommand } from "@aws-sdk/client-ec2";
import { load } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAdoptCommand } from "../cli/adopt/adopt-command";
import type { ImportFile } from "../cli/adopt/adoption-plan";
import { entraSelects } from "../cli/adopt/read-entra";
import { GraphClient, GraphError } from "../components/graph/graph-client";
import { createOfflineEngine, type PulumiProgram } from "../cli/plan/offline-engine";
import { placeholderProviders } from "../cli/plan/placeholder-outputs";
import { offlineLookups } from "../cli/plan/offline-lookups";
import type { RecordedResource } from "../cli/plan/recording-mocks";
import { engineConfigFromStackFile } from "../cli/plan/stack-file";
import type { AppRoleView } from "../components/app-roles";
import { checkGalleryInputs } from "../components/gallery-app/gallery-app-inputs";
import { stateAfterWrite } from "../components/gallery-app/gallery-app-plan";
import { type AwsMocks, mockAws, testAwsClients } from "./support/adopt-aws-mocks";
import {
  type RecordedSetup,
  galleryApp,
  galleryTemplateId,
  portalAndThreeGroups,
  portalMetadata,
  secondEndpoint,
  serveTenant,
  userRoleId,
  walkthrough,
} from "./support/adopt-recorded-setups";
import { importedState } from "./support/imported-state";
import { type Fault, FakeGraphServer, fakeToken } from "./support/fake-graph-server";
import { engineConfigOf, exampleNetworkFacts } from "./support/example-stack";
import { withoutStackTraces } from "./support/without-stack-traces";

/**
 * `npm run adopt` against recorded manual setups: AWS through aws-sdk-client-mock with strict input matchers,
 * Entra through the fake Graph v1.0 (test/support/fake-graph-server.ts), which checks every $select against the
 * v1.0 schema. Each recorded setup is adopted once and the program run once more as after `pulumi import`; the
 * refusals stop before the program runs. The pure mapping's cases are in adopt-stack-settings.test.ts.
 */
const project = "clientvpn-federation";
const now = new Date("2026-11-21T12:00:00Z");
const graph = new FakeGraphServer();
const work = mkdtempSync(join(tmpdir(), "adopt-"));
// The clients' send is stubbed for this file only: test files share a worker.
let aws: AwsMocks;
beforeAll(async () => {
  aws = mockAws();
  await graph.start();
});
afterAll(async () => {
  aws.restore();
  await graph.stop();
  rmSync(work, { recursive: true, force: true });
});

interface AdoptRun {
  code: number;
  stdout: string;
  stderr: string;
  stackText?: string;
  stack?: { config: Record<string, any> };
  importFile?: ImportFile;
}

let runs = 0;
async function adopt(setup: RecordedSetup, argv: string[], options: { dir?: string; fault?: Fault } = {}): Promise<AdoptRun> {
  serveTenant(graph, setup.tenant);
  if (options.fault) graph.injectFault(options.fault);
  aws.serve(setup);
  const dir = options.dir ?? mkdtempSync(join(work, `run${runs++}-`));
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdoptCommand(argv, {
    createAws: testAwsClients,
    createGraph: () => new GraphClient({ baseUrl: graph.baseUrl, getToken: async () => fakeToken, retry: { maxThrottleRetries: 0 } }),
    projectDir: dir,
    project,
    fileExists: existsSync,
    writeFile: async (path, text) => writeFileSync(path, text),
    writeOut: (text) => void out.push(text),
    writeErr: (text) => void err.push(text),
    now: () => now,
  });
  const stack = argv[argv.indexOf("--stack") + 1];
  const stackPath = join(dir, `Pulumi.${stack}.yaml`);
  const importPath = join(dir, `adopt-${stack}.import.json`);
  const stackText = existsSync(stackPath) ? readFileSync(stackPath, "utf8") : undefined;
  return {
    code,
    stdout: out.join(""),
    stderr: err.join(""),
    stackText,
    stack: stackText ? (load(stackText) as { config: Record<string, any> }) : undefined,
    importFile: existsSync(importPath) ? (JSON.parse(readFileSync(importPath, "utf8")) as ImportFile) : undefined,
  };
}

/** The items of one report section, after its title line. */
function section(report: string, title: string): string[] {
  const lines = report.split("\n");
  const start = lines.findIndex((line) => line.startsWith(title));
  expect(start, `section "${title}"`).toBeGreaterThanOrEqual(0);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith("  ")) break;
    items.push(line.replace(/^ {2}(- )?/, ""));
  }
  return items;
}

const args = ["--stack", "callcentre", "--region", "us-east-1"];

/** What the program declares for a stack file, as after `pulumi import`, held against the import file. */
interface ImportCheck {
  /** Import entries the program declares under no URN `pulumi import` would give them. */
  undeclared: string[];
  /** ForceNew inputs that differ from what the provider reads for the imported ID. */
  differing: string[];
  /** How many ForceNew inputs were compared. */
  compared: number;
  declared: RecordedResource[];
}

/**
 * Runs the program under mocks with the stack file adopt wrote, as after `pulumi import`: each resource in the
 * import file gets the state its provider reads for that ID (test/support/imported-state.ts parses the ID as the
 * provider does, independently of adopt's own matching), everything else a placeholder, the gallery settings what
 * their create returns. Every imported resource must then be declared under the URN `pulumi import` gives it,
 * with inputs equal to the live properties for every property that forces a replacement.
 */
async function checkImports(setup: RecordedSetup, run: AdoptRun): Promise<ImportCheck> {
  const file = run.importFile!;
  // URNs as pulumi import builds them: the parent chain of types, then the logical name.
  const byName = new Map(file.resources.map((entry) => [entry.name, entry]));
  const urnOf = (entry: ImportFile["resources"][number]): string => {
    const types: string[] = [];
    for (let at: typeof entry | undefined = entry; at; at = at.parent ? byName.get(at.parent) : undefined) types.unshift(at.type);
    return `urn:pulumi:callcentre::${project}::${types.join("$")}::${entry.logicalName}`;
  };
  const placeholders = placeholderProviders({ awsRegion: setup.region, stack: "callcentre", now });
  const imported = new Map(file.resources.filter((entry) => !entry.component).map((entry) => [`${entry.type}::${entry.logicalName}`, entry]));
  const stateFor = (type: string) => (name: string, inputs: Record<string, unknown>) => {
    const entry = imported.get(`${type}::${name}`);
    if (entry) return importedState(setup, type, entry.id!).outputs;
    if (type === "pulumi-nodejs:dynamic/entra:GalleryAppSettings") return galleryCreateState(setup, inputs);
    return (placeholders.outputs[type] ?? placeholders.defaultOutputs)(name, inputs);
  };
  const types = [...new Set([...file.resources.map((entry) => entry.type), ...Object.keys(placeholders.outputs), "pulumi-nodejs:dynamic/entra:GalleryAppSettings"])];
  const lookups = offlineLookups({
    vpcCidrs: setup.vpcs[0].CidrBlockAssociationSet!.map((block) => block.CidrBlock!),
    subnets: setup.subnets.map((subnet) => ({
      id: subnet.SubnetId!,
      vpcId: subnet.VpcId!,
      availabilityZone: subnet.AvailabilityZone!,
      cidr: subnet.CidrBlock!,
      availableIpAddresses: subnet.AvailableIpAddressCount!,
    })),
  });
  const engine = createOfflineEngine({
    project,
    stack: "callcentre",
    organization: "organization",
    outputs: Object.fromEntries(types.map((type) => [type, stateFor(type)])),
    defaultOutputs: placeholders.defaultOutputs,
    invokes: {
      ...lookups.invokes,
      // The tenant's application carries no marker: made in the portal.
      "azuread:index/getApplication:getApplication": () => ({ notes: "", displayName: "AWS Client VPN", clientId: setup.ids.clientId }),
      "azuread:index/getApplicationTemplate:getApplicationTemplate": (inputs) => {
        const template = setup.tenant.applicationTemplates.find((candidate) => candidate.displayName === inputs.displayName);
        if (!template) throw new Error("no application templates found matching filter");
        return { id: template.id, templateId: template.id, displayName: template.displayName };
      },
    },
  });
  const program = (await import("../index")).default as unknown as PulumiProgram;
  const declared = await engine.run(program, engineConfigFromStackFile(run.stackText!, "Pulumi.callcentre.yaml", project).config);
  const declaredByUrn = new Map(declared.resources.map((resource) => [resource.urn, resource]));
  const check: ImportCheck = { undeclared: [], differing: [], compared: 0, declared: declared.resources };
  for (const entry of file.resources) {
    const resource = declaredByUrn.get(urnOf(entry));
    if (!resource) {
      check.undeclared.push(`${entry.type} ${entry.logicalName} (${urnOf(entry)})`);
      continue;
    }
    if (entry.component) continue;
    for (const [property, live] of Object.entries(importedState(setup, entry.type, entry.id!).forceNew)) {
      check.compared++;
      if (JSON.stringify(zeroed(resource.inputs[property])) !== JSON.stringify(zeroed(live))) {
        check.differing.push(`${entry.logicalName}.${property}: declared ${JSON.stringify(resource.inputs[property])}, live ${JSON.stringify(live)}`);
      }
    }
  }
  return check;
}

/** What the gallery provider's create stores for the recorded application (gallery-app-plan.ts stateAfterWrite). */
function galleryCreateState(setup: RecordedSetup, inputs: Record<string, unknown>): Record<string, unknown> {
  const [app] = setup.tenant.applications;
  const [sp] = setup.tenant.servicePrincipals;
  const live = {
    application: { appId: app.appId, identifierUris: app.identifierUris, groupMembershipClaims: null, requestedAccessTokenVersion: null, notes: null },
    servicePrincipal: { appRoleAssignmentRequired: true, preferredSingleSignOnMode: "saml", notificationEmailAddresses: [], appRoles: sp.appRoles as AppRoleView[] },
  };
  return { ...stateAfterWrite(checkGalleryInputs(inputs).inputs, live, true) };
}

/**
 * Terraform's zero values: absent, null, "" and false are the same; lists of objects compared field by field,
 * their keys in one order.
 */
function zeroed(value: unknown): unknown {
  if (value === undefined || value === null || value === "" || value === false) return "";
  if (Array.isArray(value)) return value.map(zeroed);
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, item]) => [key, zeroed(item)] as const)
        .filter(([, item]) => item !== ""),
    );
  }
  return value;
}

/** Adopts `setup` once, then runs the program as after `pulumi import`. */
async function adoptAndCheck(setup: RecordedSetup): Promise<{ run: AdoptRun; imports: ImportCheck; graphRequests: FakeGraphServer["requests"]; awsRequests: string[] }> {
  return withoutStackTraces(async () => {
    const run = await adopt(setup, args);
    const graphRequests = [...graph.requests];
    const awsRequests = aws.calls();
    return { run, imports: await checkImports(setup, run), graphRequests, awsRequests };
  });
}

describe("npm run adopt on the walkthrough's federation", () => {
  const setup = walkthrough();
  let adopted: Awaited<ReturnType<typeof adoptAndCheck>>;
  let run: AdoptRun;
  beforeAll(async () => {
    adopted = await adoptAndCheck(setup);
    run = adopted.run;
  });

  it("writes Pulumi.callcentre.yaml and adopt-callcentre.import.json, and exits 2: two rules need a decision", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(2);
    expect(run.stack).toBeDefined();
    // 16 resources and the two components that hold them.
    expect(run.importFile?.resources.filter((entry) => !entry.component)).toHaveLength(16);
    expect(run.importFile?.resources.filter((entry) => entry.component).map((entry) => entry.type)).toEqual(["clientvpn-federation:entra:SamlApp", "clientvpn-federation:aws:ClientVpn"]);
    expect(run.stdout).toContain("adopt-callcentre.import.json (16 resources to import)");
  });

  it("declares every imported resource under the same URN, with inputs equal to the live properties for every property that forces a replacement", () => {
    expect(adopted.imports.undeclared).toEqual([]);
    expect(adopted.imports.differing).toEqual([]);
    expect(adopted.imports.compared).toBeGreaterThan(run.importFile!.resources.length);
  });

  it("mirrors every setting that would replace the endpoint: client CIDR, transport, authentication (the SAML provider by name)", () => {
    const config = run.stack!.config;
    expect(config["clientvpn-federation:vpn"]).toMatchObject({ clientCidr: "172.16.0.0/22", transportProtocol: "udp", selfServicePortal: false });
    expect(config["clientvpn-federation:adopted"]).toMatchObject({ samlProviderName: "AzureAD-ClientVPN" });
    expect(config["clientvpn-federation:adopted"].selfServiceSamlProvider).toBeUndefined();
  });

  it("keeps the endpoint's other settings, the tenant, the group claim route and the signing certificate's end date as they are", () => {
    const config = run.stack!.config;
    expect(config["aws:region"]).toBe("us-east-1");
    expect(config["azuread:tenantId"]).toBe(setup.ids.tenantId);
    expect(config["azuread:environment"]).toBeUndefined();
    expect(config["clientvpn-federation:vpn"]).toEqual({
      vpcId: "vpc-0d1e2f3a4b5c6d7e8",
      subnetIds: ["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88"],
      clientCidr: "172.16.0.0/22",
      serverCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/9f8e7d6c-5b4a-4321-8fed-cba987654321",
      dnsServers: ["10.2.0.2"],
      splitTunnel: true,
      transportProtocol: "udp",
      vpnPort: 443,
      sessionTimeoutHours: 24,
      selfServicePortal: false,
      logRetentionDays: 90,
    });
    expect(config["clientvpn-federation:azure"]).toMatchObject({
      displayName: "AWS Client VPN",
      groupClaim: "claims-mapping-policy",
      signingCertificateEndDate: "2029-05-14T10:22:33Z",
      notificationEmails: ["it-admin@example.com"],
    });
    // Quoted, so YAML keeps it a string.
    expect(run.stackText).toContain('signingCertificateEndDate: "2029-05-14T10:22:33Z"');
  });

  it("names networks after rule descriptions and groups after their names, keeping rule and route descriptions and the portal's User role", () => {
    const config = run.stack!.config;
    expect(config["clientvpn-federation:azure"].groups).toEqual({ "vpn-users": "0b7e4d2a-5c1f-4a3e-9d8b-7f6a2c1e0d93" });
    expect(config["clientvpn-federation:access"]).toEqual([
      { name: "transit-dns", cidr: "10.2.0.0/16", groups: "all", description: "transit-dns" },
      { name: "build", cidr: "10.1.0.0/16", groups: "all", description: "build" },
    ]);
    expect(config["clientvpn-federation:adopted"]).toEqual({
      applicationClientId: setup.ids.clientId,
      samlProviderName: "AzureAD-ClientVPN",
      assignmentAppRoleId: userRoleId,
      routeDescriptions: { "10.2.0.0/16": "transit DNS", "10.1.0.0/16": "" },
    });
  });

  it("writes what the offline plan needs to run this stack without credentials", () => {
    expect(run.stack!.config["clientvpn-federation:planNetwork"]).toEqual({
      vpcCidrs: ["10.100.0.0/16"],
      subnets: {
        "subnet-0aa11bb22cc33dd44": { availabilityZone: "us-east-1a", cidr: "10.100.1.0/24", availableIpAddresses: 248 },
        "subnet-0ee55ff66aa77bb88": { availabilityZone: "us-east-1b", cidr: "10.100.2.0/24", availableIpAddresses: 248 },
      },
    });
  });

  it("lists exactly the guardrail changes the first pulumi up makes", () => {
    expect(section(run.stdout, "What the first pulumi up changes")).toEqual([
      "claims come from the program's claims-mapping policy (NameID from the UPN, FirstName, LastName, memberOf with assigned groups); it supersedes the portal's claims blade, whose claims Graph v1.0 cannot show",
      "the application's notes mark it as this stack's, so a second stack in the tenant is refused instead of fighting over it",
      "access tokens version 2 (now 1): newer tenants refuse non-verified identifier URIs on version 1 applications",
      "group claims are limited to groups assigned to the application (now All): a user in more than 150 groups still gets memberOf, not an overage link AWS cannot follow",
      "Entra signs the SAML response and the assertion (ResponseAndToken; now TokenOnly)",
      "connection logs go to the stack's own log group (kept 90 days) instead of ClientVPN-Logs, which keeps what it has",
      "a dedicated security group instead of the VPC's default security group sg-0default0000000001: VPN clients reach the access networks only; the old group stays as it is",
    ]);
  });

  it("says which changes users notice, and that nothing else changes but labels and the owner", () => {
    expect(section(run.stdout, "Which of those changes users notice")).toEqual([
      expect.stringMatching(/^claims come from the program's claims-mapping policy .*: only if memberOf does not arrive: group rules would stop matching\. Run the sign-in check right after pulumi up$/),
    ]);
    expect(section(run.stdout, "Other changes")).toEqual([
      "enterprise application (service principal 7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b): owners a0a0a0a0-1b1b-4c2c-8d3d-4e4e4e4e4e4e -> the identity that runs pulumi up (the program keeps it as the one owner and removes the others)",
      "IAM SAML provider AzureAD-ClientVPN: metadata is rewritten from Entra's active certificate (same certificate and issuer)",
      'IAM SAML provider AzureAD-ClientVPN: tags (not set) -> {"clientvpn-federation:stack":"organization/clientvpn-federation/callcentre"}',
      "Client VPN endpoint cvpn-endpoint-0a1b2c3d4e5f60789: description Client VPN for call centre agents -> AWS Client VPN with Entra ID sign-in (callcentre)",
      'Client VPN endpoint cvpn-endpoint-0a1b2c3d4e5f60789: tags {"Name":"callcentre-vpn"} -> {"Name":"clientvpn-callcentre","clientvpn-federation:stack":"organization/clientvpn-federation/callcentre"}',
    ]);
  });

  it("reports what it leaves alone, including the portal's claims Graph v1.0 cannot read, and maps everything else", () => {
    expect(section(run.stdout, "Found, and left as it is")).toEqual([
      "user Steven Harper assigned to the application: the program assigns groups only; this assignment stays as it is and keeps working",
      "the claims made in the portal's Attributes & Claims blade: Graph v1.0 cannot read them (only the beta servicePrincipal claimsPolicy shows them); the program's claims-mapping policy supersedes them at pulumi up, and removing that policy would bring them back",
      "the application's SAML optional claims (groups): the program does not manage optional claims; they stay as they are",
      "server certificate arn:aws:acm:us-east-1:123456789012:certificate/9f8e7d6c-5b4a-4321-8fed-cba987654321 (AMAZON_ISSUED, vpn.example.com, RSA_2048, until 2027-06-30): kept as vpn.serverCertificateArn; the program neither renews nor replaces it",
    ]);
    expect(section(run.stdout, "Could not map:")).toEqual(["nothing"]);
  });

  it("keeps the allow-all rules as they are and says the policy pack refuses them, with both ways out", () => {
    expect(section(run.stdout, "Decide before pulumi up")).toEqual([
      "access transit-dns (10.2.0.0/16) for every signed-in user: kept as it is; the policy pack's client-vpn-rules-name-groups refuses it. Either list the groups that need it in access entry transit-dns (pulumi up then replaces the rule, and users outside those groups lose 10.2.0.0/16), or add 10.2.0.0/16 to allowAllGroupsCidrs in the pack's config",
      "access build (10.1.0.0/16) for every signed-in user: kept as it is; the policy pack's client-vpn-rules-name-groups refuses it. Either list the groups that need it in access entry build (pulumi up then replaces the rule, and users outside those groups lose 10.1.0.0/16), or add 10.1.0.0/16 to allowAllGroupsCidrs in the pack's config",
    ]);
  });

  it("prints the order to run things in: adopt, pulumi import, pulumi preview, a sign-in, pulumi up and doctor", () => {
    expect(section(run.stdout, "Next, in this order:")).toEqual([
      "1. npm run adopt (done)",
      "2. pulumi stack init callcentre (it keeps the config in Pulumi.callcentre.yaml), then pulumi import --stack callcentre --file adopt-callcentre.import.json --generate-code=false",
      "3. pulumi preview --stack callcentre: it must replace nothing it imported; the changes above are all it shows",
      "4. sign in once with a profile your users have today: the baseline before anything changes (npm run doctor needs the outputs pulumi up writes)",
      "5. pulumi up --stack callcentre, then npm run doctor -- --stack callcentre and the same sign-in; should memberOf not arrive,",
      "   npm run saml-check -- <captured SAMLResponse> --stack callcentre says which claim is missing",
    ]);
  });

  it("only reads: every AWS call is a Describe or Get, and Graph sees GET requests only", () => {
    expect(adopted.awsRequests.length).toBeGreaterThan(0);
    expect(adopted.awsRequests.filter((call) => !/^(ec2|iam|logs|acm) (Describe|Get)\w+Command$/.test(call))).toEqual([]);
    expect(adopted.graphRequests.length).toBeGreaterThan(0);
    expect(adopted.graphRequests.filter((request) => request.method !== "GET")).toEqual([]);
  });

  it("the recorded AWS answers only the inputs adopt must send (a different endpoint ID gets an error)", async () => {
    aws.serve(setup);
    const ec2 = testAwsClients("us-east-1").ec2;
    await expect(ec2.send(new DescribeClientVpnTargetNetworksCommand({ ClientVpnEndpointId: "cvpn-endpoint-0000000000000000f" }))).rejects.toThrow(/no answer/);
  });

  it("the fake Graph refuses what v1.0 refuses on adopt's reads: a $select outside v1.0, a filter it cannot run", async () => {
    serveTenant(graph, setup.tenant);
    const client = new GraphClient({ baseUrl: graph.baseUrl, getToken: async () => fakeToken, retry: { maxThrottleRetries: 0 } });
    const servicePrincipal = `/servicePrincipals(appId='${setup.ids.clientId}')`;
    await expect(client.get(servicePrincipal, { query: { $select: entraSelects.servicePrincipal.join(",") } })).resolves.toMatchObject({ id: setup.ids.servicePrincipalObjectId });
    // Beta only: in no v1.0 schema of microsoftgraph/msgraph-metadata.
    await expect(client.get(servicePrincipal, { query: { $select: "id,preferredTokenSigningKeyEndDateTime" } })).rejects.toBeInstanceOf(GraphError);
    await expect(client.list("/applications", { query: { $filter: "displayName eq 'AWS Client VPN'" } })).rejects.toThrow(/Unsupported or invalid query filter/);
  });
});

describe("npm run adopt on a setup with the self-service portal and three groups", () => {
  const setup = portalAndThreeGroups();
  let adopted: Awaited<ReturnType<typeof adoptAndCheck>>;
  let run: AdoptRun;
  beforeAll(async () => {
    adopted = await adoptAndCheck(setup);
    run = adopted.run;
  });

  it("declares every imported resource under the same URN, with inputs equal to the live properties for every property that forces a replacement", () => {
    expect(adopted.imports.undeclared).toEqual([]);
    expect(adopted.imports.differing).toEqual([]);
    expect(adopted.imports.compared).toBeGreaterThan(run.importFile!.resources.length);
  });

  it("exits 0: everything mapped, and every-user access only to the DNS server itself, which the policy pack allows", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(section(run.stdout, "Decide before pulumi up")).toEqual(["nothing"]);
  });

  it("keeps the portal's own IAM SAML provider by name", () => {
    expect(run.stack!.config["clientvpn-federation:vpn"].selfServicePortal).toBe(true);
    expect(run.stack!.config["clientvpn-federation:adopted"].selfServiceSamlProvider).toEqual({ name: "AzureAD-ClientVPN-Portal" });
    expect(run.importFile!.resources.filter((entry) => entry.type === "aws:iam/samlProvider:SamlProvider").map((entry) => [entry.logicalName, entry.id])).toEqual([
      ["vpn-saml", "arn:aws:iam::123456789012:saml-provider/AzureAD-ClientVPN"],
      ["vpn-saml-self-service", "arn:aws:iam::123456789012:saml-provider/AzureAD-ClientVPN-Portal"],
    ]);
  });

  it("gives each group an alias from its name and groups the rules of one network into one entry", () => {
    expect(run.stack!.config["clientvpn-federation:azure"].groups).toEqual({
      engineers: "3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74",
      operations: "4a3b2c1d-0e9f-4a8b-9c7d-6e5f4a3b2c1d",
      finance: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
    });
    expect(run.stack!.config["clientvpn-federation:access"]).toEqual([
      { name: "dns-resolver", cidr: "10.2.0.2/32", groups: "all", description: "dns resolver" },
      { name: "payments", cidr: "10.3.0.0/16", groups: ["engineers"], description: "payments" },
      { name: "ops-tools", cidr: "10.4.0.0/16", groups: ["operations", "engineers"], description: "ops tools" },
      { name: "finance", cidr: "10.5.0.0/16", groups: ["finance"], description: "finance" },
    ]);
  });

  it("imports the assigned groups and assigns the one a rule names but nobody assigned", () => {
    const assignments = run.importFile!.resources.filter((entry) => entry.type === "azuread:index/appRoleAssignment:AppRoleAssignment").map((entry) => entry.logicalName);
    expect(assignments).toEqual(["entra-assign-engineers", "entra-assign-operations"]);
    expect(section(run.stdout, "What the first pulumi up changes")).toContain(
      'group "Finance" 9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b is assigned to the application: an authorization rule names it, and only assigned groups reach the memberOf claim',
    );
  });

  it("lists exactly the guardrail changes, and which of them users notice", () => {
    expect(section(run.stdout, "What the first pulumi up changes")).toEqual([
      expect.stringMatching(/^claims come from the program's claims-mapping policy/),
      expect.stringMatching(/^the application's notes mark it as this stack's/),
      "access tokens version 2 (now 1): newer tenants refuse non-verified identifier URIs on version 1 applications",
      "group claims are limited to groups assigned to the application (now SecurityGroup): a user in more than 150 groups still gets memberOf, not an overage link AWS cannot follow",
      "reply URLs exactly http://127.0.0.1:35001, https://self-service.clientvpn.amazonaws.com/api/auth/sso/saml (now https://127.0.0.1:35001, http://127.0.0.1:35001, https://self-service.clientvpn.amazonaws.com/api/auth/sso/saml): AWS posts to http://127.0.0.1:35001 as written",
      "assignment required: only assigned users and groups may sign in",
      expect.stringMatching(/^group "Finance" .* is assigned to the application/),
      "Entra signs the SAML response and the assertion (ResponseAndToken; now TokenOnly)",
      "connection logging is turned on: every connection attempt is logged to the stack's log group (kept 365 days)",
      "a dedicated security group instead of security group sg-0c1a2b3c4d5e6f708 (clientvpn-sg): VPN clients reach the access networks only; the old group stays as it is",
      "route to 10.5.0.0/16 via subnet-0ee55ff66aa77bb88 is added: every associated subnet carries the same routes",
    ]);
    expect(section(run.stdout, "Which of those changes users notice")).toEqual([
      expect.stringMatching(/^claims come from the program's claims-mapping policy .*: only if memberOf does not arrive: group rules would stop matching\. Run the sign-in check right after pulumi up$/),
      "assignment required: only assigned users and groups may sign in: users who are neither assigned nor in an assigned group can no longer sign in",
      'group "Finance" 9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b is assigned to the application: an authorization rule names it, and only assigned groups reach the memberOf claim: its members who were not assigned before can now sign in',
    ]);
    expect(section(run.stdout, "Other changes")).toContain(
      'token issuance policy "TokenIssuancePolicy" is unassigned from the application (not deleted): the program\'s own policy replaces it',
    );
  });
});

describe("npm run adopt on Microsoft's AWS ClientVPN gallery application, its portal signing in through the endpoint's provider", () => {
  const setup = galleryApp();
  let adopted: Awaited<ReturnType<typeof adoptAndCheck>>;
  let run: AdoptRun;
  beforeAll(async () => {
    adopted = await adoptAndCheck(setup);
    run = adopted.run;
  });

  it("declares every imported resource under the same URN, with the live ForceNew inputs, and gives the gallery settings the adopted client ID", () => {
    expect(adopted.imports.undeclared).toEqual([]);
    expect(adopted.imports.differing).toEqual([]);
    expect(adopted.imports.compared).toBeGreaterThan(run.importFile!.resources.length);
    const settings = adopted.imports.declared.find((resource) => resource.type === "pulumi-nodejs:dynamic/entra:GalleryAppSettings");
    expect(settings?.inputs.adoptedClientId).toBe(setup.ids.clientId);
  });

  it("writes azure.groupClaim: gallery-app and the shared portal provider, keeps the msiam_access role without an adopted one, and exits 2 for the rule it cannot map", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(2);
    expect(run.stack!.config["clientvpn-federation:azure"]).toMatchObject({ displayName: "AWS ClientVPN", groupClaim: "gallery-app" });
    expect(run.stack!.config["clientvpn-federation:adopted"].selfServiceSamlProvider).toBe("shared");
    expect(run.stack!.config["clientvpn-federation:adopted"].assignmentAppRoleId).toBeUndefined();
    expect(section(run.stdout, "Could not map:")).toEqual([
      'authorization rule 10.9.0.0/16 for group "VPN-Admins": Entra puts group object IDs into memberOf, never names, so this rule matches nobody; the program cannot declare it, it stays as it is',
    ]);
  });

  it("imports the gallery application with its template, one IAM SAML provider, and no registration, service principal or claims-mapping policy", () => {
    const { applicationObjectId: app, servicePrincipalObjectId: sp, signingKeyId } = setup.ids;
    expect(run.importFile!.resources.filter((entry) => entry.parent === "entra").map((entry) => [entry.type, entry.id])).toEqual([
      ["azuread:index/applicationFromTemplate:ApplicationFromTemplate", `/applicationTemplates/${galleryTemplateId}/instantiate/${app}/${sp}`],
      ["azuread:index/applicationRedirectUris:ApplicationRedirectUris", `/applications/${app}/redirectUris/Web`],
      ["azuread:index/applicationIdentifierUri:ApplicationIdentifierUri", `/applications/${app}/identifierUris/dXJuOmFtYXpvbjp3ZWJzZXJ2aWNlczpjbGllbnR2cG4=`],
      ["azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate", `${sp}/tokenSigningCertificate/${signingKeyId}`],
      ["azuread:index/appRoleAssignment:AppRoleAssignment", `/servicePrincipals/${sp}/appRoleAssignedTo/gallery-assignment-000000000000000000000`],
    ]);
    expect(run.importFile!.resources.filter((entry) => entry.type === "aws:iam/samlProvider:SamlProvider").map((entry) => entry.logicalName)).toEqual(["vpn-saml"]);
  });

  it("lists exactly the guardrail changes, the gallery settings' among them, and that no user notices them", () => {
    expect(section(run.stdout, "What the first pulumi up changes")).toEqual([
      "access tokens version 2 (now 1): newer tenants refuse non-verified identifier URIs on version 1 applications",
      "group claims are limited to groups assigned to the application (now (not set)): a user in more than 150 groups still gets memberOf, not an overage link AWS cannot follow",
      "the application's notes mark it as this stack's, so a second stack in the tenant is refused instead of fighting over it",
      "Entra signs the SAML response and the assertion (ResponseAndToken; now TokenOnly)",
      "connection logs go to the stack's own log group (kept 90 days) instead of ClientVPN-Logs, which keeps what it has",
      "a dedicated security group instead of the VPC's default security group sg-0default0000000001: VPN clients reach the access networks only; the old group stays as it is",
    ]);
    expect(section(run.stdout, "Which of those changes users notice")).toEqual(["none: no user is signed out and every profile keeps working"]);
  });
});

describe("a region with a second SAML endpoint", () => {
  it("refuses until --endpoint says which, listing the SAML endpoints only, and writes nothing", async () => {
    const run = await adopt(secondEndpoint(), args);
    expect(run.code).toBe(64);
    expect(run.stderr).toBe(
      [
        "error: 2 Client VPN endpoints in us-east-1 sign in through SAML; say which one to adopt with --endpoint <id>:",
        '  cvpn-endpoint-0a1b2c3d4e5f60789  172.16.0.0/22  "Client VPN for call centre agents"',
        '  cvpn-endpoint-0f9e8d7c6b5a43210  172.18.0.0/22  "Contractors"',
        "",
      ].join("\n"),
    );
    expect(run.stackText).toBeUndefined();
    expect(run.importFile).toBeUndefined();
    expect(graph.requests).toEqual([]);
  });

  it("refuses an --endpoint that signs in with certificates: there is no federation to adopt", async () => {
    const run = await adopt(secondEndpoint(), [...args, "--endpoint", "cvpn-endpoint-0c0c0c0c0c0c0c0c0"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("error: --endpoint cvpn-endpoint-0c0c0c0c0c0c0c0c0 signs in with certificate-authentication, not SAML federation: there is no federation to adopt.\n");
  });
});

describe("adopt refuses clearly and writes nothing", () => {
  it("when no endpoint in the region signs in through SAML", async () => {
    const setup = secondEndpoint();
    setup.endpoints = setup.endpoints.filter((endpoint) => endpoint.AuthenticationOptions![0].Type === "certificate-authentication");
    const run = await adopt(setup, args);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "error: no Client VPN endpoint in us-east-1 signs in through SAML (1 endpoint there uses another sign-in): there is no federation to adopt. Check --region, or deploy a new one with pulumi up.\n",
    );
    expect(run.stackText).toBeUndefined();
  });

  it("when the IAM SAML provider trusts an identity provider other than Entra", async () => {
    const setup = walkthrough();
    const [arn] = Object.keys(setup.samlProviders);
    setup.samlProviders[arn].SAMLMetadataDocument = portalMetadata(setup.ids.signingCertificate).replace(`https://sts.windows.net/${setup.ids.tenantId}/`, "http://www.okta.com/exk1a2b3c4d5e6f7g8h9");
    const run = await adopt(setup, args);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: ${arn} trusts http://www.okta.com/exk1a2b3c4d5e6f7g8h9, not Microsoft Entra ID: this program federates with Entra only, so there is no federation to adopt.\n`,
    );
  });

  it("when the tenant has no Client VPN application any more", async () => {
    const setup = walkthrough();
    setup.tenant.applications = [];
    const run = await adopt(setup, args);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: tenant 6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31 has no application with identifier urn:amazon:webservices:clientvpn, although cvpn-endpoint-0a1b2c3d4e5f60789 trusts it: there is no federation to adopt/);
    expect(run.stackText).toBeUndefined();
  });

  it("when Graph refuses a read, naming the permissions adopt reads with", async () => {
    const run = await adopt(walkthrough(), args, {
      fault: { path: /\/claimsMappingPolicies$/, status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: Microsoft Graph GET \/servicePrincipals\/7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b\/claimsMappingPolicies failed: 403 Authorization_RequestDenied: Insufficient privileges to complete the operation\. \(request-id [0-9a-f-]+\)\. adopt reads with Application\.Read\.All, Policy\.Read\.All and GroupMember\.Read\.All/,
    );
    expect(run.stackText).toBeUndefined();
  });

  it("when the stack file exists, and reads the clouds with --force", async () => {
    const dir = mkdtempSync(join(work, "exists-"));
    writeFileSync(join(dir, "Pulumi.callcentre.yaml"), "config: {}\n");
    const refused = await adopt(walkthrough(), args, { dir });
    expect(refused.code).toBe(64);
    expect(refused.stderr).toBe(
      `error: ${join(dir, "Pulumi.callcentre.yaml")} already exists; adopt writes a new stack's files. Choose another --stack, or pass --force to overwrite.\n`,
    );
    expect(aws.calls()).toEqual([]);
    // Past the check with --force: here it stops at the missing application, and still writes nothing.
    const gone = walkthrough();
    gone.tenant.applications = [];
    const forced = await adopt(gone, [...args, "--force"], { dir });
    expect(forced.stderr).toMatch(/has no application with identifier urn:amazon:webservices:clientvpn/);
    expect(readFileSync(join(dir, "Pulumi.callcentre.yaml"), "utf8")).toBe("config: {}\n");
  });

  it.each([
    { argv: ["--region", "us-east-1"], says: "error: required option '--stack <name>' not specified" },
    { argv: ["--stack", "../x", "--region", "us-east-1"], says: "error: --stack ../x is a stack name, without a slash (e.g. dev)" },
    { argv: ["--stack", "..", "--region", "us-east-1"], says: 'error: --stack .. ".." is not a stack name: it would name a folder outside the output folder' },
    { argv: ["--stack", "callcentre"], says: "error: --region is required (or set AWS_REGION): the region of the endpoint to adopt" },
    { argv: ["--stack", "callcentre", "--region", "Virginia"], says: 'error: --region "Virginia" is not an AWS region; use one such as eu-west-2' },
    { argv: ["--stack", "callcentre", "--region", "us-east-l"], says: 'error: --region "us-east-l" is not an AWS region; did you mean us-east-1?' },
    { argv: [...args, "--tenant", "contoso"], says: "error: --tenant contoso is not an Entra tenant ID (a GUID)" },
  ])("with usage 64 for $argv", async ({ argv, says }) => {
    const run = await adopt(walkthrough(), argv);
    expect(run.code).toBe(64);
    expect(run.stderr.split("\n")[0]).toBe(says);
  });
});

describe("the program and a Client VPN application made outside it", () => {
  // The tenant's application was made in the portal: no marker in its notes. The adopted setups above show
  // the program accepting it when adopted.applicationClientId names it; this is the other side.
  it("still refuses one the adopted section does not name", async () => {
    const placeholders = placeholderProviders({ awsRegion: "us-east-1", stack: "callcentre", now });
    const engine = createOfflineEngine({
      project,
      stack: "callcentre",
      organization: "organization",
      outputs: placeholders.outputs,
      defaultOutputs: placeholders.defaultOutputs,
      invokes: {
        ...offlineLookups(exampleNetworkFacts).invokes,
        "azuread:index/getApplication:getApplication": () => ({ notes: "", displayName: "AWS Client VPN", clientId: "a1a1a1a1-0000-4000-8000-00000000000a" }),
      },
    });
    const program = (await import("../index")).default as unknown as PulumiProgram;
    const config = { ...engineConfigOf(), "clientvpn-federation:adopted": JSON.stringify({ applicationClientId: "b2b2b2b2-0000-4000-8000-00000000000b" }) };
    await expect(withoutStackTraces(() => engine.run(program, config))).rejects.toThrow(/already has the application "AWS Client VPN".*made outside this program/);
  });
});

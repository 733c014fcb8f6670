import { describe, expect, it } from "vitest";
import { RecordedResource } from "../cli/plan/recording-mocks";
import { planLabels } from "../cli/plan/plan-labels";
import { buildResourceTree, renderTree } from "../cli/plan/resource-tree";
import { accessMatrix } from "../cli/plan/access-matrix";
import { describeResource, displayType, emittedClaims } from "../cli/plan/resource-settings";
import { offlinePlanHeading, PlanReportInput, renderPlanReport, wrapPhrases } from "../cli/plan/plan-report";
import { AccessEntry } from "../components/config";

const engineers = "3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74";
const stranger = "99999999-7d4b-4c8a-b5e2-9a1d6f0c3b74";
const endpointId = "cvpn-endpoint-0123456789abcdef0";

function resource(type: string, name: string, inputs: Record<string, unknown>, extra: Record<string, unknown> = {}, parent?: string): RecordedResource {
  return { type, name, inputs, state: { ...inputs, ...extra }, urn: `urn:pulumi:dev::p::${type}::${name}`, parent, dependsOn: [] };
}
const vpnUrn = "urn:pulumi:dev::p::clientvpn-federation:aws:ClientVpn::vpn";
const resources: RecordedResource[] = [
  resource("clientvpn-federation:aws:ClientVpn", "vpn", {}),
  resource(
    "aws:ec2clientvpn/endpoint:Endpoint",
    "vpn-endpoint",
    { clientCidrBlock: "172.20.0.0/22", transportProtocol: "udp", vpnPort: 443, splitTunnel: true, sessionTimeoutHours: 12, selfServicePortal: "enabled", dnsServers: [] },
    { id: endpointId, dnsName: `*.${endpointId}.prod.clientvpn.us-east-1.amazonaws.com` },
    vpnUrn,
  ),
  resource("aws:ec2clientvpn/networkAssociation:NetworkAssociation", "vpn-association-a", { subnetId: "subnet-0aa11bb22cc33dd44" }, {}, vpnUrn),
  resource("aws:ec2clientvpn/authorizationRule:AuthorizationRule", "vpn-rule-payments", { targetNetworkCidr: "10.3.0.0/16", accessGroupId: engineers }, {}, vpnUrn),
  resource("aws:ec2clientvpn/authorizationRule:AuthorizationRule", "vpn-rule-build", { targetNetworkCidr: "10.1.0.0/16", authorizeAllGroups: true }, {}, vpnUrn),
  resource("aws:ec2clientvpn/authorizationRule:AuthorizationRule", "vpn-rule-payments-2", { targetNetworkCidr: "10.3.0.0/16", accessGroupId: stranger }, {}, vpnUrn),
  resource("aws:ec2clientvpn/route:Route", "vpn-route-payments", { destinationCidrBlock: "10.3.0.0/16", targetVpcSubnetId: "subnet-0aa11bb22cc33dd44" }, {}, vpnUrn),
  resource("aws:s3/bucket:Bucket", "loose", {}),
];
const access: AccessEntry[] = [
  { name: "payments", cidr: "10.3.0.0/16", description: "p", groups: [{ objectId: engineers, alias: "engineers" }] },
  { name: "build", cidr: "10.1.0.0/16", description: "b", groups: "all" },
];
const network = { vpcCidrs: ["10.0.0.0/16"], subnets: [{ id: "subnet-0aa11bb22cc33dd44", vpcId: "vpc-1", availabilityZone: "us-east-1a", cidr: "10.0.0.0/24", availableIpAddresses: 251 }] };
const labels = planLabels({
  placeholders: new Set([endpointId, `*.${endpointId}.prod.clientvpn.us-east-1.amazonaws.com`]),
  groups: { engineers },
  access,
  network,
});

const costEstimate = {
  region: "us-east-1",
  totalUsd: 544,
  lines: [
    { item: "Client VPN endpoint association", quantity: 2, hours: 720, unitPriceUsd: 0.1, usd: 144 },
    { item: "Client VPN connection", quantity: 50, hours: 160, unitPriceUsd: 0.05, usd: 400 },
  ],
  assumptions: ["Endpoint associations are billed 720 hours a month each."],
};
function report(overrides: Partial<PlanReportInput> = {}): PlanReportInput {
  return {
    stackName: "<organization>/clientvpn-federation/dev",
    awsRegion: "us-east-1",
    tenantId: "6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31",
    network,
    resources,
    outputs: {
      returnRoutes: [{ name: "payments", network: "10.3.0.0/16", returnTo: ["10.0.0.0/24"] }],
      estimatedMonthlyCost: costEstimate,
      clientConfig: "client\n",
    },
    warnings: ["Something to know."],
    secretKeys: [],
    labels,
    ...overrides,
  };
}

describe("resource tree", () => {
  it("nests resources under the component that declared them, in declaration order, with unparented ones at the root", () => {
    const lines = renderTree(buildResourceTree(resources), (r) => [r.name]);
    expect(lines).toEqual([
      "vpn",
      "├─ vpn-endpoint",
      "├─ vpn-association-a",
      "├─ vpn-rule-payments",
      "├─ vpn-rule-build",
      "├─ vpn-rule-payments-2",
      "└─ vpn-route-payments",
      "loose",
    ]);
  });

  it("indents a resource's continuation lines under it, keeping the guide for later siblings", () => {
    const tree = buildResourceTree(resources.slice(0, 3));
    const lines = renderTree(tree, (r) => (r.name === "vpn-endpoint" ? ["vpn-endpoint: a", "b"] : [r.name]));
    expect(lines).toEqual(["vpn", "├─ vpn-endpoint: a", "│     b", "└─ vpn-association-a"]);
  });
});

describe("settings per resource", () => {
  it.each([
    { type: "aws:ec2clientvpn/endpoint:Endpoint", shown: "aws.ec2clientvpn.Endpoint" },
    { type: "azuread:index/applicationRegistration:ApplicationRegistration", shown: "azuread.ApplicationRegistration" },
    { type: "pulumi-nodejs:dynamic/entra:SamlSigningSettings", shown: "dynamic SamlSigningSettings" },
    { type: "clientvpn-federation:aws:ClientVpn", shown: "clientvpn-federation:aws:ClientVpn" },
  ])("names $type as $shown", ({ type, shown }) => {
    expect(displayType(type)).toBe(shown);
  });

  it("shows the endpoint's network, transport, tunnel, session and portal, with made-up values in <>", () => {
    const phrases = describeResource(resources[1], labels);
    expect(phrases).toEqual(
      expect.arrayContaining([
        `id <${endpointId}>`,
        "client CIDR 172.20.0.0/22",
        "udp/443",
        "split tunnel on",
        "session timeout 12 h",
        "self-service portal enabled",
        `DNS name <*.${endpointId}.prod.clientvpn.us-east-1.amazonaws.com>`,
      ]),
    );
  });

  it("shows rules as network and group, and routes as network via subnet with its zone", () => {
    expect(describeResource(resources[3], labels)).toEqual([`payments 10.3.0.0/16 for engineers (${engineers})`]);
    expect(describeResource(resources[4], labels)).toEqual(["build 10.1.0.0/16 for all assigned users"]);
    expect(describeResource(resources[6], labels)).toEqual(["payments 10.3.0.0/16 via subnet-0aa11bb22cc33dd44 (us-east-1a, 10.0.0.0/24)"]);
  });

  it("shows the gallery route's app and settings: template, token version, group claims, SSO mode, assignment and the role assignments use", () => {
    const gallery = resource("azuread:index/applicationFromTemplate:ApplicationFromTemplate", "entra-gallery-application", { displayName: "AWS Client VPN", templateId: "7a7a7a7a-0000-4000-8000-00000000a7a7" }, { servicePrincipalObjectId: "sp-1" });
    expect(describeResource(gallery, labels)).toEqual(['gallery app AWS ClientVPN as "AWS Client VPN"', "template 7a7a7a7a-0000-4000-8000-00000000a7a7", "service principal sp-1"]);
    const settings = resource("pulumi-nodejs:dynamic/entra:GalleryAppSettings", "entra-gallery-settings", {}, {
      applicationClientId: "c-1",
      requestedAccessTokenVersion: 2,
      groupMembershipClaims: "ApplicationGroup",
      preferredSingleSignOnMode: "saml",
      appRoleAssignmentRequired: true,
      assignmentAppRoleId: "r-1",
    });
    expect(describeResource(settings, labels)).toEqual([
      "client ID c-1",
      "token version 2",
      "group claims ApplicationGroup",
      "SSO mode saml",
      "assignment required",
      "assignments use app role r-1",
    ]);
  });

  it("reads the emitted SAML claims from a claims mapping policy definition, NameID first", () => {
    const definition = JSON.stringify({
      ClaimsMappingPolicy: {
        ClaimsSchema: [
          { ID: "userprincipalname", SamlClaimType: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier" },
          { ID: "groups" },
          { ID: "memberOf", SamlClaimType: "memberOf" },
        ],
      },
    });
    expect(emittedClaims([definition])).toEqual(["NameID", "memberOf"]);
    expect(emittedClaims(["not json"])).toEqual([]);
  });
});

describe("access matrix", () => {
  it("has one row per declared rule, grouped by network, naming groups by alias and object ID", () => {
    expect(accessMatrix(resources, labels)).toEqual([
      { group: "(no alias)", objectId: stranger, network: "payments", cidr: "10.3.0.0/16" },
      { group: "engineers", objectId: engineers, network: "payments", cidr: "10.3.0.0/16" },
      { group: "all assigned users", objectId: undefined, network: "build", cidr: "10.1.0.0/16" },
    ]);
  });
});

describe("printed report", () => {
  const plain = renderPlanReport(report(), { color: false });

  it("opens with the offline label", () => {
    expect(plain.split("\n")[0]).toBe(offlinePlanHeading);
    expect(offlinePlanHeading).toBe("OFFLINE PLAN — nothing deployed, no credentials used, values in <> are placeholders");
  });

  it("counts what would be created, leaving out components", () => {
    expect(plain).toContain("Resources: 7 to create (vpn 6)");
  });

  it("prints the access matrix, return routes and the cost with its breakdown", () => {
    expect(plain).toMatch(/│ engineers\s+│ 3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74 │ payments\s+│ 10\.3\.0\.0\/16 │/);
    expect(plain).toMatch(/│ all assigned users\s+│ -\s+│ build\s+│ 10\.1\.0\.0\/16 │/);
    expect(plain).toMatch(/│ payments\s+│ 10\.3\.0\.0\/16 │ 10\.0\.0\.0\/24 \(subnet-0aa11bb22cc33dd44, us-east-1a\) │/);
    expect(plain).toContain("Monthly cost estimate (us-east-1): $544.00");
    expect(plain).toMatch(/Client VPN endpoint association\s+│\s+2\s+│\s+720\s+│\s+\$0\.10\s+│\s+\$144\.00/);
    expect(plain).toContain("Warnings\n  - Something to know.");
  });

  it("says so when no target network needs a return route", () => {
    expect(renderPlanReport(report({ outputs: { returnRoutes: [] } }), { color: false })).toContain("None: every target network is inside the endpoint's VPC");
  });

  it("shows the reason instead of a total when the region has no price", () => {
    const text = renderPlanReport(
      report({ outputs: { clientConfig: "x", estimatedMonthlyCost: undefined }, warnings: ['No cost estimate: aws:region is "eu-west-2"'] }),
      { color: false },
    );
    expect(text).toContain('Monthly cost estimate\nNo cost estimate: aws:region is "eu-west-2"');
    expect(text).not.toContain("Warnings");
  });

  it("uses colour only when asked", () => {
    const escape = String.fromCharCode(27);
    expect(plain).not.toContain(`${escape}[`);
    expect(renderPlanReport(report(), { color: true })).toContain(`${escape}[1m`);
  });

  it("wraps long setting lists onto continuation lines", () => {
    expect(wrapPhrases("title: ", ["aaaa", "bbbb", "cccc"], 18)).toEqual(["title: aaaa · bbbb", "cccc"]);
    expect(wrapPhrases("t: ", ["one"])).toEqual(["t: one"]);
  });
});

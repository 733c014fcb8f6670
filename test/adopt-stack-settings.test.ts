import { describe, expect, it } from "vitest";
import type { ClientVpnEndpoint } from "@aws-sdk/client-ec2";
import { adoptedStackSettings } from "../cli/adopt/stack-settings";
import { chooseEndpoint, tenantOfMetadata } from "../cli/adopt/federation-target";
import { groupClaimRouteOf } from "../cli/adopt/live-group-claim-route";
import { galleryApplicationDisplayName } from "../components/group-claim-route";
import { sameValue } from "../cli/adopt/adoption-plan";
import { resourceTypes } from "../cli/adopt/resource-types";
import type { LiveFederation, LiveServicePrincipal } from "../cli/adopt/live-federation";
import { type RecordedSetup, galleryApp, galleryTemplateId, portalAndThreeGroups, portalMetadata, userRoleId, walkthrough } from "./support/adopt-recorded-setups";

/** The pure mapping from a live federation to the stack file, one case at a time. */
const now = new Date("2026-11-21T12:00:00Z");

/** A recorded setup as adopt's readers turn it into a LiveFederation (the command test covers the readers). */
function liveOf(setup: RecordedSetup): LiveFederation {
  const endpoint = setup.endpoints[0] as ClientVpnEndpoint & { ClientVpnEndpointId: string };
  const recorded = setup.byEndpoint[endpoint.ClientVpnEndpointId];
  const sp = setup.tenant.servicePrincipals[0] as unknown as LiveServicePrincipal;
  const log = endpoint.ConnectionLogOptions;
  const group = setup.logGroups.find((candidate) => candidate.logGroupName === log?.CloudwatchLogGroup);
  const certificate = setup.certificates[endpoint.ServerCertificateArn!];
  return {
    aws: {
      region: setup.region,
      accountId: setup.accountId,
      endpoint,
      targetNetworks: recorded.targetNetworks,
      authorizationRules: recorded.rules,
      routes: recorded.routes,
      vpc: { id: endpoint.VpcId!, cidrs: setup.vpcs[0].CidrBlockAssociationSet!.map((block) => block.CidrBlock!) },
      subnets: setup.subnets.map((subnet) => ({ id: subnet.SubnetId!, vpcId: subnet.VpcId!, availabilityZone: subnet.AvailabilityZone!, cidr: subnet.CidrBlock! })),
      samlProviders: Object.entries(setup.samlProviders).map(([arn, provider]) => ({ arn, name: arn.replace(/^.*saml-provider\//, ""), metadataXml: provider.SAMLMetadataDocument, tags: {} })),
      securityGroups: [],
      connectionLog: log?.Enabled ? { enabled: true, logGroup: log.CloudwatchLogGroup!, retentionInDays: group?.retentionInDays, logGroupExists: Boolean(group) } : { enabled: false },
      certificate: certificate
        ? { arn: endpoint.ServerCertificateArn!, readable: true, type: certificate.detail.Type, domainName: certificate.detail.DomainName, chainPem: certificate.chain }
        : { arn: endpoint.ServerCertificateArn!, readable: false, reason: "AccessDeniedException: not authorized" },
      otherFederatedEndpoints: [],
    },
    entra: {
      tenantId: setup.ids.tenantId,
      environment: "global",
      application: setup.tenant.applications[0] as unknown as LiveFederation["entra"]["application"],
      servicePrincipal: { ...sp, owners: [] },
      assignments: setup.tenant.servicePrincipals[0].appRoleAssignedTo as unknown as LiveFederation["entra"]["assignments"],
      incompleteAssignments: [],
      tokenIssuancePolicies: { onApplication: [], onServicePrincipal: [] },
      claimsMappingPolicies: [],
      unassignedRuleGroups: {},
      applicationTemplate: setup.tenant.applicationTemplates.find((template) => template.id === sp.applicationTemplateId),
    },
  };
}

const findingsOf = (live: LiveFederation, kind: "unmanaged" | "unmapped") =>
  adoptedStackSettings(live, now).findings.filter((finding) => finding.kind === kind).map((finding) => `${finding.subject}: ${finding.detail}`);
const configOf = (live: LiveFederation, key: string) => adoptedStackSettings(live, now).settings[`clientvpn-federation:${key}`] as Record<string, any>;

describe("aliases and entry names", () => {
  it("gives groups with the same display name distinct aliases, and a name without letters the ID's first part", () => {
    const live = liveOf(walkthrough());
    const base = live.entra.assignments[0];
    live.entra.assignments = [
      { ...base, principalId: "11111111-0000-4000-8000-000000000001", principalDisplayName: "VPN Users" },
      { ...base, principalId: "22222222-0000-4000-8000-000000000002", principalDisplayName: "VPN users" },
      { ...base, principalId: "33333333-0000-4000-8000-000000000003", principalDisplayName: "??" },
    ];
    expect(configOf(live, "azure").groups).toEqual({
      "vpn-users": "11111111-0000-4000-8000-000000000001",
      "vpn-users-2": "22222222-0000-4000-8000-000000000002",
      "group-33333333": "33333333-0000-4000-8000-000000000003",
    });
  });

  it("names a network without a description after its CIDR and keeps the empty description", () => {
    const live = liveOf(walkthrough());
    live.aws.authorizationRules = [{ ...live.aws.authorizationRules[0], Description: undefined }];
    expect(configOf(live, "access")).toEqual([{ name: "net-10-2-0-0-16", cidr: "10.2.0.0/16", groups: "all", description: "" }]);
  });

  it("splits one network's allow-all rule from its group rules, since each is its own entry", () => {
    const live = liveOf(walkthrough());
    const [dns] = live.aws.authorizationRules;
    live.aws.authorizationRules = [dns, { ...dns, AccessAll: false, GroupId: "0b7e4d2a-5c1f-4a3e-9d8b-7f6a2c1e0d93" }];
    expect(configOf(live, "access")).toEqual([
      { name: "transit-dns", cidr: "10.2.0.0/16", groups: "all", description: "transit-dns" },
      { name: "transit-dns-2", cidr: "10.2.0.0/16", groups: ["vpn-users"], description: "transit-dns" },
    ]);
  });
});

describe("what adopt cannot express, reported once each", () => {
  it("a rule that names a group by name: Entra sends object IDs, so it matches nobody and stays as it is", () => {
    const live = liveOf(walkthrough());
    live.aws.authorizationRules.push({ ...live.aws.authorizationRules[0], DestinationCidr: "10.9.0.0/16", AccessAll: false, GroupId: "VPN-Admins" });
    expect(configOf(live, "access").map((entry: { cidr: string }) => entry.cidr)).not.toContain("10.9.0.0/16");
    expect(findingsOf(live, "unmapped")).toEqual([
      'authorization rule 10.9.0.0/16 for group "VPN-Admins": Entra puts group object IDs into memberOf, never names, so this rule matches nobody; the program cannot declare it, it stays as it is',
    ]);
  });

  it("routes to one network whose descriptions differ by subnet: AWS cannot change one, so the fix is said", () => {
    const live = liveOf(walkthrough());
    const route = live.aws.routes.find((candidate) => candidate.DestinationCidr === "10.2.0.0/16" && candidate.TargetSubnet === "subnet-0ee55ff66aa77bb88")!;
    route.Description = "DNS (b)";
    expect(configOf(live, "adopted").routeDescriptions["10.2.0.0/16"]).toBe("transit DNS");
    expect(findingsOf(live, "unmapped")).toEqual([
      'route 10.2.0.0/16 via subnet-0ee55ff66aa77bb88 ("DNS (b)"): its description differs from the route via the other subnet ("transit DNS"), and AWS cannot change a route\'s description: pulumi up would replace it and fail on the duplicate. Delete this route by hand (aws ec2 delete-client-vpn-route) just before pulumi up, which recreates it',
    ]);
  });

  it("groups assigned with different app roles: one role for all, the others reported", () => {
    const live = liveOf(portalAndThreeGroups());
    live.entra.assignments[1] = { ...live.entra.assignments[1], appRoleId: "b9632174-c057-4f7e-951b-be3adc52bfe6" };
    expect(configOf(live, "adopted").assignmentAppRoleId).toBe("18d14569-c3bd-439b-9a66-3a2aee01d14f");
    expect(findingsOf(live, "unmapped")).toEqual([
      expect.stringMatching(/^assignment of Operations with app role b9632174-c057-4f7e-951b-be3adc52bfe6: .*pulumi up replaces this assignment/),
    ]);
  });

  it("an expired signing certificate: no end date kept, and pulumi up makes a new one", () => {
    const live = liveOf(walkthrough());
    for (const credential of live.entra.servicePrincipal.keyCredentials) credential.endDateTime = "2026-01-01T00:00:00Z";
    expect(configOf(live, "azure").signingCertificateEndDate).toBeUndefined();
    expect(findingsOf(live, "unmapped")).toEqual([expect.stringMatching(/^signing certificate [0-9A-F]{40} \(expired 2026-01-01T00:00:00Z\): an expired certificate cannot be kept/)]);
  });

  it("a certificate imported into ACM keeps its chain for the client profile, or says to add one", () => {
    const setup = walkthrough();
    const [arn] = Object.keys(setup.certificates);
    setup.certificates[arn] = { detail: { ...setup.certificates[arn].detail, Type: "IMPORTED" }, chain: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" };
    expect(configOf(liveOf(setup), "vpn").serverCertificateCaChain).toBe("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----");
    setup.certificates[arn].chain = undefined;
    expect(configOf(liveOf(setup), "vpn").serverCertificateCaChain).toBeUndefined();
    expect(findingsOf(liveOf(setup), "unmapped")).toEqual([expect.stringMatching(/imported into ACM, no chain\): the client profile needs the CA that signed it; set vpn.serverCertificateCaChain/)]);
  });

  it("a certificate ACM would not describe: kept by ARN, with what that assumes", () => {
    const setup = walkthrough();
    setup.certificates = {};
    expect(findingsOf(liveOf(setup), "unmapped")).toEqual([expect.stringMatching(/could not be read \(AccessDeniedException: not authorized\); it is kept as vpn.serverCertificateArn/)]);
  });
});

describe("the self-service portal's provider, as the endpoint names it", () => {
  it.each([
    { case: "its own provider", portal: "arn:aws:iam::123456789012:saml-provider/Portal", expected: { name: "Portal" } },
    { case: "the endpoint's own provider", portal: "arn:aws:iam::123456789012:saml-provider/AzureAD-ClientVPN", expected: "shared" },
    { case: "no provider named", portal: undefined, expected: "none" },
  ])("$case", ({ portal, expected }) => {
    const live = liveOf(walkthrough());
    live.aws.endpoint.SelfServicePortalUrl = "https://self-service.clientvpn.amazonaws.com/endpoints/x";
    live.aws.endpoint.AuthenticationOptions![0].FederatedAuthentication!.SelfServiceSamlProviderArn = portal;
    if (portal && !live.aws.samlProviders.some((provider) => provider.arn === portal)) {
      live.aws.samlProviders.push({ ...live.aws.samlProviders[0], arn: portal, name: "Portal" });
    }
    expect(configOf(live, "adopted").selfServiceSamlProvider).toEqual(expected);
  });
});

describe("the group claim route (azure.groupClaim)", () => {
  it.each([
    { template: undefined, route: "claims-mapping-policy" },
    { template: { id: "8ADF8E6E-67B2-4CF2-A259-E3DC5476C621" }, route: "claims-mapping-policy" },
    { template: { id: "4602d0b4-76bb-404b-bca9-2652e1a39c6d" }, route: "claims-mapping-policy" },
    { template: { id: "5a532e38-1581-4918-9658-008dc27c1d68" }, route: "claims-mapping-policy" },
    { template: { id: galleryTemplateId, displayName: galleryApplicationDisplayName }, route: "gallery-app" },
    { template: { id: "3b7f7c9d-0000-4000-8000-000000000000", displayName: "Salesforce" }, route: undefined },
  ])("a service principal from $template maps to $route", ({ template, route }) => {
    expect(groupClaimRouteOf(template)).toBe(route);
  });

  it("writes the route the application is on", () => {
    expect(configOf(liveOf(walkthrough()), "azure").groupClaim).toBe("claims-mapping-policy");
    expect(configOf(liveOf(galleryApp()), "azure").groupClaim).toBe("gallery-app");
  });

  it("reports an application from another gallery template as not mappable, and writes no route for it", () => {
    const live = liveOf(walkthrough());
    live.entra.applicationTemplate = { id: "3b7f7c9d-0000-4000-8000-000000000000", displayName: "Salesforce" };
    expect(findingsOf(live, "unmapped")).toEqual([expect.stringMatching(/^the enterprise application's gallery template Salesforce: azure\.groupClaim is "claims-mapping-policy"/)]);
    expect(configOf(live, "azure").groupClaim).toBeUndefined();
  });

  it("keeps the groups' role when it is not the route's own: the portal's User role on an application of its own, none on the gallery app's msiam_access", () => {
    expect(configOf(liveOf(walkthrough()), "adopted").assignmentAppRoleId).toBe(userRoleId);
    expect(configOf(liveOf(galleryApp()), "adopted").assignmentAppRoleId).toBeUndefined();
  });

  it("reports a gallery app whose roles do not say which one means access, and keeps the groups' role", () => {
    const live = liveOf(galleryApp());
    live.entra.servicePrincipal.appRoles = [
      { id: "11111111-0000-4000-8000-000000000001", displayName: "Reader", isEnabled: true, allowedMemberTypes: ["User"] },
      { id: "11111111-0000-4000-8000-000000000002", displayName: "Writer", isEnabled: true, allowedMemberTypes: ["User"] },
    ];
    expect(findingsOf(live, "unmapped")).toContainEqual(expect.stringMatching(/^the gallery application's app roles: pulumi up cannot set this application up: .* none is msiam_access/));
    expect(configOf(live, "adopted").assignmentAppRoleId).toBe(live.entra.assignments[0].appRoleId);
  });

  it("leaves a claims-mapping policy on the gallery app assigned, and says it supersedes the gallery app's claims", () => {
    const live = liveOf(galleryApp());
    live.entra.claimsMappingPolicies = [{ id: "c1a1b2c3-0000-4000-8000-000000000001", displayName: "memberOf", definition: [], appliesTo: [live.entra.servicePrincipal.id] }];
    expect(findingsOf(live, "unmanaged")).toContainEqual(expect.stringMatching(/^claims-mapping policy "memberOf" .* on the gallery application: the program assigns none on the gallery-app route, so it stays/));
  });
});

describe("which endpoint and which tenant", () => {
  const endpoint = (id: string, type = "federated-authentication"): ClientVpnEndpoint => ({ ClientVpnEndpointId: id, ClientCidrBlock: "172.16.0.0/22", AuthenticationOptions: [{ Type: type as never }] });

  it.each([
    { case: "one SAML endpoint among others", endpoints: [endpoint("cvpn-endpoint-1"), endpoint("cvpn-endpoint-2", "certificate-authentication")], requested: undefined, result: "chosen cvpn-endpoint-1" },
    { case: "none", endpoints: [], requested: undefined, result: "no federation" },
    { case: "several", endpoints: [endpoint("cvpn-endpoint-1"), endpoint("cvpn-endpoint-2")], requested: undefined, result: "several" },
    { case: "several and --endpoint", endpoints: [endpoint("cvpn-endpoint-1"), endpoint("cvpn-endpoint-2")], requested: "cvpn-endpoint-2", result: "chosen cvpn-endpoint-2" },
    { case: "an --endpoint that does not exist", endpoints: [endpoint("cvpn-endpoint-1")], requested: "cvpn-endpoint-9", result: "no such endpoint" },
  ])("$case", ({ endpoints, requested, result }) => {
    const choice = chooseEndpoint(endpoints, "us-east-1", requested);
    expect(choice.kind === "chosen" ? `chosen ${choice.endpoint.ClientVpnEndpointId}` : choice.why).toBe(result);
  });

  it("names the other SAML endpoints when --endpoint chose one, and the report leaves them alone", () => {
    const choice = chooseEndpoint([endpoint("cvpn-endpoint-1"), endpoint("cvpn-endpoint-2"), endpoint("cvpn-endpoint-3", "certificate-authentication")], "us-east-1", "cvpn-endpoint-1");
    expect(choice.kind === "chosen" ? choice.others : undefined).toEqual(["cvpn-endpoint-2"]);
    const live = liveOf(walkthrough());
    live.aws.otherFederatedEndpoints = ["cvpn-endpoint-2"];
    expect(findingsOf(live, "unmanaged")).toContainEqual(
      "endpoint cvpn-endpoint-2, which also signs in through SAML: adopt takes one endpoint per stack; this one stays as it is and keeps working",
    );
  });

  it.each([
    { cloud: "global", issuer: "https://sts.windows.net/6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31/", environment: "global" },
    { cloud: "Azure Government", issuer: "https://login.microsoftonline.us/6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31/", environment: "usgovernmentl4" },
    { cloud: "Azure China", issuer: "https://sts.chinacloudapi.cn/6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31/", environment: "china" },
  ])("reads the tenant and the $cloud cloud from the metadata's entityID", ({ issuer, environment }) => {
    const metadata = portalMetadata("MIIB").replace("https://sts.windows.net/6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31/", issuer);
    expect(tenantOfMetadata(metadata, "arn")).toEqual({ kind: "found", tenantId: "6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31", environment });
  });
});

describe("equal as the provider's diff sees it", () => {
  it.each([
    { declared: undefined, live: "", same: true },
    { declared: undefined, live: false, same: true },
    { declared: undefined, live: [], same: true },
    { declared: { enabled: true, cloudwatchLogGroup: undefined }, live: { enabled: true }, same: true },
    { declared: ["b", "a"], live: ["a", "b"], same: false },
    { declared: true, live: false, same: false },
    { declared: "x", live: "", same: false },
    { declared: 2, live: 1, same: false },
  ])("$declared vs $live: $same", ({ declared, live, same }) => {
    expect(sameValue(declared, live)).toBe(same);
  });

  it("compares sets without order", () => {
    expect(sameValue(["b", "a"], ["a", "b"], true)).toBe(true);
    expect(sameValue([{ type: "x", arn: "2" }, { type: "y" }], [{ type: "y" }, { arn: "2", type: "x" }], true)).toBe(true);
  });
});

describe("a claims-mapping policy already assigned", () => {
  const policy = { id: "5a5a5a5a-6b6b-4c7c-8d8d-9e9e9e9e9e9e", displayName: "Client VPN claims", definition: ['{"ClaimsMappingPolicy":{"Version":1}}'] };
  const withPolicy = (appliesTo: string[]) => {
    const live = liveOf(walkthrough());
    live.entra.claimsMappingPolicies = [{ ...policy, appliesTo }];
    return live;
  };
  const declared = (type: string) => ({ type, name: "entra-claims", inputs: {} });

  it("is taken over, policy and assignment, when it applies to this application only", () => {
    const live = withPolicy([live0().entra.servicePrincipal.id]);
    expect(resourceTypes["azuread:index/claimsMappingPolicy:ClaimsMappingPolicy"].match!(declared("azuread:index/claimsMappingPolicy:ClaimsMappingPolicy"), live)).toMatchObject({
      importId: "/policies/claimsMappingPolicies/5a5a5a5a-6b6b-4c7c-8d8d-9e9e9e9e9e9e",
      liveInputs: { displayName: "Client VPN claims", definitions: policy.definition },
    });
    const assignment = "azuread:index/servicePrincipalClaimsMappingPolicyAssignment:ServicePrincipalClaimsMappingPolicyAssignment";
    expect(resourceTypes[assignment].match!(declared(assignment), live)?.importId).toBe(
      `/servicePrincipals/${live.entra.servicePrincipal.id}/claimsMappingPolicies/5a5a5a5a-6b6b-4c7c-8d8d-9e9e9e9e9e9e`,
    );
    expect(findingsOf(live, "unmapped")).toEqual([]);
  });

  it("is left alone, with the fix said, when other applications use it too", () => {
    const live = withPolicy([live0().entra.servicePrincipal.id, "9c9c9c9c-0000-4000-8000-000000000009"]);
    expect(resourceTypes["azuread:index/claimsMappingPolicy:ClaimsMappingPolicy"].match!(declared("azuread:index/claimsMappingPolicy:ClaimsMappingPolicy"), live)).toBeUndefined();
    expect(findingsOf(live, "unmapped")).toEqual([
      'claims-mapping policy "Client VPN claims" (5a5a5a5a-6b6b-4c7c-8d8d-9e9e9e9e9e9e), which also applies to 1 other object: adopt does not take over a policy it would change for others; the program assigns its own, so unassign this one from the enterprise application just before pulumi up',
    ]);
  });
});

function live0() {
  return liveOf(walkthrough());
}

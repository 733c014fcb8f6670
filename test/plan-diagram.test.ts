import { describe, expect, it } from "vitest";
import { JSDOM } from "jsdom";
import { RecordedResource } from "../cli/plan/recording-mocks";
import { planLabels } from "../cli/plan/plan-labels";
import { renderDeploymentDiagram, text } from "../cli/plan/deployment-diagram";

const engineers = "3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74";
const certificateBody = "MIIBplaceholder";
let counter = 0;
function resource(type: string, name: string, inputs: Record<string, unknown>, extra: Record<string, unknown> = {}): RecordedResource {
  counter += 1;
  return { type, name, inputs, state: { ...inputs, ...extra }, urn: `urn:${counter}`, dependsOn: [] };
}
const claimsDefinition = JSON.stringify({
  ClaimsMappingPolicy: { ClaimsSchema: [{ SamlClaimType: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier" }, { SamlClaimType: "memberOf" }] },
});
const resources = [
  resource("azuread:index/applicationRegistration:ApplicationRegistration", "entra-application", { displayName: 'AWS "Client" VPN' }),
  resource("azuread:index/applicationIdentifierUri:ApplicationIdentifierUri", "entra-identifier", { identifierUri: "urn:amazon:webservices:clientvpn" }),
  resource("azuread:index/servicePrincipal:ServicePrincipal", "entra-service-principal", {}),
  resource("azuread:index/claimsMappingPolicy:ClaimsMappingPolicy", "entra-claims", { definitions: [claimsDefinition] }),
  resource("azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate", "entra-cert", { endDate: "2029-11-01T00:00:00Z" }, { value: certificateBody }),
  resource("azuread:index/appRoleAssignment:AppRoleAssignment", "entra-assign-engineers", { principalObjectId: engineers }),
  resource("aws:iam/samlProvider:SamlProvider", "vpn-saml", {}),
  resource("aws:iam/samlProvider:SamlProvider", "vpn-saml-self-service", {}),
  resource("aws:ec2clientvpn/endpoint:Endpoint", "vpn-endpoint", { clientCidrBlock: "172.20.0.0/22", transportProtocol: "udp", vpnPort: 443, splitTunnel: true, sessionTimeoutHours: 12 }),
  resource("aws:ec2clientvpn/networkAssociation:NetworkAssociation", "vpn-association-a", { subnetId: "subnet-0aa11bb22cc33dd44" }),
  resource("aws:ec2clientvpn/networkAssociation:NetworkAssociation", "vpn-association-b", { subnetId: "subnet-0ee55ff66aa77bb88" }),
  resource("aws:ec2clientvpn/authorizationRule:AuthorizationRule", "vpn-rule-payments", { targetNetworkCidr: "10.3.0.0/16", accessGroupId: engineers }),
  resource("aws:ec2clientvpn/authorizationRule:AuthorizationRule", "vpn-rule-shared", { targetNetworkCidr: "10.0.128.0/20", authorizeAllGroups: true }),
  resource("aws:ec2clientvpn/route:Route", "vpn-route-payments-a", { destinationCidrBlock: "10.3.0.0/16", targetVpcSubnetId: "subnet-0aa11bb22cc33dd44" }),
  resource("aws:ec2clientvpn/route:Route", "vpn-route-payments-b", { destinationCidrBlock: "10.3.0.0/16", targetVpcSubnetId: "subnet-0ee55ff66aa77bb88" }),
];
const labels = planLabels({
  placeholders: new Set([certificateBody]),
  groups: { engineers },
  access: [
    { name: "payments", cidr: "10.3.0.0/16", description: "", groups: [{ objectId: engineers, alias: "engineers" }] },
    { name: "shared", cidr: "10.0.128.0/20", description: "", groups: "all" },
  ],
  network: {
    vpcCidrs: ["10.0.0.0/16"],
    subnets: [
      { id: "subnet-0aa11bb22cc33dd44", vpcId: "vpc-1", availabilityZone: "us-east-1a", cidr: "10.0.0.0/24", availableIpAddresses: 251 },
      { id: "subnet-0ee55ff66aa77bb88", vpcId: "vpc-1", availabilityZone: "us-east-1b", cidr: "10.0.1.0/24", availableIpAddresses: 251 },
    ],
  },
});
const diagram = renderDeploymentDiagram(resources, labels, { tenantId: "6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31", awsRegion: "us-east-1" });
const lines = diagram.split("\n").map((line) => line.trim());

describe("deployment diagram", () => {
  it("is a left-to-right Mermaid flowchart", () => {
    expect(lines[0]).toBe("flowchart LR");
  });

  it("draws the Entra side: application with its identifier, service principal, claims and a placeholder certificate", () => {
    expect(lines).toContain('app["Application AWS #quot;Client#quot; VPN<br/>urn:amazon:webservices:clientvpn"]');
    expect(lines).toContain('claims["Claims<br/>NameID, memberOf"]');
    expect(lines).toContain('cert["Signing certificate<br/>placeholder, until 2029-11-01T00:00:00Z"]');
    expect(lines).toEqual(expect.arrayContaining(["app --> sp", "claims -->|claims policy| sp", "sp -->|signs with| cert"]));
  });

  it("follows sign-in from the certificate through the metadata and both SAML providers to the endpoint", () => {
    expect(lines).toEqual(
      expect.arrayContaining([
        "cert --> metadata",
        "metadata --> saml0",
        "metadata --> saml1",
        "saml0 -->|sign-in| cvpn",
        "saml1 -->|self-service portal sign-in| cvpn",
      ]),
    );
  });

  it("draws one association per subnet with its zone, and routes from each to the network", () => {
    expect(lines).toContain('assoc0["Association subnet-0aa11bb22cc33dd44<br/>us-east-1a, 10.0.0.0/24"]');
    expect(lines).toContain('assoc1["Association subnet-0ee55ff66aa77bb88<br/>us-east-1b, 10.0.1.0/24"]');
    expect(lines).toEqual(expect.arrayContaining(["cvpn --> assoc0", "cvpn --> assoc1", "assoc0 -->|route| net0", "assoc1 -->|route| net0"]));
  });

  it("reaches a network inside the VPC through the VPC's own route, not one of ours", () => {
    expect(lines).toContain('net1[("shared<br/>10.0.128.0/20")]');
    expect(lines).toEqual(expect.arrayContaining(["assoc0 -->|VPC route| net1", "assoc1 -->|VPC route| net1"]));
  });

  it("connects groups to the application by assignment and to networks by authorization rules", () => {
    expect(lines).toContain(`group0(["Group engineers<br/>${engineers}"])`);
    expect(lines).toEqual(
      expect.arrayContaining(["group0 -->|assigned| sp", "group0 -.->|authorization rule| net0", "allUsers -.->|authorization rule| net1"]),
    );
  });

  it("escapes what a Mermaid label cannot hold", () => {
    expect(text('a "b" <c> | d')).toBe("a #quot;b#quot; #lt;c#gt; #124; d");
  });

  it("leaves out the Entra side for a stack that declares none", () => {
    const awsOnly = renderDeploymentDiagram(resources.slice(6), labels, {});
    expect(awsOnly).not.toContain("subgraph entra");
    expect(awsOnly).toContain("cvpn --> assoc0");
  });

  it("parses with Mermaid's own parser, and the parser would refuse a broken diagram", async () => {
    // Mermaid sanitizes labels with DOMPurify, which needs a DOM; jsdom provides one before Mermaid loads.
    // Test files share a process, so the DOM goes again afterwards: later files must not see a browser.
    const { window } = new JSDOM("");
    Object.assign(globalThis, { window, document: window.document });
    try {
      // Mermaid's ESM bundle (dist/mermaid.esm.mjs, what a browser loads from a CDN): the same release, parser and
      // DOMPurify, with its dependencies built into a few chunks. The package's main entry loads d3, lodash-es and
      // the rest file by file, about 0.6 s of CPU more for the same parser.
      const bundle: string = "mermaid/dist/mermaid.esm.mjs";
      const mermaid = ((await import(bundle)) as typeof import("mermaid")).default;
      await expect(mermaid.parse(diagram)).resolves.toMatchObject({ diagramType: "flowchart-v2" });
      // A node named like a keyword is what would break it.
      await expect(mermaid.parse(`${diagram}  end --> cvpn\n`)).rejects.toThrow(/Parse error/);
    } finally {
      const browser = globalThis as { window?: unknown; document?: unknown };
      delete browser.window;
      delete browser.document;
      window.close();
    }
  });

  it("draws the gallery route: the gallery app with its service principal and preset claims, no claims policy", async () => {
    const gallery = [
      resource("azuread:index/applicationFromTemplate:ApplicationFromTemplate", "entra-gallery-application", { displayName: "AWS Client VPN", templateId: "t" }),
      ...resources.filter((r) => !/:(ApplicationRegistration|ServicePrincipal|ClaimsMappingPolicy)$/.test(r.type)),
    ];
    const drawn = renderDeploymentDiagram(gallery, labels, { tenantId: "6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31", awsRegion: "us-east-1" });
    const galleryLines = drawn.split("\n").map((line) => line.trim());
    expect(galleryLines).toContain('app["Gallery application AWS ClientVPN AWS Client VPN<br/>urn:amazon:webservices:clientvpn"]');
    expect(galleryLines).toContain('claims["Claims preset by the gallery app<br/>memberOf, FirstName, LastName"]');
    expect(galleryLines).toContain("app --> sp");
    expect(galleryLines).toContain("claims -->|preset claims| sp");
    expect(galleryLines).toContain("group0 -->|assigned| sp");
  });
});

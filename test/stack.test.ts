import { beforeAll, describe, expect, it } from "vitest";
import { DeclaredResource } from "./support/pulumi-mocks";
import {
  StackRun,
  deployingIdentityObjectId,
  galleryAccessRoleId,
  galleryTemplateId,
  signingCertificate,
  signingThumbprint,
  stackRunner,
} from "./support/stack-run";
import { engineConfigForRoute, exampleNetworkFacts } from "./support/example-stack";
import { clientReplyUrl, selfServiceReplyUrl } from "../components/reply-urls";
import { defaultAccessAppRoleId } from "../components/entra-saml-app";
import { identityMarker } from "../components/identity-uniqueness";
import { GroupClaimRoute, groupClaimRoutes } from "../components/group-claim-route";

// Mocks must be installed before index.ts (and the providers it imports) is loaded.
const runStack = stackRunner(exampleNetworkFacts);

const engineers = "3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74";
const vpnUsers = "0b7e4d2a-5c1f-4a3e-9d8b-7f6a2c1e0d93";

const runs = new Map<GroupClaimRoute, StackRun>();
let run: StackRun;
const ofType = (type: string) => run.resources.filter((r) => r.type === type);
const one = (type: string) => {
  const found = ofType(type);
  expect(found, type).toHaveLength(1);
  return found[0];
};
const byUrn = (urn: string) => run.resources.find((r) => r.urn === urn);

const T = {
  registration: "azuread:index/applicationRegistration:ApplicationRegistration",
  fromTemplate: "azuread:index/applicationFromTemplate:ApplicationFromTemplate",
  gallerySettings: "pulumi-nodejs:dynamic/entra:GalleryAppSettings",
  servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
  identifier: "azuread:index/applicationIdentifierUri:ApplicationIdentifierUri",
  replyUrls: "azuread:index/applicationRedirectUris:ApplicationRedirectUris",
  claims: "azuread:index/claimsMappingPolicy:ClaimsMappingPolicy",
  claimsAssignment: "azuread:index/servicePrincipalClaimsMappingPolicyAssignment:ServicePrincipalClaimsMappingPolicyAssignment",
  certificate: "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate",
  signing: "pulumi-nodejs:dynamic/entra:SamlSigningSettings",
  assignment: "azuread:index/appRoleAssignment:AppRoleAssignment",
} as const;

beforeAll(async () => {
  for (const route of groupClaimRoutes) runs.set(route, await runStack(engineConfigForRoute(route)));
});

describe("Entra side on the claims-mapping-policy route, walkthrough step by step", () => {
  beforeAll(() => {
    run = runs.get("claims-mapping-policy")!;
  });

  it("step 1: an application registration for AWS Client VPN, token version 2", () => {
    expect(one(T.registration).inputs).toMatchObject({ displayName: "AWS Client VPN", signInAudience: "AzureADMyOrg", requestedAccessTokenVersion: 2 });
  });

  it("step 1: an enterprise application (service principal) in SAML single sign-on mode that requires assignment", () => {
    expect(one(T.servicePrincipal).inputs).toMatchObject({
      appRoleAssignmentRequired: true,
      preferredSingleSignOnMode: "saml",
      featureTags: [{ enterprise: true, customSingleSignOn: true }],
      notificationEmailAddresses: ["it-security@example.com"],
    });
  });

  it("keeps the deploying identity an owner of the service principal, so OwnedBy can still manage it after create", () => {
    expect(one(T.servicePrincipal).inputs.owners).toEqual([deployingIdentityObjectId]);
  });

  it("step 3: claims NameID, FirstName, LastName and memberOf, with only app-assigned groups", () => {
    const policy = one(T.claims);
    const definition = JSON.parse((policy.inputs.definitions as string[])[0]).ClaimsMappingPolicy;
    const emitted = Object.fromEntries(
      definition.ClaimsSchema.filter((c: { SamlClaimType?: string }) => c.SamlClaimType).map((c: { ID: string; SamlClaimType: string }) => [c.SamlClaimType, c.ID]),
    );
    expect(emitted).toEqual({
      "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier": "userprincipalname",
      FirstName: "givenname",
      LastName: "surname",
      memberOf: "memberOf",
    });
    const transformation = definition.ClaimsTransformations[0];
    expect(transformation.InputClaims[0]).toMatchObject({ ClaimTypeReferenceId: "groups", TreatAsMultiValue: "true" });
    expect(transformation.OutputClaims[0].ClaimTypeReferenceId).toBe("memberOf");
    expect(one(T.registration).inputs.groupMembershipClaims).toEqual(["ApplicationGroup"]);
    expect(one(T.claimsAssignment).dependsOn).toEqual(expect.arrayContaining([policy.urn, one(T.servicePrincipal).urn]));
  });

  it("assigns the claims-mapping policy only after the signing settings activated the custom signing key (AADSTS50146 otherwise)", () => {
    expect(one(T.claimsAssignment).dependsOn).toContain(one(T.signing).urn);
  });

  it("step 6: one Default Access assignment per configured group (the registration declares no app roles)", () => {
    for (const assignment of ofType(T.assignment)) expect(assignment.inputs.appRoleId).toBe(defaultAccessAppRoleId);
  });
});

describe("Entra side on the gallery-app route", () => {
  beforeAll(() => {
    run = runs.get("gallery-app")!;
  });

  it("instantiates the gallery template the program looked up, under the configured display name", () => {
    expect(one(T.fromTemplate).inputs).toEqual({ displayName: "AWS Client VPN", templateId: galleryTemplateId });
  });

  it("declares no app registration, no service principal of its own and no claims-mapping policy", () => {
    for (const type of [T.registration, T.servicePrincipal, T.claims, T.claimsAssignment]) expect(ofType(type), type).toEqual([]);
  });

  it("sets what AWS needs on the instantiated app and service principal, notes included (the uniqueness check reads them)", () => {
    const settings = one(T.gallerySettings);
    const app = one(T.fromTemplate);
    expect(settings.inputs).toMatchObject({
      tenantId: "6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31",
      environment: "global",
      applicationObjectId: app.state.applicationObjectId,
      servicePrincipalObjectId: app.state.servicePrincipalObjectId,
      notificationEmails: ["it-security@example.com"],
      notes: identityMarker("acme/clientvpn-federation/test"),
    });
  });

  it("adds the identifier, the signing certificate and its activation only after the app is on token version 2 and in SAML mode", () => {
    const settings = one(T.gallerySettings);
    for (const type of [T.identifier, T.certificate, T.signing]) expect(one(type).dependsOn, type).toContain(settings.urn);
  });

  it("points the identifier, reply URLs and certificate at the instantiated objects", () => {
    const app = one(T.fromTemplate);
    expect(one(T.identifier).inputs.applicationId).toBe(app.state.applicationId);
    expect(one(T.replyUrls).inputs.applicationId).toBe(app.state.applicationId);
    expect(one(T.certificate).inputs.servicePrincipalId).toBe(app.state.servicePrincipalId);
  });

  it("step 6: assigns each group the template's msiam_access role, read from the service principal", () => {
    for (const assignment of ofType(T.assignment)) expect(assignment.inputs.appRoleId).toBe(galleryAccessRoleId);
  });

  it("exports the instantiated app's client ID and its federation metadata URL", () => {
    const settings = one(T.gallerySettings);
    expect(run.outputs.azureApplicationClientId).toBe(settings.state.applicationClientId);
    expect(run.outputs.federationMetadataUrl).toContain(`appid=${String(settings.state.applicationClientId)}`);
  });
});

describe.each(groupClaimRoutes)("on the %s route", (route) => {
  beforeAll(() => {
    run = runs.get(route)!;
  });

  describe("Entra side, walkthrough step by step", () => {
    it("step 2: identifier urn:amazon:webservices:clientvpn, freed on the old app first when it moves", () => {
      const identifier = one(T.identifier);
      expect(identifier.inputs.identifierUri).toBe("urn:amazon:webservices:clientvpn");
      // Identifiers are unique per tenant: created on the new app first, Entra would refuse it as taken.
      expect(identifier.deleteBeforeReplace).toBe(true);
    });

    it("step 5: reply URLs exactly the loopback one (no trailing slash) and the self-service portal's", () => {
      const uris = one(T.replyUrls);
      expect(uris.inputs.type).toBe("Web");
      expect(uris.inputs.redirectUris).toEqual([clientReplyUrl, selfServiceReplyUrl]);
      expect(clientReplyUrl).toBe("http://127.0.0.1:35001");
    });

    it("a token signing certificate whose end date comes from config, not the clock", () => {
      expect(one(T.certificate).inputs.endDate).toBe("2029-11-01T00:00:00Z");
    });

    it("step 4 and activation: the Graph-only settings get the application, service principal and certificate thumbprint", () => {
      const signing = one(T.signing);
      const certificate = one(T.certificate);
      expect(signing.inputs).toMatchObject({
        tenantId: "6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31",
        environment: "global",
        applicationObjectId: route === "gallery-app" ? one(T.fromTemplate).state.applicationObjectId : one(T.registration).state.objectId,
        servicePrincipalObjectId: run.outputs.azureServicePrincipalObjectId,
        signingCertificateThumbprint: signingThumbprint,
      });
      expect(signing.dependsOn).toContain(certificate.urn);
    });

    it("step 6: one assignment per configured group", () => {
      const assignments = ofType(T.assignment);
      expect(assignments.map((a) => a.inputs.principalObjectId).sort()).toEqual([engineers, vpnUsers].sort());
      for (const assignment of assignments) expect(assignment.inputs.resourceObjectId).toBe(run.outputs.azureServicePrincipalObjectId);
    });
  });

  describe("the link between the clouds", () => {
    it("gives IAM metadata carrying exactly the certificate Entra issued, for both SAML providers", () => {
      const providers = ofType("aws:iam/samlProvider:SamlProvider");
      expect(providers).toHaveLength(2);
      for (const provider of providers) {
        const xml = provider.inputs.samlMetadataDocument as string;
        expect(xml).toContain(`<ds:X509Certificate>${signingCertificate.certificateBody}</ds:X509Certificate>`);
        expect(xml).toContain('entityID="https://sts.windows.net/6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31/"');
      }
    });

    it("makes IAM wait for Entra to sign with that certificate", () => {
      const signing = one("pulumi-nodejs:dynamic/entra:SamlSigningSettings");
      for (const provider of ofType("aws:iam/samlProvider:SamlProvider")) expect(provider.dependsOn).toContain(signing.urn);
    });

    it("has the endpoint authenticate through those providers", () => {
      const endpoint = one("aws:ec2clientvpn/endpoint:Endpoint");
      const [main, selfService] = ofType("aws:iam/samlProvider:SamlProvider");
      expect(endpoint.inputs.authenticationOptions).toEqual([
        {
          type: "federated-authentication",
          samlProviderArn: `arn:aws:iam::123456789012:saml-provider/${main.name}`,
          selfServiceSamlProviderArn: `arn:aws:iam::123456789012:saml-provider/${selfService.name}`,
        },
      ]);
    });
  });

  describe("AWS side", () => {
    it("creates the endpoint with the configured network, transport, session and portal settings", () => {
      expect(one("aws:ec2clientvpn/endpoint:Endpoint").inputs).toMatchObject({
        serverCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/9f8e7d6c-5b4a-4321-8fed-cba987654321",
        clientCidrBlock: "172.20.0.0/22",
        splitTunnel: true,
        transportProtocol: "udp",
        vpnPort: 443,
        sessionTimeoutHours: 12,
        dnsServers: ["10.2.0.10", "10.2.1.10"],
        vpcId: "vpc-0a1b2c3d4e5f60718",
        selfServicePortal: "enabled",
        clientLoginBannerOptions: { enabled: true, bannerText: "Authorized use only. Connections are logged." },
      });
    });

    it("logs connections to its own log group with the configured retention", () => {
      const group = one("aws:cloudwatch/logGroup:LogGroup");
      const stream = one("aws:cloudwatch/logStream:LogStream");
      expect(group.inputs.retentionInDays).toBe(365);
      expect(one("aws:ec2clientvpn/endpoint:Endpoint").inputs.connectionLogOptions).toEqual({
        enabled: true,
        cloudwatchLogGroup: `/aws/clientvpn/${group.name}-1a2b3c`,
        cloudwatchLogStream: "connections",
      });
      expect(stream.inputs.name).toBe("connections");
    });

    it("uses a dedicated security group that lets clients reach the access networks only", () => {
      const group = one("aws:ec2/securityGroup:SecurityGroup");
      expect(group.inputs.vpcId).toBe("vpc-0a1b2c3d4e5f60718");
      expect(group.inputs.egress).toBeUndefined();
      const egress = ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
      expect(egress.map((e) => e.inputs.cidrIpv4)).toEqual(["10.2.0.10/32", "10.2.1.10/32", "10.1.0.0/16", "10.3.0.0/16"]);
      expect(one("aws:ec2clientvpn/endpoint:Endpoint").inputs.securityGroupIds).toEqual(["sg-0123456789abcdef0"]);
    });

    it("associates each subnet", () => {
      expect(ofType("aws:ec2clientvpn/networkAssociation:NetworkAssociation").map((a) => a.inputs.subnetId)).toEqual([
        "subnet-0aa11bb22cc33dd44",
        "subnet-0ee55ff66aa77bb88",
      ]);
    });

    it("authorizes the resolvers for every group, build for vpn-users and payments for engineers, by object ID", () => {
      const rules = ofType("aws:ec2clientvpn/authorizationRule:AuthorizationRule").map((r) => ({
        network: r.inputs.targetNetworkCidr,
        group: r.inputs.accessGroupId ?? (r.inputs.authorizeAllGroups ? "all" : "none"),
      }));
      expect(rules).toEqual([
        { network: "10.2.0.10/32", group: "all" },
        { network: "10.2.1.10/32", group: "all" },
        { network: "10.1.0.0/16", group: vpnUsers },
        { network: "10.3.0.0/16", group: engineers },
      ]);
    });

    it("routes each network outside the VPC through every associated subnet, each route after its subnet's association", () => {
      const routes = ofType("aws:ec2clientvpn/route:Route");
      const associations = ofType("aws:ec2clientvpn/networkAssociation:NetworkAssociation");
      expect(routes.map((r) => `${r.inputs.destinationCidrBlock} via ${r.inputs.targetVpcSubnetId}`).sort()).toEqual([
        "10.1.0.0/16 via subnet-0aa11bb22cc33dd44",
        "10.1.0.0/16 via subnet-0ee55ff66aa77bb88",
        "10.2.0.10/32 via subnet-0aa11bb22cc33dd44",
        "10.2.0.10/32 via subnet-0ee55ff66aa77bb88",
        "10.2.1.10/32 via subnet-0aa11bb22cc33dd44",
        "10.2.1.10/32 via subnet-0ee55ff66aa77bb88",
        "10.3.0.0/16 via subnet-0aa11bb22cc33dd44",
        "10.3.0.0/16 via subnet-0ee55ff66aa77bb88",
      ]);
      for (const route of routes) {
        const association = associations.find((a) => a.inputs.subnetId === route.inputs.targetVpcSubnetId)!;
        expect(route.dependsOn).toContain(association.urn);
      }
    });

    it("parents every resource under one of the two components", () => {
      const parents = new Set(run.resources.filter((r) => !r.type.startsWith("clientvpn-federation:")).map((r) => byUrn(r.parent ?? "")?.type));
      expect([...parents].sort()).toEqual(["clientvpn-federation:aws:ClientVpn", "clientvpn-federation:entra:SamlApp"]);
    });
  });

  describe("stack outputs", () => {
    it("exports the names the contract promises", () => {
      expect(Object.keys(run.outputs).sort()).toEqual(
        [
          "authorizationRules",
          "azureApplicationClientId",
          "clientConfig",
          "clientConfigOpenVpn",
          "estimatedMonthlyCost",
          "estimatedMonthlyCostUsd",
          "azureServicePrincipalObjectId",
          "clientVpnDnsName",
          "clientVpnEndpointId",
          "federationMetadataUrl",
          "groups",
          "returnRoutes",
          "samlMetadataXml",
          "selfServicePortalReplyUrl",
          "tenantId",
          "samlProviderArn",
          "selfServicePortalUrl",
          "selfServiceSamlProviderArn",
          "signingCertificateExpiry",
          "signingCertificateThumbprint",
        ].sort(),
      );
    });

    it("says who reaches what and which networks need return routes", () => {
      expect(run.outputs.authorizationRules).toEqual([
        { name: "dns-resolver-a", network: "10.2.0.10/32", groups: "all" },
        { name: "dns-resolver-b", network: "10.2.1.10/32", groups: "all" },
        { name: "build", network: "10.1.0.0/16", groups: [`vpn-users (${vpnUsers})`] },
        { name: "payments", network: "10.3.0.0/16", groups: [`engineers (${engineers})`] },
      ]);
      expect(run.outputs.returnRoutes).toEqual([
        { name: "dns-resolver-a", network: "10.2.0.10/32", returnTo: ["10.0.0.0/24", "10.0.1.0/24"] },
        { name: "dns-resolver-b", network: "10.2.1.10/32", returnTo: ["10.0.0.0/24", "10.0.1.0/24"] },
        { name: "build", network: "10.1.0.0/16", returnTo: ["10.0.0.0/24", "10.0.1.0/24"] },
        { name: "payments", network: "10.3.0.0/16", returnTo: ["10.0.0.0/24", "10.0.1.0/24"] },
      ]);
    });

    it("exports the certificate, the endpoint and the metadata URL", () => {
      expect(run.outputs).toMatchObject({
        clientVpnEndpointId: "cvpn-endpoint-0123456789abcdef0",
        signingCertificateThumbprint: signingThumbprint,
        signingCertificateExpiry: "2029-11-01T00:00:00Z",
        selfServicePortalUrl: "https://self-service.clientvpn.amazonaws.com/endpoints/cvpn-endpoint-0123456789abcdef0",
      });
      expect(run.outputs.federationMetadataUrl).toMatch(
        /^https:\/\/login\.microsoftonline\.com\/6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31\/federationmetadata\/2007-06\/federationmetadata\.xml\?appid=[0-9a-f-]{36}$/,
      );
    });
  });

  describe("what the stack hands to people", () => {
    it("exports the AWS VPN Client profile for the endpoint, with the wildcard removed and federated sign-in on", () => {
      const profile = run.outputs.clientConfig as string;
      expect(profile.match(/^remote .*$/gm)).toEqual(["remote cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com 443"]);
      expect(profile).toMatch(/^proto udp$/m);
      expect(profile).toMatch(/^auth-federate$/m);
      expect(profile).toContain("-----BEGIN CERTIFICATE-----");
    });

    it("exports a stock OpenVPN variant without auth-federate", () => {
      expect(run.outputs.clientConfigOpenVpn as string).not.toMatch(/^auth-federate$/m);
    });

    it("estimates the walkthrough's monthly cost: 2 associations and 50 users for 40 hours a week come to $544", () => {
      expect(run.outputs.estimatedMonthlyCostUsd).toBe(544);
      expect((run.outputs.estimatedMonthlyCost as { lines: { usd: number }[] }).lines.map((l) => l.usd)).toEqual([144, 400]);
    });
  });

});

export type { DeclaredResource };

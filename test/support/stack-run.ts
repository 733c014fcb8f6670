import { createHash } from "node:crypto";
import { DeclaredResource, OutputFaker } from "./pulumi-mocks";
import { createOfflineEngine, OfflineEngine, PulumiProgram } from "../../cli/plan/offline-engine";
import type { InvokeAnswer } from "../../cli/plan/recording-mocks";
import { NetworkFacts } from "../../components/network-facts";
import { identityMarker } from "../../components/identity-uniqueness";
import { type LiveSigning, planSigningSteps, type SamlSigningInputs, stateFromLive } from "../../components/graph/saml-signing-plan";
import { createTestCertificate, TestCertificate } from "./test-certificates";

/** The certificate the fake Entra issues as the token signing certificate (the example stack's end date). */
export const signingCertificate: TestCertificate = createTestCertificate({ commonName: "Microsoft Azure Federated SSO Certificate" });
/** Its SHA-1 thumbprint, as the azuread provider computes it from the certificate; the policy pack checks the two agree. */
export const signingThumbprint = sha1Thumbprint(signingCertificate.certificateBody);
function sha1Thumbprint(certificateBody: string): string {
  return createHash("sha1").update(Buffer.from(certificateBody, "base64")).digest("hex").toUpperCase();
}

/** The example stack's azure.signingCertificateEndDate. */
export const exampleSigningCertificateEndDate = "2029-11-01T00:00:00Z";

/**
 * A certificate of its own for every other end date, as addTokenSigningCertificate issues a new key each time,
 * so a rotation's two certificates differ. Made on first use; its thumbprint is its real SHA-1.
 */
const certificatesByEndDate = new Map<string, { certificate: TestCertificate; thumbprint: string }>();
export function issuedCertificate(endDate: string | undefined): { certificate: TestCertificate; thumbprint: string } {
  if (endDate === undefined || endDate === exampleSigningCertificateEndDate) return { certificate: signingCertificate, thumbprint: signingThumbprint };
  let issued = certificatesByEndDate.get(endDate);
  if (!issued) {
    const certificate = createTestCertificate({ commonName: "Microsoft Azure Federated SSO Certificate" });
    issued = { certificate, thumbprint: sha1Thumbprint(certificate.certificateBody) };
    certificatesByEndDate.set(endDate, issued);
  }
  return issued;
}
/** The ID the fake Entra gallery gives the "AWS ClientVPN" application template. */
export const galleryTemplateId = "7a7a7a7a-0000-4000-8000-00000000a7a7";
/** The template's msiam_access role on the instantiated service principal, as the fake Graph reads it. */
export const galleryAccessRoleId = "8b8b8b8b-0000-4000-8000-00000000b8b8";

/** The object ID of the identity the fake azuread provider is signed in as. */
export const deployingIdentityObjectId = "d3d3d3d3-0000-4000-8000-0000000000d3";

const objectIdOf = (name: string) => {
  // Stable, GUID-shaped IDs derived from the resource name.
  const hex = Buffer.from(name).toString("hex").padEnd(32, "0").slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/** What the real providers would add to the inputs: IDs, ARNs, generated names and values. */
export const providerOutputs: Record<string, OutputFaker> = {
  "azuread:index/applicationRegistration:ApplicationRegistration": (name) => ({
    id: `/applications/${objectIdOf(name)}`,
    objectId: objectIdOf(name),
    clientId: objectIdOf(`${name}-client`),
  }),
  "azuread:index/servicePrincipal:ServicePrincipal": (name) => ({
    id: `/servicePrincipals/${objectIdOf(name)}`,
    objectId: objectIdOf(name),
  }),
  "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate": (_name, inputs) => {
    const endDate = inputs.endDate as string | undefined;
    const { certificate, thumbprint } = issuedCertificate(endDate);
    return {
      thumbprint,
      value: certificate.certificateBody,
      endDate: endDate ?? "2029-11-21T00:00:00Z",
      keyId: `0f0f0f0f-1e1e-4d2d-8c3c-${thumbprint.slice(0, 12).toLowerCase()}`,
    };
  },
  "azuread:index/claimsMappingPolicy:ClaimsMappingPolicy": (name) => ({ id: objectIdOf(name) }),
  // ID format per the provider's import docs: /applicationTemplates/{template}/instantiate/{application}/{service principal}.
  "azuread:index/applicationFromTemplate:ApplicationFromTemplate": (name, inputs) => {
    const applicationObjectId = objectIdOf(`${name}-app`);
    const servicePrincipalObjectId = objectIdOf(`${name}-sp`);
    return {
      id: `/applicationTemplates/${String(inputs.templateId)}/instantiate/${applicationObjectId}/${servicePrincipalObjectId}`,
      applicationId: `/applications/${applicationObjectId}`,
      applicationObjectId,
      servicePrincipalId: `/servicePrincipals/${servicePrincipalObjectId}`,
      servicePrincipalObjectId,
    };
  },
  // What the provider stores after a create (components/gallery-app/gallery-app-plan.ts stateAfterWrite).
  "pulumi-nodejs:dynamic/entra:GalleryAppSettings": (name, inputs) => ({
    applicationClientId: objectIdOf(`${name}-client`),
    assignmentAppRoleId: galleryAccessRoleId,
    identifierUriPreset: false,
    groupMembershipClaims: "ApplicationGroup",
    requestedAccessTokenVersion: 2,
    appRoleAssignmentRequired: true,
    preferredSingleSignOnMode: "saml",
    notificationEmailAddresses: inputs.notificationEmails,
  }),
  "pulumi-nodejs:dynamic/entra:SamlSigningSettings": (_name, inputs) => convergedSigning(inputs as unknown as SamlSigningInputs),
  "aws:iam/samlProvider:SamlProvider": (name) => ({ arn: `arn:aws:iam::123456789012:saml-provider/${name}` }),
  "aws:cloudwatch/logGroup:LogGroup": (name, inputs) => ({ name: `${inputs.namePrefix ?? ""}${name}-1a2b3c` }),
  "aws:ec2/securityGroup:SecurityGroup": () => ({ id: "sg-0123456789abcdef0" }),
  "aws:acm/certificate:Certificate": (name, inputs) => ({
    arn: `arn:aws:acm:us-east-1:123456789012:certificate/${objectIdOf(name)}`,
    domainValidationOptions: [
      {
        domainName: inputs.domainName,
        resourceRecordName: `_a1b2c3.${inputs.domainName}.`,
        resourceRecordType: "CNAME",
        resourceRecordValue: "_x9y8z7.acm-validations.aws.",
      },
    ],
  }),
  "aws:route53/record:Record": (_name, inputs) => ({ fqdn: String(inputs.name).replace(/\.$/, "") }),
  "aws:ec2clientvpn/endpoint:Endpoint": () => ({
    id: "cvpn-endpoint-0123456789abcdef0",
    dnsName: "*.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com",
    selfServicePortalUrl: "https://self-service.clientvpn.amazonaws.com/endpoints/cvpn-endpoint-0123456789abcdef0",
  }),
};

/**
 * What the dynamic provider's create stores for a tenant where nothing existed yet: its own plan's steps
 * (planSigningSteps) carried out on an empty tenant, read back with its own stateFromLive. So the outputs
 * follow the provider's policy definition and thumbprint handling instead of restating a value here.
 */
function convergedSigning(inputs: SamlSigningInputs): Record<string, unknown> {
  let live: LiveSigning = { duplicatePolicies: [], assigned: { application: [], servicePrincipal: [] }, preferredTokenSigningKeyThumbprint: null };
  for (const step of planSigningSteps(inputs, live)) {
    if (step.kind === "createPolicy") live = { ...live, ownPolicy: { id: "9a9a9a9a-8b8b-4c7c-9d6d-5e5e5e5e5e5e", displayName: step.displayName, definition: step.definition } };
    if (step.kind === "assignPolicy") live = { ...live, assigned: { ...live.assigned, [step.holder]: [live.ownPolicy!] } };
    if (step.kind === "setPreferredThumbprint") live = { ...live, preferredTokenSigningKeyThumbprint: step.thumbprint };
  }
  // Nothing was active before, so a preferred key means the provider switched to it and stamped the switch
  // with its clock (saml-signing-provider.ts); the fake's clock is fixed.
  const switched = live.preferredTokenSigningKeyThumbprint !== null;
  const state = { ...stateFromLive(inputs, live), ...(switched ? { activatedAt: "2026-11-20T10:00:00.000Z" } : {}) };
  // Only what the provider reads from Graph; Pulumi adds the inputs itself.
  return Object.fromEntries(Object.entries(state).filter(([key]) => !(key in inputs)));
}

/** Data-source answers for the looked-up network. */
export function networkCalls(facts: NetworkFacts) {
  return {
    "aws:ec2/getVpc:getVpc": (inputs: Record<string, unknown>) => {
      const [primary, ...secondary] = facts.vpcCidrs;
      return {
        id: inputs.id,
        cidrBlock: primary,
        cidrBlockAssociations: [primary, ...secondary].map((cidrBlock, i) => ({ associationId: `vpc-cidr-assoc-${i}`, cidrBlock, state: "associated" })),
      };
    },
    // The tenant's Client VPN application is this stack's own, as on every run after the first.
    // (The mock engine drops an invoke's error text, so "not found" is covered by a unit test.)
    "azuread:index/getApplication:getApplication": () => ({
      notes: identityMarker("acme/clientvpn-federation/test"),
      displayName: "AWS Client VPN",
      clientId: "c1c1c1c1-0000-4000-8000-000000000001",
    }),
    // The data source's answer for a display name the gallery has, and its error otherwise
    // (terraform-provider-azuread v3.8.0 application_template_data_source.go).
    "azuread:index/getApplicationTemplate:getApplicationTemplate": (inputs: Record<string, unknown>) => {
      if (inputs.displayName !== "AWS ClientVPN") {
        throw new Error(`Application template not found: no application templates found matching filter: "displayName eq '${String(inputs.displayName)}'"`);
      }
      return { id: galleryTemplateId, templateId: galleryTemplateId, displayName: "AWS ClientVPN", supportedSingleSignOnModes: ["saml"] };
    },
    "azuread:index/getClientConfig:getClientConfig": () => ({
      id: deployingIdentityObjectId,
      objectId: deployingIdentityObjectId,
      clientId: "c0c0c0c0-0000-4000-8000-0000000000c0",
      tenantId: "6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31",
    }),
    "aws:ec2/getSubnet:getSubnet": (inputs: Record<string, unknown>) => {
      const subnet = facts.subnets.find((s) => s.id === inputs.id);
      if (!subnet) throw new Error(`InvalidSubnetID.NotFound: The subnet ID '${inputs.id}' does not exist`);
      return {
        id: subnet.id,
        vpcId: subnet.vpcId,
        availabilityZone: subnet.availabilityZone,
        cidrBlock: subnet.cidr,
        availableIpAddressCount: subnet.availableIpAddresses,
      };
    },
  };
}

export interface StackRun {
  outputs: Record<string, unknown>;
  resources: DeclaredResource[];
  /** What the program logged with pulumi.log.warn. */
  warnings: string[];
}

let lastEngine: OfflineEngine | undefined;

/** Every resource the most recent run declared, whether the run succeeded or failed. */
export function lastRecordedResources(): DeclaredResource[] {
  return lastEngine?.lastRun().resources ?? [];
}

/**
 * Runs index.ts under Pulumi's mocks with a stack's engine config and network facts, the way
 * `pulumi preview` would run it, and returns the resolved stack outputs and every declared resource.
 * It is the offline plan's engine (cli/plan/offline-engine.ts) with the tests' fixed fakes, so the
 * tests exercise the same machinery `npm run plan` ships.
 */
export function stackRunner(
  facts: NetworkFacts,
  overrides: { outputs?: Record<string, OutputFaker>; invokes?: Record<string, InvokeAnswer> } = {},
) {
  const engine = createOfflineEngine({
    project: "clientvpn-federation",
    stack: "test",
    organization: "acme",
    outputs: { ...providerOutputs, ...overrides.outputs },
    invokes: { ...networkCalls(facts), ...overrides.invokes },
  });
  lastEngine = engine;
  return async (engineConfig: Record<string, string>): Promise<StackRun> => {
    // Imported only now: the program's modules must load after the mocks are installed.
    const program = (await import("../../index")).default as unknown as PulumiProgram;
    const { outputs, resources, warnings } = await engine.run(program, engineConfig);
    return { outputs, resources, warnings };
  };
}

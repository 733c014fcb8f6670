import { ConfigProblem } from "./config";

/** The stack outputs an identity stack exports for its endpoint stacks (and the sign-in check) to read. */
export const identityOutputNames = {
  metadataXml: "samlMetadataXml",
  groups: "groups",
  tenantId: "tenantId",
  selfServicePortal: "selfServicePortalReplyUrl",
  applicationClientId: "azureApplicationClientId",
  servicePrincipalObjectId: "azureServicePrincipalObjectId",
  signingCertificateThumbprint: "signingCertificateThumbprint",
  signingCertificateExpiry: "signingCertificateExpiry",
  federationMetadataUrl: "federationMetadataUrl",
} as const;

/** The setting an endpoint stack names its identity stack with. */
export const identityStackSetting = "clientvpn-federation:identityStack";

/**
 * What an endpoint stack requires of the identity stack it references: a group map, and the same tenant. Pure, so
 * the program (through a StackReference) and the sign-in check (through the Automation API) judge the same way.
 */
export function identityReferenceProblems(identityStack: string, tenantId: string, exported: { groups: unknown; tenantId: unknown }): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!exported.groups || typeof exported.groups !== "object") {
    problems.push({ setting: identityStackSetting, message: `${identityStack} exports no ${identityOutputNames.groups}; deploy it first with mode: identity (or all)` });
  }
  if (typeof exported.tenantId === "string" && exported.tenantId.toLowerCase() !== tenantId) {
    problems.push({
      setting: "azuread:tenantId",
      message: `is ${tenantId} but ${identityStack} federates tenant ${exported.tenantId}; an endpoint signs in through its identity stack's tenant`,
    });
  }
  return problems;
}

/**
 * An endpoint that turns the self-service portal on needs an identity stack whose application accepts the portal's
 * reply URL (azure.selfServicePortal there), or Entra refuses the portal's sign-ins.
 */
export function selfServicePortalProblems(identityStack: string, endpointWantsPortal: boolean, identityAcceptsPortal: boolean): ConfigProblem[] {
  if (!endpointWantsPortal || identityAcceptsPortal) return [];
  return [
    {
      setting: "vpn.selfServicePortal",
      message: `is on, but ${identityStack} does not accept the portal's reply URL; set azure.selfServicePortal: true there first`,
    },
  ];
}

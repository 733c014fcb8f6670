import * as pulumi from "@pulumi/pulumi";
import { ConfigProblem } from "./config";

/** The stack outputs an identity stack exports for its endpoint stacks to read. */
export const identityOutputNames = {
  metadataXml: "samlMetadataXml",
  groups: "groups",
  tenantId: "tenantId",
  selfServicePortal: "selfServicePortalReplyUrl",
  applicationClientId: "azureApplicationClientId",
  servicePrincipalObjectId: "azureServicePrincipalObjectId",
  signingCertificateThumbprint: "signingCertificateThumbprint",
  signingCertificateExpiry: "signingCertificateExpiry",
  publishedSigningCertificateThumbprints: "publishedSigningCertificateThumbprints",
  signingKeyActivatedAt: "signingKeyActivatedAt",
  federationMetadataUrl: "federationMetadataUrl",
} as const;

/** What an endpoint stack takes from the identity stack it references. */
export interface ReferencedIdentity {
  groups: Record<string, string>;
  selfServicePortal: boolean;
  metadataXml: pulumi.Output<string>;
  outputs: Record<
    | "applicationClientId"
    | "servicePrincipalObjectId"
    | "signingCertificateThumbprint"
    | "signingCertificateExpiry"
    | "publishedSigningCertificateThumbprints"
    | "signingKeyActivatedAt"
    | "federationMetadataUrl",
    pulumi.Output<unknown>
  >;
}

/**
 * Reads the identity stack through a StackReference (a read, nothing is created). The group map,
 * tenant and portal flag are awaited as plain values, because they decide which rules exist and
 * must be checked before anything is declared; metadata and IDs stay outputs.
 */
export async function referenceIdentity(
  identityStack: string,
  tenantId: string,
): Promise<{ identity?: ReferencedIdentity; problems: ConfigProblem[] }> {
  const setting = "clientvpn-federation:identityStack";
  const reference = new pulumi.StackReference(`identity-${identityStack}`, { name: identityStack });
  const plain = async (name: string) => (await reference.getOutputDetails(name)).value;
  const [groups, referencedTenant, selfServicePortal] = await Promise.all([
    plain(identityOutputNames.groups),
    plain(identityOutputNames.tenantId),
    plain(identityOutputNames.selfServicePortal),
  ]);
  const problems: ConfigProblem[] = [];
  if (!groups || typeof groups !== "object") {
    problems.push({ setting, message: `${identityStack} exports no ${identityOutputNames.groups}; deploy it first with mode: identity (or all)` });
  }
  if (typeof referencedTenant === "string" && referencedTenant.toLowerCase() !== tenantId) {
    problems.push({
      setting: "azuread:tenantId",
      message: `is ${tenantId} but ${identityStack} federates tenant ${referencedTenant}; an endpoint signs in through its identity stack's tenant`,
    });
  }
  if (problems.length) return { problems };
  const output = (name: string) => reference.getOutput(name);
  return {
    problems,
    identity: {
      groups: groups as Record<string, string>,
      selfServicePortal: selfServicePortal === true,
      metadataXml: output(identityOutputNames.metadataXml) as pulumi.Output<string>,
      outputs: {
        applicationClientId: output(identityOutputNames.applicationClientId),
        servicePrincipalObjectId: output(identityOutputNames.servicePrincipalObjectId),
        signingCertificateThumbprint: output(identityOutputNames.signingCertificateThumbprint),
        signingCertificateExpiry: output(identityOutputNames.signingCertificateExpiry),
        // Absent from identity stacks deployed before rotations existed: the outputs are then undefined.
        publishedSigningCertificateThumbprints: output(identityOutputNames.publishedSigningCertificateThumbprints),
        signingKeyActivatedAt: output(identityOutputNames.signingKeyActivatedAt),
        federationMetadataUrl: output(identityOutputNames.federationMetadataUrl),
      },
    },
  };
}

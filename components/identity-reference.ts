import * as pulumi from "@pulumi/pulumi";
import { ConfigProblem } from "./config";
import { identityOutputNames, identityReferenceProblems } from "./identity-outputs";

export { identityOutputNames } from "./identity-outputs";

/** What an endpoint stack takes from the identity stack it references. */
export interface ReferencedIdentity {
  groups: Record<string, string>;
  selfServicePortal: boolean;
  metadataXml: pulumi.Output<string>;
  outputs: Record<"applicationClientId" | "servicePrincipalObjectId" | "signingCertificateThumbprint" | "signingCertificateExpiry" | "federationMetadataUrl", pulumi.Output<unknown>>;
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
  const reference = new pulumi.StackReference(`identity-${identityStack}`, { name: identityStack });
  const plain = async (name: string) => (await reference.getOutputDetails(name)).value;
  const [groups, referencedTenant, selfServicePortal] = await Promise.all([
    plain(identityOutputNames.groups),
    plain(identityOutputNames.tenantId),
    plain(identityOutputNames.selfServicePortal),
  ]);
  const problems = identityReferenceProblems(identityStack, tenantId, { groups, tenantId: referencedTenant });
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
        federationMetadataUrl: output(identityOutputNames.federationMetadataUrl),
      },
    },
  };
}

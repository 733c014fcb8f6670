import * as azuread from "@pulumi/azuread";
import { ConfigProblem, clientVpnIdentifierUri } from "./config";

/**
 * Entra allows one application with identifier urn:amazon:webservices:clientvpn per tenant
 * ("only one instance can be configured in one tenant":
 * https://learn.microsoft.com/en-us/entra/identity/saas-apps/aws-clientvpn-tutorial).
 * The stack marks its application's notes with its own name, so a preview can tell its own
 * application from another stack's (or one made in the portal) and refuse a second identity
 * before Entra refuses it halfway through an update.
 */
export function identityMarker(stackName: string): string {
  return `Managed by Pulumi stack ${stackName} (clientvpn-federation). Other stacks in this tenant reference it with mode: endpoint.`;
}

/**
 * Whether a failed lookup means "no such application". The azuread data source reports an empty
 * result as an error: `Application not found: No applications found matching filter: …`
 * (terraform-provider-azuread, internal/services/applications/application_data_source.go).
 */
export function lookupFoundNothing(errorText: string): boolean {
  return /application not found|no applications found/i.test(errorText);
}

/**
 * `adoptedClientId`: the application a stack took over with `npm run adopt` (adopted.applicationClientId).
 * It carries no marker until the stack's first `pulumi up` writes one, and it is this stack's own.
 */
export async function checkIdentityIsUnique(
  stackName: string,
  adoptedClientId?: string,
): Promise<{ problems: ConfigProblem[]; warnings: string[] }> {
  let existing: azuread.GetApplicationResult;
  try {
    existing = await azuread.getApplication({ identifierUri: clientVpnIdentifierUri });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (lookupFoundNothing(text)) return { problems: [], warnings: [] };
    return {
      problems: [],
      warnings: [`Could not check whether this tenant already has a Client VPN application (${text.split("\n")[0]}); the deploying identity needs Application.Read.All.`],
    };
  }
  if (existing.notes === identityMarker(stackName)) return { problems: [], warnings: [] };
  if (adoptedClientId && existing.clientId?.toLowerCase() === adoptedClientId) return { problems: [], warnings: [] };
  const owner = /Managed by Pulumi stack (\S+)/.exec(existing.notes ?? "")?.[1];
  return {
    problems: [
      {
        setting: "clientvpn-federation:mode",
        message:
          `this tenant already has the application "${existing.displayName}" (client ID ${existing.clientId}) with identifier ${clientVpnIdentifierUri}` +
          (owner ? `, managed by stack ${owner}` : ", made outside this program") +
          `; Entra allows only one. Set mode: endpoint and identityStack: ${owner ?? "<the stack that owns it>"} here` +
          (owner ? "" : ", or delete or import that application"),
      },
    ],
    warnings: [],
  };
}

/**
 * Which endpoint to adopt and which tenant it trusts. Pure: the refusals are decided here, with one message
 * each that says what was found and what to do.
 */
import type { ClientVpnEndpoint } from "@aws-sdk/client-ec2";
import { entityIdsInMetadata } from "../day2/idp-metadata";

/** AuthenticationOptions Type of SAML sign-in (ClientVpnAuthenticationType): API_ClientVpnAuthentication.html */
export const federatedAuthentication = "federated-authentication";

export type EndpointChoice =
  | { kind: "chosen"; endpoint: ClientVpnEndpoint & { ClientVpnEndpointId: string }; others: string[] }
  | { kind: "refused"; why: "no such endpoint" | "not federated" | "no federation" | "several"; message: string };

export function isFederated(endpoint: ClientVpnEndpoint): boolean {
  return (endpoint.AuthenticationOptions ?? []).some((option) => option.Type === federatedAuthentication);
}

export function chooseEndpoint(endpoints: ClientVpnEndpoint[], region: string, requested?: string): EndpointChoice {
  const federated = endpoints.filter(isFederated) as (ClientVpnEndpoint & { ClientVpnEndpointId: string })[];
  const ids = federated.map((endpoint) => endpoint.ClientVpnEndpointId);
  if (requested) {
    const endpoint = endpoints.find((candidate) => candidate.ClientVpnEndpointId === requested);
    if (!endpoint) {
      return {
        kind: "refused",
        why: "no such endpoint",
        message: `--endpoint ${requested}: no Client VPN endpoint with that ID in ${region}${ids.length ? `; the ones with SAML sign-in are ${ids.join(", ")}` : ""}. Check the ID and --region.`,
      };
    }
    if (!isFederated(endpoint)) {
      const types = (endpoint.AuthenticationOptions ?? []).map((option) => option.Type).join(" and ") || "no authentication";
      return { kind: "refused", why: "not federated", message: `--endpoint ${requested} signs in with ${types}, not SAML federation: there is no federation to adopt.` };
    }
    return { kind: "chosen", endpoint: endpoint as ClientVpnEndpoint & { ClientVpnEndpointId: string }, others: ids.filter((id) => id !== requested) };
  }
  if (federated.length === 0) {
    const others = endpoints.length ? ` (${endpoints.length} endpoint${endpoints.length === 1 ? "" : "s"} there use${endpoints.length === 1 ? "s" : ""} another sign-in)` : "";
    return {
      kind: "refused",
      why: "no federation",
      message: `no Client VPN endpoint in ${region} signs in through SAML${others}: there is no federation to adopt. Check --region, or deploy a new one with pulumi up.`,
    };
  }
  if (federated.length > 1) {
    const lines = federated.map(
      (endpoint) => `  ${endpoint.ClientVpnEndpointId}  ${endpoint.ClientCidrBlock ?? ""}  ${endpoint.Description ? `"${endpoint.Description}"` : "(no description)"}`,
    );
    return {
      kind: "refused",
      why: "several",
      message: [`${federated.length} Client VPN endpoints in ${region} sign in through SAML; say which one to adopt with --endpoint <id>:`, ...lines].join("\n"),
    };
  }
  return { kind: "chosen", endpoint: federated[0], others: [] };
}

/**
 * The Entra SAML issuer of each cloud, which is the entityID of the metadata IAM holds: `https://sts.windows.net/
 * <tenant>/` in the global cloud (https://learn.microsoft.com/en-us/entra/identity-platform/federation-metadata#entity-id),
 * and the issuers components/entra-cloud.ts records for the others. Azure Government L4 and L5 share an issuer,
 * so for them --environment decides (usgovernmentl4 unless told).
 */
const issuers: { pattern: RegExp; environment: string }[] = [
  { pattern: /^https:\/\/sts\.windows\.net\/([0-9a-f-]{36})\/$/i, environment: "global" },
  { pattern: /^https:\/\/login\.microsoftonline\.us\/([0-9a-f-]{36})\/$/i, environment: "usgovernmentl4" },
  { pattern: /^https:\/\/sts\.chinacloudapi\.cn\/([0-9a-f-]{36})\/$/i, environment: "china" },
];

export type TenantResult = { kind: "found"; tenantId: string; environment: string } | { kind: "refused"; message: string };

/** The Entra tenant (and cloud) an IAM SAML provider trusts, read from its metadata's entityID. */
export function tenantOfMetadata(metadataXml: string, providerArn: string): TenantResult {
  const entityIds = entityIdsInMetadata(metadataXml);
  for (const entityId of entityIds) {
    for (const issuer of issuers) {
      const match = issuer.pattern.exec(entityId);
      if (match) return { kind: "found", tenantId: match[1].toLowerCase(), environment: issuer.environment };
    }
  }
  return {
    kind: "refused",
    message: `${providerArn} trusts ${entityIds.length ? entityIds.join(", ") : "no identity provider it names"}, not Microsoft Entra ID: this program federates with Entra only, so there is no federation to adopt.`,
  };
}

/**
 * How a dynamic provider of this program talks to Graph: the azuread credential settings that
 * `configure` receives are kept in the provider process's memory only, and a client is made per call
 * for the tenant and cloud of the resource's inputs. `connect` replaces the sign-in in tests.
 * The settings live in the process-wide slot the SAML signing provider uses (provider-config-slot.ts), not
 * in a holder the closure captures: Pulumi serializes a provider with the values its functions capture, so a
 * captured holder filled by an earlier `configure` would put the credential in the state as plain text.
 */
import type * as pulumi from "@pulumi/pulumi";
import { azureadCredentialConfig } from "../graph/azuread-credential-config";
import { connectToGraph, type GraphConnector } from "../graph/graph-connect";
import { rememberAzureadSettings, rememberedAzureadSettings } from "../graph/provider-config-slot";
import type { GraphClient } from "../graph/graph-client";

export interface GraphSession {
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
  graphFor(target: { tenantId: string; environment: string }): GraphClient;
}

export function graphSession(connect?: GraphConnector): GraphSession {
  return {
    async configure(req) {
      // Dynamic providers receive the whole stack config (pulumi/pulumi#17697), secrets decrypted;
      // only the credential settings are kept, in memory, never in outputs or logs.
      rememberAzureadSettings(azureadCredentialConfig(req.config));
    },
    graphFor: (target) => (connect ?? connectToGraph)({ tenantId: target.tenantId, environment: target.environment }, rememberedAzureadSettings()),
  };
}

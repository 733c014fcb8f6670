/**
 * How a dynamic provider of this program talks to Graph: the azuread credential settings that
 * `configure` receives are kept in the provider process's memory only, and a client is made per call
 * for the tenant and cloud of the resource's inputs. `connect` replaces the sign-in in tests.
 * (The SAML signing provider in components/graph/ does the same inline.)
 */
import type * as pulumi from "@pulumi/pulumi";
import { azureadCredentialConfig } from "../graph/azuread-credential-config";
import { connectToGraph, type GraphConnector } from "../graph/graph-connect";
import type { GraphClient } from "../graph/graph-client";

export interface GraphSession {
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
  graphFor(target: { tenantId: string; environment: string }): GraphClient;
}

export function graphSession(connect?: GraphConnector): GraphSession {
  // Filled by `configure` in the provider process; the serialized copy holds it empty.
  const runtime: { azureadConfig: Record<string, string | undefined> } = { azureadConfig: {} };
  return {
    async configure(req) {
      // Dynamic providers receive the whole stack config (pulumi/pulumi#17697), secrets decrypted;
      // only the credential settings are kept, in memory, never in outputs or logs.
      runtime.azureadConfig = azureadCredentialConfig(req.config);
    },
    graphFor: (target) => (connect ?? connectToGraph)({ tenantId: target.tenantId, environment: target.environment }, runtime.azureadConfig),
  };
}

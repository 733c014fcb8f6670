/**
 * A Graph client for the stack's tenant and cloud, signed in the way the azuread provider is: its
 * stack settings (`azuread:*`) and ARM_* / AZURE_* variables, through @azure/identity.
 */
import { entraCloud } from "../../components/entra-cloud";
import { chooseCredential } from "../../components/graph/credential-source";
import { GraphClient } from "../../components/graph/graph-client";
import { graphBaseUrl, graphTokenGetter } from "../../components/graph/graph-credential";
import { type DeploymentContext, StackContextError } from "./stack-context";

export function createGraphClient(context: DeploymentContext, env: Readonly<Record<string, string | undefined>>): GraphClient {
  if (!context.tenantId) {
    throw new StackContextError(`stack ${context.stackName} names no tenant: set azuread:tenantId in its config`);
  }
  const cloud = entraCloud(context.environment);
  const sources = { config: context.config, env };
  return new GraphClient({
    baseUrl: graphBaseUrl(cloud),
    getToken: graphTokenGetter(chooseCredential(sources), sources, { tenantId: context.tenantId, cloud }),
    // A Day-2 read is interactive: give up on throttling sooner than the provider does.
    retry: { maxThrottleRetries: 3, attemptTimeoutMs: 30_000 },
  });
}

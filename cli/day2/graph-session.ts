/**
 * A Graph client for the stack's tenant and cloud, signed in the way the azuread provider is: its
 * stack settings (`azuread:*`) and ARM_* / AZURE_* variables, through @azure/identity.
 */
import { connectToGraph } from "../../components/graph/graph-connect";
import type { GraphClient, GraphRetryPolicy } from "../../components/graph/graph-client";
import { type DeploymentContext, StackContextError } from "./stack-context";

/**
 * A Day-2 read is interactive: it gives up on throttling sooner than a deploy does (three retries, a
 * Retry-After obeyed up to 20 s, 30 s an attempt, 90 s a call), so a throttled tenant answers within a
 * minute and a half instead of the provider's five.
 */
export const interactiveRetry: Partial<GraphRetryPolicy> = {
  maxThrottleRetries: 3,
  maxRetryAfterMs: 20_000,
  attemptTimeoutMs: 30_000,
  callDeadlineMs: 90_000,
};

export function createGraphClient(context: DeploymentContext, env: Readonly<Record<string, string | undefined>>): GraphClient {
  if (!context.tenantId) {
    throw new StackContextError(`stack ${context.stackName} names no tenant: set azuread:tenantId in its config`);
  }
  return connectToGraph({ tenantId: context.tenantId, environment: context.environment }, context.config, env, interactiveRetry);
}

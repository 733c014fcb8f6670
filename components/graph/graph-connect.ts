/**
 * A Graph client signed in as the operator's azuread credential, for one tenant in one cloud. Shared by
 * the dynamic provider and the Day-2 CLI.
 */
import { entraCloud } from "../entra-cloud";
import { chooseCredential } from "./credential-source";
import { GraphClient, type GraphRetryPolicy } from "./graph-client";
import { graphBaseUrl, graphTokenGetter } from "./graph-credential";

/** Makes the Graph client for one resource of a dynamic provider; the default signs in, tests point it at a fake. */
export type GraphConnector = (
  target: { tenantId: string; environment: string },
  azureadConfig: Readonly<Record<string, string | undefined>>,
) => GraphClient;

/**
 * The cloud's Graph v1.0 root and a token from the credential `chooseCredential` picks out of the stack's
 * `azuread:*` config (keys with namespace) and the environment. `retry` narrows the client's bounds (the
 * Day-2 CLI is interactive and gives up sooner than a deploy).
 */
export function connectToGraph(
  /** environment: azuread:environment; undefined means the global cloud. */
  target: { tenantId: string; environment: string | undefined },
  azureadConfig: Readonly<Record<string, string | undefined>>,
  env: Readonly<Record<string, string | undefined>> = process.env,
  retry: Partial<GraphRetryPolicy> = {},
): GraphClient {
  const cloud = entraCloud(target.environment);
  const sources = { config: azureadConfig, env };
  return new GraphClient({
    baseUrl: graphBaseUrl(cloud),
    getToken: graphTokenGetter(chooseCredential(sources), sources, { tenantId: target.tenantId, cloud }),
    retry,
  });
}

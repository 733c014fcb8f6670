/**
 * The Graph reads the doctor makes, on top of the shared client and calls in components/graph. Each
 * read happens once per run (Entra settings do not settle while the doctor waits), so checks that look
 * at the same object share one request.
 */
import type { GraphClient } from "../../components/graph/graph-client";
import {
  type ApplicationSamlView,
  type AppRoleAssignment,
  type ServicePrincipalSigningView,
  type TokenIssuancePolicy,
  getApplicationSamlByClientId,
  getServicePrincipalSigning,
  listAppRoleAssignedTo,
  listTokenIssuancePolicies,
} from "../../components/graph/graph-api";

export interface EntraReads {
  servicePrincipal(): Promise<ServicePrincipalSigningView | undefined>;
  application(): Promise<ApplicationSamlView | undefined>;
  /** The token issuance policies assigned to the application; undefined when it does not exist. */
  tokenIssuancePolicies(): Promise<TokenIssuancePolicy[] | undefined>;
  /** The token issuance policies assigned to the service principal; undefined when it does not exist. */
  servicePrincipalTokenIssuancePolicies(): Promise<TokenIssuancePolicy[] | undefined>;
  appRoleAssignedTo(): Promise<AppRoleAssignment[]>;
}

export function entraReads(graph: GraphClient, ids: { servicePrincipalObjectId: string; applicationClientId: string }): EntraReads {
  const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
    let value: Promise<T> | undefined;
    return () => (value ??= load());
  };
  const application = once(() => getApplicationSamlByClientId(graph, ids.applicationClientId));
  const servicePrincipal = once(() => getServicePrincipalSigning(graph, ids.servicePrincipalObjectId));
  return {
    servicePrincipal,
    application,
    tokenIssuancePolicies: once(async () => {
      const app = await application();
      return app ? listTokenIssuancePolicies(graph, "application", app.id) : undefined;
    }),
    servicePrincipalTokenIssuancePolicies: once(async () => {
      const principal = await servicePrincipal();
      return principal ? listTokenIssuancePolicies(graph, "servicePrincipal", principal.id) : undefined;
    }),
    appRoleAssignedTo: once(() => listAppRoleAssignedTo(graph, ids.servicePrincipalObjectId)),
  };
}

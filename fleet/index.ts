import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../components/config";
import { entraFederatedSubjects, planDeploymentSettings, planDriftSchedule, pulumiOidcIssuer } from "./deployment-plan";
import { parseFleetConfig } from "./fleet-config";
import { TenantDriftCheck } from "./tenant-drift-check";

/**
 * The fleet's own stack: for every tenant stack of clientvpn-federation, Pulumi Cloud deployment settings and a
 * drift schedule. config -> one TenantDriftCheck per tenant -> what each tenant's Entra app must trust.
 * The tenant list is plain config, so which resources exist never waits on an Output.
 */
export = () => {
  const parsed = parseFleetConfig(pulumi.runtime.allConfig());
  if (!parsed.ok) throw new pulumi.RunError(new ConfigError(parsed.problems).message);
  const fleet = parsed.config;

  for (const tenant of fleet.tenants) {
    new TenantDriftCheck(tenant.stack, {
      settings: planDeploymentSettings(fleet, tenant),
      schedule: planDriftSchedule(fleet, tenant),
    });
  }

  return {
    tenantStacks: fleet.tenants.map((tenant) => tenant.stack),
    /** Add these as federated credentials on each tenant's Entra app (exact match; no wildcards in Entra). */
    entraFederatedCredentials: Object.fromEntries(
      fleet.tenants
        .filter((tenant) => tenant.entra)
        .map((tenant) => [
          tenant.stack,
          { issuer: pulumiOidcIssuer, audience: fleet.organization, subjects: entraFederatedSubjects(fleet, tenant) },
        ]),
    ),
    /** The condition each tenant's AWS role trust policy needs (StringLike allows the wildcard). */
    awsTrustSubject: `pulumi:deploy:org:${fleet.organization}:project:${fleet.project}:stack:<stack>:*`,
  };
};

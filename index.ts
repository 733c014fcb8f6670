import * as pulumi from "@pulumi/pulumi";
import { ConfigError, parseStackConfig } from "./components/config";
import { rawConfigFromEngine } from "./components/stack-config-source";
import { lookUpNetworkFacts } from "./components/network-lookups";
import { checkNetworkFacts } from "./components/network-facts";
import { describeAuthorizationRules, planAuthorizationRules, planReturnRoutes, planRoutes } from "./components/access-plan";
import { distinctNetworks } from "./components/config";
import { EntraSamlApp } from "./components/entra-saml-app";
import { ClientVpn } from "./components/client-vpn";
import { prepareClientDeliverables } from "./components/client-deliverables";
import { renderAwsVpnClientProfile, renderOpenVpnProfile } from "./components/client-profile";

/**
 * config -> lookups -> components -> outputs. Every check runs before the first resource is
 * declared; a user mistake ends the run with every problem listed and no stack trace.
 */
export = async () => {
  const parsed = parseStackConfig(rawConfigFromEngine(pulumi.runtime.allConfig()), new Date());
  if (!parsed.ok) throw new pulumi.RunError(new ConfigError(parsed.problems).message);
  const config = parsed.config;

  const { facts, problems } = await lookUpNetworkFacts(config.vpn);
  problems.push(...(problems.length ? [] : checkNetworkFacts(config.vpn, config.access, facts)));
  const { deliverables, problems: deliverableProblems } = prepareClientDeliverables(config);
  problems.push(...deliverableProblems);
  if (problems.length || !deliverables) throw new pulumi.RunError(new ConfigError(problems).message);
  deliverables.warnings.forEach((warning) => pulumi.log.warn(warning));

  const entra = new EntraSamlApp("entra", {
    tenantId: config.tenantId,
    environment: config.environment,
    displayName: config.azure.displayName,
    groups: config.azure.groups,
    signingCertificateEndDate: config.azure.signingCertificateEndDate,
    selfServicePortal: config.vpn.selfServicePortal,
    awsRegion: config.awsRegion,
    notificationEmails: config.azure.notificationEmails,
  });

  const vpn = new ClientVpn("vpn", {
    vpn: config.vpn,
    metadataXml: entra.metadataXml,
    rules: planAuthorizationRules(config.access),
    routes: planRoutes(config.access, config.vpn.subnetIds, facts.vpcCidrs),
    accessNetworks: distinctNetworks(config.access),
    tags: { "clientvpn-federation:stack": pulumi.getStack() },
  });

  const subnetCidrs = config.vpn.subnetIds.map((id) => facts.subnets.find((s) => s.id === id)!.cidr);
  const profileInput = vpn.dnsName.apply((endpointDnsName) => ({
    endpointDnsName,
    vpnPort: config.vpn.vpnPort,
    transportProtocol: config.vpn.transportProtocol,
    caChainPem: deliverables.caChainPem,
  }));
  return {
    clientVpnEndpointId: vpn.endpointId,
    clientVpnDnsName: vpn.dnsName,
    selfServicePortalUrl: vpn.selfServicePortalUrl,
    samlProviderArn: vpn.samlProviderArn,
    selfServiceSamlProviderArn: vpn.selfServiceSamlProviderArn,
    azureApplicationClientId: entra.applicationClientId,
    azureServicePrincipalObjectId: entra.servicePrincipalObjectId,
    signingCertificateThumbprint: entra.signingCertificateThumbprint,
    signingCertificateExpiry: entra.signingCertificateExpiry,
    federationMetadataUrl: entra.federationMetadataUrl,
    authorizationRules: describeAuthorizationRules(config.access),
    returnRoutes: planReturnRoutes(config.access, facts.vpcCidrs, subnetCidrs),
    clientConfig: profileInput.apply(renderAwsVpnClientProfile),
    clientConfigOpenVpn: profileInput.apply(renderOpenVpnProfile),
    estimatedMonthlyCostUsd: deliverables.cost?.totalUsd,
    estimatedMonthlyCost: deliverables.cost,
  };
};

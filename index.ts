import * as pulumi from "@pulumi/pulumi";
import { ConfigError, ConfigProblem, StackConfig, distinctNetworks, parseStackConfig, resolveAccessGroups } from "./components/config";
import { rawConfigFromEngine } from "./components/stack-config-source";
import { lookUpNetworkFacts } from "./components/network-lookups";
import { checkNetworkFacts } from "./components/network-facts";
import { describeAuthorizationRules, planAuthorizationRules, planReturnRoutes, planRoutes } from "./components/access-plan";
import { EntraSamlApp } from "./components/entra-saml-app";
import { ClientVpn } from "./components/client-vpn";
import { prepareClientDeliverables } from "./components/client-deliverables";
import { renderAwsVpnClientProfile, renderOpenVpnProfile } from "./components/client-profile";
import { identityOutputNames, referenceIdentity } from "./components/identity-reference";
import { selfServicePortalProblems } from "./components/identity-outputs";
import { checkIdentityIsUnique, identityMarker } from "./components/identity-uniqueness";
import { lookUpGalleryTemplate } from "./components/gallery-template";

/**
 * config -> lookups -> components -> outputs. Every check runs before the first resource is
 * declared; a user mistake ends the run with every problem listed and no stack trace.
 * `mode` splits the two sides: one identity stack per tenant can serve many endpoint stacks.
 */
export = async () => {
  const parsed = parseStackConfig(rawConfigFromEngine(pulumi.runtime.allConfig()), new Date());
  if (!parsed.ok) fail(parsed.problems);
  let config = parsed.config;
  const stackName = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;

  // Lookups: the identity to reuse or the tenant to check, then the network.
  const problems: ConfigProblem[] = [];
  const warnings: string[] = [];
  const referenced = config.mode === "endpoint" ? await referenceIdentity(config.identityStack!, config.tenantId) : undefined;
  problems.push(...(referenced?.problems ?? []));
  if (referenced?.identity) {
    const resolved = resolveAccessGroups(config.access, referenced.identity.groups, config.identityStack!);
    problems.push(...resolved.problems);
    config = { ...config, access: resolved.access };
    problems.push(...selfServicePortalProblems(config.identityStack!, config.vpn.selfServicePortal, referenced.identity.selfServicePortal));
  }
  let galleryTemplateId: string | undefined;
  if (config.mode !== "endpoint") {
    const uniqueness = await checkIdentityIsUnique(stackName, config.adopted.applicationClientId);
    problems.push(...uniqueness.problems);
    warnings.push(...uniqueness.warnings);
    if (config.azure.groupClaim === "gallery-app") {
      const template = await lookUpGalleryTemplate();
      problems.push(...template.problems);
      galleryTemplateId = template.templateId;
    }
  }
  const network = config.mode === "identity" ? undefined : await lookUpNetworkFacts(config.vpn);
  problems.push(...(network?.problems ?? []));
  if (network && !network.problems.length) problems.push(...checkNetworkFacts(config.vpn, config.access, network.facts));
  const prepared = config.mode === "identity" ? undefined : prepareClientDeliverables(config);
  problems.push(...(prepared?.problems ?? []));
  warnings.push(...(prepared?.deliverables?.warnings ?? []));
  if (problems.length) fail(problems);
  warnings.forEach((warning) => pulumi.log.warn(warning));

  // Components.
  const entra = config.mode === "endpoint" ? undefined : declareIdentity(config, stackName, galleryTemplateId);
  const identityOutputs = entra
    ? {
        azureApplicationClientId: entra.applicationClientId,
        azureServicePrincipalObjectId: entra.servicePrincipalObjectId,
        signingCertificateThumbprint: entra.signingCertificateThumbprint,
        signingCertificateExpiry: entra.signingCertificateExpiry,
        federationMetadataUrl: entra.federationMetadataUrl,
      }
    : {
        azureApplicationClientId: referenced!.identity!.outputs.applicationClientId,
        azureServicePrincipalObjectId: referenced!.identity!.outputs.servicePrincipalObjectId,
        signingCertificateThumbprint: referenced!.identity!.outputs.signingCertificateThumbprint,
        signingCertificateExpiry: referenced!.identity!.outputs.signingCertificateExpiry,
        federationMetadataUrl: referenced!.identity!.outputs.federationMetadataUrl,
      };
  const sharedIdentity = entra
    ? {
        [identityOutputNames.metadataXml]: entra.metadataXml,
        [identityOutputNames.groups]: config.azure.groups,
        [identityOutputNames.tenantId]: config.tenantId,
        [identityOutputNames.selfServicePortal]: config.azure.selfServicePortal,
      }
    : {};
  if (config.mode === "identity") return { ...identityOutputs, ...sharedIdentity };

  const facts = network!.facts;
  const deliverables = prepared!.deliverables!;
  const vpn = new ClientVpn("vpn", {
    vpn: config.vpn,
    metadataXml: entra ? entra.metadataXml : referenced!.identity!.metadataXml,
    rules: planAuthorizationRules(config.access),
    routes: planRoutes(config.access, config.vpn.subnetIds, facts.vpcCidrs),
    accessNetworks: distinctNetworks(config.access),
    tags: { "clientvpn-federation:stack": stackName },
    adopted: config.adopted,
  });

  // Outputs.
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
    ...identityOutputs,
    authorizationRules: describeAuthorizationRules(config.access),
    returnRoutes: planReturnRoutes(config.access, facts.vpcCidrs, subnetCidrs),
    clientConfig: profileInput.apply(renderAwsVpnClientProfile),
    clientConfigOpenVpn: profileInput.apply(renderOpenVpnProfile),
    estimatedMonthlyCostUsd: deliverables.cost?.totalUsd,
    estimatedMonthlyCost: deliverables.cost,
    ...sharedIdentity,
  };
};

function declareIdentity(config: StackConfig, stackName: string, galleryTemplateId: string | undefined): EntraSamlApp {
  return new EntraSamlApp("entra", {
    tenantId: config.tenantId,
    environment: config.environment,
    displayName: config.azure.displayName,
    groupClaim: config.azure.groupClaim,
    galleryTemplateId,
    groups: config.azure.groups,
    signingCertificateEndDate: config.azure.signingCertificateEndDate,
    selfServicePortal: config.azure.selfServicePortal,
    // GovCloud endpoints use their own self-service reply URL; an identity stack learns the
    // partition from its aws:region, when one is set.
    awsRegion: config.awsRegion || undefined,
    notificationEmails: config.azure.notificationEmails,
    notes: identityMarker(stackName),
    adopted: config.adopted,
  });
}

function fail(problems: ConfigProblem[]): never {
  throw new pulumi.RunError(new ConfigError(problems).message);
}

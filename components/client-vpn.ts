import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { ServerCertificateConfig, VpnConfig } from "./config";
import { PlannedRoute, PlannedRule } from "./access-plan";
import { lanePredecessors } from "./mutation-lanes";
import { loginBannerOptions } from "./login-banner";
import { AdoptedSettings, samlProviderPlan } from "./adopted-settings";

export interface ClientVpnArgs {
  vpn: VpnConfig;
  /** IdP metadata XML for the IAM SAML providers. */
  metadataXml: pulumi.Input<string>;
  rules: PlannedRule[];
  routes: PlannedRoute[];
  /** Distinct destination networks; the endpoint's security group allows traffic to these only. */
  accessNetworks: { name: string; cidr: string }[];
  tags?: Record<string, string>;
  /** What a stack that took over a hand-built endpoint keeps as it found it (names, descriptions). */
  adopted?: Pick<AdoptedSettings, "samlProviderName" | "selfServiceSamlProvider" | "routeDescriptions">;
}

/**
 * The AWS side of the federation: IAM SAML providers, connection logging, a dedicated
 * security group, the Client VPN endpoint, its subnet associations, authorization rules and
 * routes (walkthrough AWS steps 1 to 6).
 */
export class ClientVpn extends pulumi.ComponentResource {
  readonly endpointId: pulumi.Output<string>;
  readonly dnsName: pulumi.Output<string>;
  readonly selfServicePortalUrl: pulumi.Output<string | undefined>;
  readonly samlProviderArn: pulumi.Output<string>;
  readonly selfServiceSamlProviderArn: pulumi.Output<string | undefined>;
  readonly serverCertificateArn: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;
  readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: ClientVpnArgs, opts?: pulumi.ComponentResourceOptions) {
    super("clientvpn-federation:aws:ClientVpn", name, {}, opts);
    const parent = { parent: this };
    const { vpn } = args;
    const tags = { ...args.tags };

    // Steps 1-2: the IAM identity provider, from metadata built rather than downloaded. An adopted
    // provider keeps its name: a new name would be a new provider and, through the ForceNew
    // authentication options, a new endpoint.
    const adopted = args.adopted;
    const providers = samlProviderPlan(vpn.selfServicePortal, adopted);
    const samlProvider = new aws.iam.SamlProvider(
      `${name}-saml`,
      { name: providers.main.name, samlMetadataDocument: args.metadataXml, tags },
      parent,
    );
    // The self-service portal signs in through its own provider (SelfServiceSAMLProviderArn). With Entra it is
    // optional: the admin guide asks for a second provider only when the IdP cannot hold both reply URLs
    // (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html, "Support for the
    // self-service portal"), and one application here holds both. It stays because the API does not say which
    // provider the portal uses without it, and because dropping it now would replace every existing endpoint:
    // self_service_saml_provider_arn is ForceNew (terraform-provider-aws internal/service/ec2/vpnclient_endpoint.go).
    // For the same reason an adopted endpoint keeps what it has: the main provider shared, or none named.
    const portal = providers.portal;
    const selfServiceSamlProvider =
      portal?.kind === "own"
        ? new aws.iam.SamlProvider(`${name}-saml-self-service`, { name: portal.name, samlMetadataDocument: args.metadataXml, tags }, parent)
        : undefined;
    const selfServiceSamlProviderArn = portal?.kind === "shared" ? samlProvider.arn : selfServiceSamlProvider?.arn;

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-connections`,
      { namePrefix: "/aws/clientvpn/", retentionInDays: vpn.logRetentionDays, tags },
      parent,
    );
    const logStream = new aws.cloudwatch.LogStream(`${name}-connections`, { logGroupName: logGroup.name, name: "connections" }, parent);

    // A group of its own instead of the VPC default the walkthrough uses. The provider removes
    // the allow-all egress rule AWS adds to new groups, so clients reach the access networks only.
    // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group
    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}-endpoint`,
      { vpcId: vpn.vpcId, description: "AWS Client VPN endpoint: traffic from VPN clients to the access networks", tags },
      parent,
    );
    for (const network of args.accessNetworks) {
      new aws.vpc.SecurityGroupEgressRule(
        `${name}-to-${network.name}`,
        { securityGroupId: securityGroup.id, ipProtocol: "-1", cidrIpv4: network.cidr, description: `VPN clients to ${network.name}`, tags },
        parent,
      );
    }

    const serverCertificateArn = serverCertificate(name, vpn.serverCertificate, tags, this);

    // Step 3: the endpoint. Changing clientCidr, transport or authentication replaces it.
    const endpoint = new aws.ec2clientvpn.Endpoint(
      `${name}-endpoint`,
      {
        description: `AWS Client VPN with Entra ID sign-in (${pulumi.getStack()})`,
        serverCertificateArn,
        clientCidrBlock: vpn.clientCidr,
        authenticationOptions: [
          {
            type: "federated-authentication",
            samlProviderArn: samlProvider.arn,
            selfServiceSamlProviderArn,
          },
        ],
        connectionLogOptions: { enabled: true, cloudwatchLogGroup: logGroup.name, cloudwatchLogStream: logStream.name },
        splitTunnel: vpn.splitTunnel,
        transportProtocol: vpn.transportProtocol,
        vpnPort: vpn.vpnPort,
        sessionTimeoutHours: vpn.sessionTimeoutHours,
        dnsServers: vpn.dnsServers.length ? vpn.dnsServers : undefined,
        vpcId: vpn.vpcId,
        securityGroupIds: [securityGroup.id],
        selfServicePortal: vpn.selfServicePortal ? "enabled" : "disabled",
        clientLoginBannerOptions: loginBannerOptions(vpn.loginBanner),
        tags: { Name: `clientvpn-${pulumi.getStack()}`, ...tags },
      },
      parent,
    );

    // Steps 4-6 are endpoint changes, of which AWS runs at most 10 at once: declare them in
    // dependency lanes. Associations come first (slowest), rules fill the other lanes meanwhile,
    // and each route also waits for the association of its subnet.
    const mutations: pulumi.Resource[] = [];
    const predecessors = lanePredecessors(vpn.subnetIds.length + args.rules.length + args.routes.length);
    const laneOptions = (extra: pulumi.Resource[] = []): pulumi.CustomResourceOptions => {
      const predecessor = predecessors[mutations.length];
      const dependsOn = [...(predecessor === undefined ? [] : [mutations[predecessor]]), ...extra];
      return { parent: this, dependsOn };
    };

    const associations = new Map<string, aws.ec2clientvpn.NetworkAssociation>();
    for (const subnetId of vpn.subnetIds) {
      const association = new aws.ec2clientvpn.NetworkAssociation(
        `${name}-association-${subnetId}`,
        { clientVpnEndpointId: endpoint.id, subnetId },
        laneOptions(),
      );
      associations.set(subnetId, association);
      mutations.push(association);
    }
    for (const rule of args.rules) {
      mutations.push(
        new aws.ec2clientvpn.AuthorizationRule(
          `${name}-${rule.resourceName}`,
          {
            clientVpnEndpointId: endpoint.id,
            targetNetworkCidr: rule.cidr,
            accessGroupId: rule.groupObjectId,
            authorizeAllGroups: rule.groupObjectId === undefined ? true : undefined,
            description: rule.description,
          },
          laneOptions(),
        ),
      );
    }
    for (const route of args.routes) {
      const association = associations.get(route.subnetId)!;
      mutations.push(
        new aws.ec2clientvpn.Route(
          `${name}-${route.resourceName}`,
          {
            clientVpnEndpointId: endpoint.id,
            destinationCidrBlock: route.cidr,
            // Taken from the association, so the route also waits for it through its input.
            targetVpcSubnetId: association.subnetId,
            description: adopted?.routeDescriptions?.[route.cidr] ?? route.description,
          },
          laneOptions([association]),
        ),
      );
    }

    this.endpointId = endpoint.id;
    this.dnsName = endpoint.dnsName;
    this.selfServicePortalUrl = vpn.selfServicePortal ? endpoint.selfServicePortalUrl : pulumi.output(undefined);
    this.samlProviderArn = samlProvider.arn;
    this.selfServiceSamlProviderArn = pulumi.output(selfServiceSamlProviderArn);
    this.serverCertificateArn = pulumi.output(serverCertificateArn);
    this.securityGroupId = securityGroup.id;
    this.logGroupName = logGroup.name;
    this.registerOutputs({
      endpointId: this.endpointId,
      dnsName: this.dnsName,
      selfServicePortalUrl: this.selfServicePortalUrl,
      samlProviderArn: this.samlProviderArn,
      selfServiceSamlProviderArn: this.selfServiceSamlProviderArn,
      serverCertificateArn: this.serverCertificateArn,
      securityGroupId: this.securityGroupId,
      logGroupName: this.logGroupName,
    });
  }
}

/**
 * The server certificate: an existing ACM ARN, or a public certificate issued by ACM and
 * validated through a DNS record in the given Route 53 zone.
 * https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html
 */
function serverCertificate(
  name: string,
  config: ServerCertificateConfig,
  tags: Record<string, string>,
  parent: pulumi.Resource,
): pulumi.Input<string> {
  if (config.kind === "existing") return config.arn;
  // Client VPN takes only 1024- or 2048-bit RSA server keys (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/mutual.html).
  // RSA_2048 is ACM's default (https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html,
  // KeyAlgorithm); it is written down so that a change of default cannot issue a key the endpoint refuses.
  const certificate = new aws.acm.Certificate(
    `${name}-server-certificate`,
    { domainName: config.domainName, validationMethod: "DNS", keyAlgorithm: "RSA_2048", tags },
    { parent },
  );
  // One domain without alternative names has exactly one validation option.
  const option = certificate.domainValidationOptions[0];
  const record = new aws.route53.Record(
    `${name}-server-certificate-validation`,
    {
      zoneId: config.hostedZoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 300,
      allowOverwrite: true,
    },
    { parent },
  );
  const validation = new aws.acm.CertificateValidation(
    `${name}-server-certificate`,
    { certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn] },
    { parent },
  );
  return validation.certificateArn;
}

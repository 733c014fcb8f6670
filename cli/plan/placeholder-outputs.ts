import { createHash } from "node:crypto";
import { ProviderOutputs } from "./recording-mocks";
import { createPlaceholderCertificate, PlaceholderCertificate } from "./placeholder-certificate";

/**
 * What the clouds would return on create, made up for the offline plan: IDs, ARNs and names shaped
 * like the real ones (so everything downstream, e.g. the client profile's `remote` line, works), derived
 * from the resource name so two plans of one stack agree. Every value made up here is recorded in
 * `placeholders`, and the report shows each of them in <angle brackets>.
 */
export interface PlaceholderProviders {
  outputs: Record<string, ProviderOutputs>;
  /** For resource types without an entry: a placeholder ID and nothing else. */
  defaultOutputs: ProviderOutputs;
  /** Every made-up value handed to the program so far. */
  placeholders: Set<string>;
}

export interface PlaceholderContext {
  /** aws:region of the stack; ARNs and the endpoint DNS name carry it. */
  awsRegion: string;
  /** Stack name, mixed into every derived ID. */
  stack: string;
  /** The clock the placeholder certificate starts at. */
  now: Date;
}

/** AWS's documentation example account; the real account is the deploying credentials'. */
export const placeholderAccountId = "123456789012";
/**
 * addTokenSigningCertificate without an end date: "the default is three years from the time of creation".
 * https://learn.microsoft.com/en-us/graph/api/serviceprincipal-addtokensigningcertificate
 */
const defaultCertificateYears = 3;

export function placeholderProviders(context: PlaceholderContext): PlaceholderProviders {
  const placeholders = new Set<string>();
  const mark = <T extends string>(value: T): T => {
    placeholders.add(value);
    return value;
  };
  const hex = (seed: string, length: number) => createHash("sha256").update(`${context.stack}\0${seed}`).digest("hex").slice(0, length);
  // A GUID (version 4 shape) for Entra object and client IDs.
  const guid = (seed: string) => {
    const h = hex(seed, 32);
    return mark(`${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`);
  };
  const arn = (service: string, resource: string, regional = true) =>
    mark(`arn:aws:${service}:${regional ? context.awsRegion : ""}:${placeholderAccountId}:${resource}`);

  const certificates = new Map<string, PlaceholderCertificate>();
  const certificateFor = (name: string, endDate: unknown) => {
    const key = `${name}|${String(endDate)}`;
    let certificate = certificates.get(key);
    if (!certificate) {
      const parsed = typeof endDate === "string" ? new Date(endDate) : undefined;
      const notAfter = parsed && !Number.isNaN(parsed.getTime()) ? parsed : addYears(context.now, defaultCertificateYears);
      certificate = createPlaceholderCertificate({ notBefore: context.now, notAfter });
      certificates.set(key, certificate);
    }
    return certificate;
  };

  const outputs: Record<string, ProviderOutputs> = {
    "azuread:index/applicationRegistration:ApplicationRegistration": (name) => {
      const objectId = guid(`${name}/object`);
      return { id: mark(`/applications/${objectId}`), objectId, clientId: guid(`${name}/client`) };
    },
    "azuread:index/servicePrincipal:ServicePrincipal": (name) => {
      const objectId = guid(`${name}/object`);
      return { id: mark(`/servicePrincipals/${objectId}`), objectId };
    },
    "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate": (name, inputs) => {
      const certificate = certificateFor(name, inputs.endDate);
      return {
        id: mark(`${inputs.servicePrincipalId}/tokenSigningCertificate/${guid(`${name}/key`)}`),
        value: mark(certificate.body),
        thumbprint: mark(certificate.thumbprint),
        // An end date from config is the user's, not a placeholder.
        endDate: typeof inputs.endDate === "string" ? inputs.endDate : mark(certificate.notAfter.toISOString().replace(/\.\d{3}Z$/, "Z")),
        keyId: guid(`${name}/key`),
      };
    },
    "azuread:index/claimsMappingPolicy:ClaimsMappingPolicy": (name) => ({ id: mark(`/policies/claimsMappingPolicies/${guid(name)}`) }),
    "azuread:index/appRoleAssignment:AppRoleAssignment": (name) => ({ id: mark(`/servicePrincipals/${guid(`${name}/sp`)}/appRoleAssignedTo/${hex(name, 22)}`) }),
    "azuread:index/applicationFromTemplate:ApplicationFromTemplate": (name, inputs) => {
      const applicationObjectId = guid(`${name}/application`);
      const servicePrincipalObjectId = guid(`${name}/servicePrincipal`);
      return {
        // The provider's import format: /applicationTemplates/{template}/instantiate/{application}/{service principal}.
        id: mark(`/applicationTemplates/${String(inputs.templateId)}/instantiate/${applicationObjectId}/${servicePrincipalObjectId}`),
        applicationId: mark(`/applications/${applicationObjectId}`),
        applicationObjectId,
        servicePrincipalId: mark(`/servicePrincipals/${servicePrincipalObjectId}`),
        servicePrincipalObjectId,
      };
    },
    "pulumi-nodejs:dynamic/entra:GalleryAppSettings": (name, inputs) => ({
      id: guid(name),
      applicationClientId: guid(`${name}/client`),
      // The template's msiam_access role; only Graph knows its ID.
      assignmentAppRoleId: guid(`${name}/msiam_access`),
      identifierUriPreset: false,
      groupMembershipClaims: "ApplicationGroup",
      requestedAccessTokenVersion: 2,
      appRoleAssignmentRequired: true,
      preferredSingleSignOnMode: "saml",
      notificationEmailAddresses: inputs.notificationEmails,
    }),
    "pulumi-nodejs:dynamic/entra:SamlSigningSettings": (name, inputs) => ({
      id: guid(name),
      tokenResponseSigningPolicy: "ResponseAndToken",
      preferredTokenSigningKeyThumbprint: inputs.signingCertificateThumbprint,
      tokenIssuancePolicyId: guid(`${name}/policy`),
    }),
    "aws:iam/samlProvider:SamlProvider": (name) => {
      const providerArn = arn("iam", `saml-provider/${name}-${hex(name, 7)}`, false);
      return { id: providerArn, arn: providerArn };
    },
    "aws:cloudwatch/logGroup:LogGroup": (name, inputs) => {
      // namePrefix gets a generated suffix, as the provider does it (prefix + 26 characters).
      const logGroupName = mark(`${typeof inputs.namePrefix === "string" ? inputs.namePrefix : `${name}-`}${hex(name, 26)}`);
      return { id: logGroupName, name: logGroupName, arn: arn("logs", `log-group:${logGroupName}`) };
    },
    "aws:cloudwatch/logStream:LogStream": (name, inputs) => ({ id: String(inputs.name ?? name), arn: arn("logs", `log-group:${hex(name, 8)}:log-stream:${String(inputs.name ?? name)}`) }),
    "aws:ec2/securityGroup:SecurityGroup": (name) => {
      const id = mark(`sg-${hex(name, 17)}`);
      return { id, arn: arn("ec2", `security-group/${id}`) };
    },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (name) => {
      const id = mark(`sgr-${hex(name, 17)}`);
      return { id, securityGroupRuleId: id };
    },
    "aws:acm/certificate:Certificate": (name, inputs) => {
      const certificateArn = arn("acm", `certificate/${guid(name)}`);
      return {
        id: certificateArn,
        arn: certificateArn,
        domainValidationOptions: [
          {
            domainName: inputs.domainName,
            resourceRecordName: mark(`_${hex(`${name}/record`, 32)}.${String(inputs.domainName)}.`),
            resourceRecordType: "CNAME",
            resourceRecordValue: mark(`_${hex(`${name}/value`, 32)}.acm-validations.aws.`),
          },
        ],
      };
    },
    "aws:route53/record:Record": (_name, inputs) => {
      const fqdn = String(inputs.name).replace(/\.$/, "");
      return { id: mark(`${String(inputs.zoneId)}_${fqdn}_${String(inputs.type)}`), fqdn };
    },
    "aws:acm/certificateValidation:CertificateValidation": (_name, inputs) => ({ id: String(inputs.certificateArn) }),
    "aws:ec2clientvpn/endpoint:Endpoint": (name) => {
      const id = mark(`cvpn-endpoint-${hex(name, 17)}`);
      return {
        id,
        arn: arn("ec2", `client-vpn-endpoint/${id}`),
        // DescribeClientVpnEndpoints reports the name with a leading wildcard:
        // https://docs.aws.amazon.com/cli/latest/reference/ec2/describe-client-vpn-endpoints.html (example output)
        dnsName: mark(`*.${id}.prod.clientvpn.${context.awsRegion}.amazonaws.com`),
        // The per-endpoint portal address:
        // https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-self-service-portal.html
        selfServicePortalUrl: mark(`https://self-service.clientvpn.amazonaws.com/endpoints/${id}`),
      };
    },
    "aws:ec2clientvpn/networkAssociation:NetworkAssociation": (name) => {
      const id = mark(`cvpn-assoc-${hex(name, 17)}`);
      return { id, associationId: id };
    },
    "aws:ec2clientvpn/authorizationRule:AuthorizationRule": (name, inputs) => ({
      id: mark(`${String(inputs.clientVpnEndpointId)},${String(inputs.targetNetworkCidr)},${String(inputs.accessGroupId ?? hex(name, 4))}`),
    }),
    "aws:ec2clientvpn/route:Route": (_name, inputs) => ({
      id: mark(`${String(inputs.clientVpnEndpointId)},${String(inputs.targetVpcSubnetId)},${String(inputs.destinationCidrBlock)}`),
      origin: "add-route",
      type: "Nat",
    }),
  };
  return { outputs, defaultOutputs: (name) => ({ id: mark(`${name}-${hex(name, 8)}`) }), placeholders };
}

function addYears(date: Date, years: number): Date {
  const result = new Date(date);
  result.setUTCFullYear(result.getUTCFullYear() + years);
  return result;
}

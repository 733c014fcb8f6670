/**
 * The doctor's checks for one deployment, in the order they are shown: the AWS side link by link,
 * then the Entra side, then the links between the two. A stack that deploys one side only gets the
 * checks of that side.
 */
import type { GraphClient } from "../../components/graph/graph-client";
import type { AwsClients } from "./aws-clients";
import type { DoctorCheck } from "./check-result";
import { checkActiveSigningKey, activeKeyCheckName } from "./checks/active-signing-key";
import { associationsCheckName, checkAssociations } from "./checks/associations";
import { checkAuthorizationRules, rulesCheckName } from "./checks/authorization-rules";
import { checkCertificateExpiry, expiryCheckName } from "./checks/certificate-expiry";
import { checkDnsServers, dnsCheckName } from "./checks/dns-servers";
import { checkEndpointAvailable, endpointCheckName } from "./checks/endpoint-available";
import { checkGroupAssignments, groupsCheckName } from "./checks/group-assignments";
import { checkIamCertificate, iamCertificateCheckName } from "./checks/iam-certificate";
import { checkReplyUrls, replyUrlsCheckName } from "./checks/reply-urls";
import { checkReturnRoutes, returnRoutesCheckName } from "./checks/return-routes";
import { checkRoutes, routesCheckName } from "./checks/routes";
import { checkServerCertificate, serverCertificateCheckName } from "./checks/server-certificate";
import { checkSigningRotation, rotationCheckName } from "./checks/signing-rotation";
import { checkVpcCidrRoutes, vpcCidrRoutesCheckName } from "./checks/vpc-cidr-routes";
import { checkTokenIssuancePolicy, tokenPolicyCheckName } from "./checks/token-issuance-policy";
import { entraReads } from "./entra-reads";
import type { DeploymentContext, RotationOutputs } from "./stack-context";

export interface DoctorDependencies {
  context: DeploymentContext;
  /** Undefined for an identity-only stack. */
  aws?: AwsClients;
  /** Undefined when the stack exports no Entra identity. */
  graph?: GraphClient;
  now: () => Date;
  /** For an endpoint stack: reads what its identity stack publishes now. */
  identity?: { stackName: string; read: () => Promise<RotationOutputs> };
}

export function buildDoctorChecks({ context, aws, graph, now, identity }: DoctorDependencies): DoctorCheck[] {
  const checks: DoctorCheck[] = [];
  const endpointId = context.clientVpnEndpointId;
  if (aws && endpointId) {
    const { ec2, acm } = aws;
    checks.push(
      { name: endpointCheckName, run: () => checkEndpointAvailable(ec2, endpointId) },
      {
        name: serverCertificateCheckName,
        run: () => checkServerCertificate(ec2, acm, endpointId, { clientConfig: context.clientConfig, caChainSet: context.serverCertificateCaChainSet }),
      },
      { name: associationsCheckName, run: () => checkAssociations(ec2, endpointId) },
      { name: rulesCheckName, run: () => checkAuthorizationRules(ec2, endpointId, context) },
      { name: routesCheckName, run: () => checkRoutes(ec2, endpointId) },
      { name: vpcCidrRoutesCheckName, run: () => checkVpcCidrRoutes(ec2, endpointId) },
      { name: dnsCheckName, run: () => checkDnsServers(ec2, endpointId) },
      { name: returnRoutesCheckName, run: () => checkReturnRoutes(ec2, context.returnRoutes) },
    );
  }
  if (graph && context.servicePrincipalObjectId && context.applicationClientId) {
    const entra = entraReads(graph, { servicePrincipalObjectId: context.servicePrincipalObjectId, applicationClientId: context.applicationClientId });
    const providers = [context.samlProviderArn, context.selfServiceSamlProviderArn].filter((arn): arn is string => Boolean(arn));
    if (aws && providers.length > 0) {
      const { iam } = aws;
      checks.push(
        { name: iamCertificateCheckName, run: () => checkIamCertificate(iam, providers, entra) },
        { name: rotationCheckName, run: () => checkSigningRotation(iam, providers, entra, context, now(), identity) },
      );
    }
    if (context.signingCertificateThumbprint) {
      const thumbprint = context.signingCertificateThumbprint;
      checks.push({ name: activeKeyCheckName, run: () => checkActiveSigningKey(entra, thumbprint) });
    }
    checks.push(
      { name: expiryCheckName, run: () => checkCertificateExpiry(entra, now(), context.signingCertificateExpiry) },
      { name: tokenPolicyCheckName, run: () => checkTokenIssuancePolicy(entra) },
      { name: replyUrlsCheckName, run: () => checkReplyUrls(entra, context) },
      { name: groupsCheckName, run: () => checkGroupAssignments(entra, context) },
    );
  }
  return checks;
}

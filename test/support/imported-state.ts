/**
 * What `pulumi import` would record for an import ID, read straight off a recorded setup the way each
 * provider's importer and Read do it: the ID is parsed as the provider parses it, the object looked up, and
 * the ForceNew inputs and the outputs other resources read returned. Independent of adopt's own matching, so a
 * test can hold adopt's import file against it.
 */
import type { RecordedSetup } from "./adopt-recorded-setups";
import { thumbprintOf } from "../../cli/day2/signing-key";

export interface ImportedState {
  /** Inputs that force a replacement, as the provider's Read sets them. */
  forceNew: Record<string, unknown>;
  /** Outputs the program's other resources read. */
  outputs: Record<string, unknown>;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function importedState(setup: RecordedSetup, type: string, id: string): ImportedState {
  const tenant = setup.tenant;
  const fail = (why: string): never => {
    throw new Error(`${type} ${id}: ${why}`);
  };
  const commaParts = (count: number[]) => {
    const parts = id.split(",");
    if (!count.includes(parts.length) || parts.some((part) => !part)) fail("not the provider's comma-separated ID");
    return parts;
  };
  const endpoint = (endpointId: string) => setup.endpoints.find((candidate) => candidate.ClientVpnEndpointId === endpointId) ?? fail(`no endpoint ${endpointId}`);
  switch (type) {
    case "azuread:index/applicationRegistration:ApplicationRegistration": {
      const [, objectId] = /^\/applications\/([^/]+)$/.exec(id) ?? fail("not /applications/{id}");
      const app = tenant.applications.find((candidate) => candidate.id === objectId) ?? fail("no such application");
      return { forceNew: {}, outputs: { id, objectId, clientId: app.appId } };
    }
    case "azuread:index/applicationFromTemplate:ApplicationFromTemplate": {
      // parse.ParseFromTemplateID: /applicationTemplates/{templateId}/instantiate/{applicationId}/{servicePrincipalId}
      const [, templateId, objectId, servicePrincipalId] =
        /^\/applicationTemplates\/([^/]+)\/instantiate\/([^/]+)\/([^/]+)$/.exec(id) ?? fail("not /applicationTemplates/{id}/instantiate/{app}/{sp}");
      if (![templateId, objectId, servicePrincipalId].every((part) => uuid.test(part))) fail("an ID part is not a UUID");
      if (!tenant.applications.some((candidate) => candidate.id === objectId)) fail("no such application");
      return {
        forceNew: { templateId },
        outputs: {
          id,
          applicationId: `/applications/${objectId}`,
          applicationObjectId: objectId,
          servicePrincipalId: `/servicePrincipals/${servicePrincipalId}`,
          servicePrincipalObjectId: servicePrincipalId,
        },
      };
    }
    case "azuread:index/applicationIdentifierUri:ApplicationIdentifierUri": {
      const [, objectId, encoded] = /^\/applications\/([^/]+)\/identifierUris\/([^/]+)$/.exec(id) ?? fail("not /applications/{id}/identifierUris/{base64}");
      const uri = Buffer.from(encoded, "base64").toString("utf8");
      const app = tenant.applications.find((candidate) => candidate.id === objectId) ?? fail("no such application");
      if (!app.identifierUris.includes(uri)) fail(`the application has no identifier ${uri}`);
      return { forceNew: { applicationId: `/applications/${objectId}`, identifierUri: uri }, outputs: { id } };
    }
    case "azuread:index/applicationRedirectUris:ApplicationRedirectUris": {
      const [, objectId, uriType] = /^\/applications\/([^/]+)\/redirectUris\/(Web|SPA|PublicClient)$/.exec(id) ?? fail("not /applications/{id}/redirectUris/{type}");
      return { forceNew: { applicationId: `/applications/${objectId}`, type: uriType }, outputs: { id } };
    }
    case "azuread:index/servicePrincipal:ServicePrincipal": {
      const [, objectId] = /^\/servicePrincipals\/([^/]+)$/.exec(id) ?? fail("not /servicePrincipals/{id}");
      const sp = tenant.servicePrincipals.find((candidate) => candidate.id === objectId) ?? fail("no such service principal");
      return { forceNew: { clientId: sp.appId }, outputs: { id, objectId } };
    }
    case "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate": {
      const parts = id.split("/");
      if (parts.length !== 3 || !uuid.test(parts[0]) || parts[1] !== "tokenSigningCertificate" || !uuid.test(parts[2])) fail("not {sp}/tokenSigningCertificate/{keyId}");
      const sp = tenant.servicePrincipals.find((candidate) => candidate.id === parts[0]) ?? fail("no such service principal");
      const credential = (sp.keyCredentials as Record<string, string>[]).find((candidate) => candidate.keyId === parts[2]) ?? fail("no such key credential");
      return {
        forceNew: { servicePrincipalId: `/servicePrincipals/${parts[0]}`, endDate: credential.endDateTime },
        outputs: { id, value: credential.key, thumbprint: thumbprintOf(credential.key), endDate: credential.endDateTime, keyId: parts[2] },
      };
    }
    case "azuread:index/appRoleAssignment:AppRoleAssignment": {
      const [, resourceId, assignmentId] = /^\/servicePrincipals\/([^/]+)\/appRoleAssignedTo\/([^/]+)$/.exec(id) ?? fail("not /servicePrincipals/{id}/appRoleAssignedTo/{id}");
      const resource = tenant.servicePrincipals.find((candidate) => candidate.id === resourceId) ?? fail("no such service principal");
      const assignment = resource.appRoleAssignedTo.find((candidate) => candidate.id === assignmentId) ?? fail("no such assignment");
      return { forceNew: { appRoleId: assignment.appRoleId, principalObjectId: assignment.principalId, resourceObjectId: assignment.resourceId }, outputs: { id } };
    }
    case "aws:iam/samlProvider:SamlProvider": {
      if (!setup.samlProviders[id]) fail("no such SAML provider");
      return { forceNew: { name: id.replace(/^.*:saml-provider\//, "") }, outputs: { id, arn: id } };
    }
    case "aws:ec2clientvpn/endpoint:Endpoint": {
      const live = endpoint(id);
      return {
        forceNew: {
          authenticationOptions: (live.AuthenticationOptions ?? []).map((option) => ({
            type: option.Type,
            samlProviderArn: option.FederatedAuthentication?.SamlProviderArn ?? "",
            selfServiceSamlProviderArn: option.FederatedAuthentication?.SelfServiceSamlProviderArn ?? "",
          })),
          clientCidrBlock: live.ClientCidrBlock,
          transportProtocol: live.TransportProtocol,
        },
        outputs: { id, dnsName: live.DnsName, selfServicePortalUrl: live.SelfServicePortalUrl },
      };
    }
    case "aws:ec2clientvpn/networkAssociation:NetworkAssociation": {
      const [endpointId, associationId] = commaParts([2]);
      const network = (setup.byEndpoint[endpointId]?.targetNetworks ?? []).find((candidate) => candidate.AssociationId === associationId) ?? fail("no such association");
      return { forceNew: { clientVpnEndpointId: endpointId, subnetId: network.TargetNetworkId }, outputs: { id: associationId, associationId } };
    }
    case "aws:ec2clientvpn/authorizationRule:AuthorizationRule": {
      const [endpointId, cidr, group] = commaParts([2, 3]);
      const rule =
        (setup.byEndpoint[endpointId]?.rules ?? []).find((candidate) => candidate.DestinationCidr === cidr && (group ? candidate.GroupId === group : candidate.AccessAll)) ??
        fail("no such rule");
      return {
        forceNew: { clientVpnEndpointId: endpointId, targetNetworkCidr: cidr, accessGroupId: rule.GroupId ?? "", authorizeAllGroups: Boolean(rule.AccessAll), description: rule.Description ?? "" },
        outputs: { id },
      };
    }
    case "aws:ec2clientvpn/route:Route": {
      const [endpointId, subnetId, cidr] = commaParts([3]);
      const route =
        (setup.byEndpoint[endpointId]?.routes ?? []).find((candidate) => candidate.TargetSubnet === subnetId && candidate.DestinationCidr === cidr) ?? fail("no such route");
      return {
        forceNew: { clientVpnEndpointId: endpointId, destinationCidrBlock: cidr, targetVpcSubnetId: subnetId, description: route.Description ?? "" },
        outputs: { id },
      };
    }
    default:
      return fail("this test does not know how the provider imports it");
  }
}

import { NetworkFacts } from "../../components/network-facts";
import { InvokeAnswer } from "./recording-mocks";
import { planNetworkKey } from "./plan-network";

/**
 * The data sources the program calls, answered without a cloud: the network from
 * `clientvpn-federation:planNetwork`, and Entra's application lookup refused (the plan asks no one),
 * which the program turns into a warning that the check happens at `pulumi preview`.
 */
export interface OfflineLookups {
  invokes: Record<string, InvokeAnswer>;
  /** True once the program asked for the network while planNetwork was missing or invalid. */
  networkRefused(): boolean;
}

export const offlineEntraRefusal = "the offline plan does not ask Entra; pulumi preview checks this with the deploying identity";

/**
 * Stands in for the deploying identity's object ID (azuread.getClientConfig), which only a signed-in
 * provider knows; the plan lists it among its placeholders.
 */
export const offlineDeployingIdentityObjectId = "0d0d0d0d-0000-4000-8000-00000000d0d0";

/** Stands in for the "AWS ClientVPN" application template's ID, which only Entra's gallery knows. */
export const offlineGalleryTemplateId = "0a0a0a0a-0000-4000-8000-00000000a0a0";

export function offlineLookups(facts: NetworkFacts | undefined): OfflineLookups {
  let refused = false;
  const requireFacts = (): NetworkFacts => {
    if (facts) return facts;
    refused = true;
    throw new Error(`not looked up offline: ${planNetworkKey} is missing or invalid (see below)`);
  };
  return {
    networkRefused: () => refused,
    invokes: {
      // The shape of aws.ec2.getVpc's result: primary CIDR and every associated block with its state.
      "aws:ec2/getVpc:getVpc": (inputs) => {
        const { vpcCidrs } = requireFacts();
        return {
          id: inputs.id,
          cidrBlock: vpcCidrs[0],
          cidrBlockAssociations: vpcCidrs.map((cidrBlock, index) => ({ associationId: `vpc-cidr-assoc-offline-${index}`, cidrBlock, state: "associated" })),
        };
      },
      "aws:ec2/getSubnet:getSubnet": (inputs) => {
        const subnet = requireFacts().subnets.find((candidate) => candidate.id === inputs.id);
        if (!subnet) {
          throw new Error(`${String(inputs.id)} is not in ${planNetworkKey}.subnets; add it with the availabilityZone and cidr AWS shows for it`);
        }
        return {
          id: subnet.id,
          vpcId: subnet.vpcId,
          availabilityZone: subnet.availabilityZone,
          cidrBlock: subnet.cidr,
          availableIpAddressCount: subnet.availableIpAddresses,
        };
      },
      "azuread:index/getApplication:getApplication": () => {
        throw new Error(offlineEntraRefusal);
      },
      // The gallery's template ID is a lookup too; a placeholder stands in, shown as one in the report.
      "azuread:index/getApplicationTemplate:getApplicationTemplate": (inputs) => ({
        id: offlineGalleryTemplateId,
        templateId: offlineGalleryTemplateId,
        displayName: inputs.displayName,
      }),
      "azuread:index/getClientConfig:getClientConfig": () => ({
        id: offlineDeployingIdentityObjectId,
        objectId: offlineDeployingIdentityObjectId,
        clientId: offlineDeployingIdentityObjectId,
        tenantId: offlineDeployingIdentityObjectId,
      }),
    },
  };
}

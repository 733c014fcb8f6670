import type { ResourceValidationPolicy } from "@pulumi/policy";
import { violation } from "../lib/describe";
import { UNKNOWN, at } from "../lib/known";
import { readResource } from "../lib/resource";
import { ResourceType } from "../lib/resource-types";

// Authentication option types of a Client VPN endpoint:
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ClientVpnAuthenticationRequest.html
const FEDERATED = "federated-authentication";

export const endpointSamlFederation: ResourceValidationPolicy = {
  name: "client-vpn-saml-federation",
  description: "Client VPN endpoints authenticate users through SAML federation with the identity provider.",
  remediationSteps:
    "Give the endpoint an authenticationOptions entry of type \"federated-authentication\" whose samlProviderArn " +
    "is the IAM SAML provider built from the Entra metadata. Changing authentication options replaces the endpoint.",
  enforcementLevel: "mandatory",
  severity: "critical",
  validateResource: (args, reportViolation) => {
    if (args.type !== ResourceType.clientVpnEndpoint) return;
    const endpoint = readResource(args);
    const options = endpoint.props.authenticationOptions;
    if (options === UNKNOWN || !Array.isArray(options)) return; // required by the provider; unknown in some previews
    const types = options.map((option) => at(option, "type"));
    if (types.includes(UNKNOWN)) return;
    const federated = options.filter((option) => at(option, "type") === FEDERATED);
    if (federated.length === 0) {
      reportViolation(
        violation(
          "Client VPN endpoint",
          endpoint,
          `authenticates with ${types.map((type) => JSON.stringify(type)).join(", ") || "nothing"}, not SAML federation, ` +
            "so sign-in bypasses the identity provider's MFA, conditional access and group membership.",
          `set authenticationOptions to [{ type: "${FEDERATED}", samlProviderArn: <IAM SAML provider ARN> }].`,
        ),
      );
      return;
    }
    for (const option of federated) {
      if (at(option, "samlProviderArn") === "") {
        reportViolation(
          violation(
            "Client VPN endpoint",
            endpoint,
            "uses federated authentication with an empty samlProviderArn.",
            "pass the ARN of the IAM SAML provider created from the Entra application's metadata.",
          ),
        );
      }
    }
  },
};

import type { StackValidationPolicy } from "@pulumi/policy";
import { violation } from "../lib/describe";
import { UNKNOWN } from "../lib/known";
import { ResourceType } from "../lib/resource-types";
import { ofType, readStack } from "../lib/stack";

// AWS requires both the SAML response and the assertion to be signed:
// https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html#saml-requirements
// Entra signs only the assertion by default ("Sign SAML assertion"):
// https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/certificate-signing-options
// The Graph value for "Sign SAML response and assertion" is TokenResponseSigningPolicy "ResponseAndToken"
// (others: TokenOnly, ResponseOnly): https://learn.microsoft.com/en-us/graph/api/resources/tokenissuancepolicy
const RESPONSE_AND_TOKEN = "ResponseAndToken";

export const samlSigning: StackValidationPolicy = {
  name: "entra-saml-response-and-assertion-signed",
  description:
    "Entra signs both the SAML response and the assertion for the VPN app, as AWS Client VPN requires " +
    "(Entra's default signs only the assertion).",
  remediationSteps:
    "Declare the program's SamlSigningSettings resource for the SAML service principal; it sets TokenResponseSigningPolicy " +
    `"${RESPONSE_AND_TOKEN}" (the portal's "Sign SAML response and assertion"). If a refresh shows another value, run pulumi up.`,
  enforcementLevel: "mandatory",
  severity: "high",
  validateStack: (args, reportViolation) => {
    const resources = readStack(args);
    const settings = ofType(resources, ResourceType.samlSigningSettings);
    for (const setting of settings) {
      // An output of the dynamic provider: absent until the resource exists, then the live value
      // (a refresh shows drift, e.g. someone switching the portal back to "Sign SAML assertion").
      const policy = setting.props.tokenResponseSigningPolicy;
      if (policy === UNKNOWN || policy === undefined || policy === RESPONSE_AND_TOKEN) continue;
      reportViolation(
        violation(
          "SAML signing settings",
          setting,
          `make Entra sign with TokenResponseSigningPolicy ${JSON.stringify(policy)}, not the response and the assertion; ` +
            "AWS Client VPN rejects a SAML response that is not itself signed.",
          `run pulumi up so the SamlSigningSettings resource restores "${RESPONSE_AND_TOKEN}" (the portal's ` +
            "\"Sign SAML response and assertion\"), and find out who changed it.",
        ),
        setting.urn,
      );
    }
    if (settings.length > 0) return;
    // The gallery app's service principal has no resource of its own; its application stands for it.
    const galleryApps = ofType(resources, ResourceType.applicationFromTemplate);
    for (const principal of [...ofType(resources, ResourceType.servicePrincipal), ...galleryApps]) {
      if (principal.type === ResourceType.servicePrincipal && principal.props.preferredSingleSignOnMode !== "saml") continue;
      reportViolation(
        violation(
          principal.type === ResourceType.applicationFromTemplate ? "Entra gallery application" : "Entra service principal",
          principal,
          "uses SAML sign-on but the stack declares no SamlSigningSettings, so Entra signs only the assertion " +
            "and AWS Client VPN rejects the response.",
          `declare the program's SamlSigningSettings resource for this service principal (it sets TokenResponseSigningPolicy "${RESPONSE_AND_TOKEN}").`,
        ),
        principal.urn,
      );
    }
  },
};

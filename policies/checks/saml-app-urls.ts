import type { StackValidationPolicy } from "@pulumi/policy";
import { violation } from "../lib/describe";
import { UNKNOWN, knownStrings } from "../lib/known";
import { ResourceType } from "../lib/resource-types";
import {
  CLIENT_VPN_AUDIENCE,
  CLIENT_VPN_LOOPBACK_ACS_URL,
  GOVCLOUD_SELF_SERVICE_ACS_URL,
  SELF_SERVICE_ACS_URL,
} from "../lib/service-provider";
import { type StackResource, ofType, readStack } from "../lib/stack";

const NAME = "entra-saml-app-urls";

// The portal's ACS URL depends on the partition (commercial or GovCloud); either one is accepted.
const SELF_SERVICE_ACS_URLS = [SELF_SERVICE_ACS_URL, GOVCLOUD_SELF_SERVICE_ACS_URL];

type PortalState = "enabled" | "disabled" | "unknown";

/** Whether the stack's endpoints turn the self-service portal on; "unknown" when the stack has none to tell. */
function portalState(endpoints: StackResource[]): PortalState {
  if (endpoints.length === 0) return "unknown";
  const values = endpoints.map((endpoint) => endpoint.props.selfServicePortal);
  if (values.includes("enabled")) return "enabled";
  if (values.includes(UNKNOWN)) return "unknown";
  return "disabled"; // "disabled" or unset: the provider's default is disabled
}

export const samlAppUrls: StackValidationPolicy = {
  name: NAME,
  description:
    `The Entra application's identifier is ${CLIENT_VPN_AUDIENCE} and its Web reply URLs are exactly ` +
    `${CLIENT_VPN_LOOPBACK_ACS_URL} plus, only when an endpoint enables the self-service portal, the portal's ACS URL.`,
  remediationSteps:
    `Declare azuread.ApplicationIdentifierUri with identifierUri "${CLIENT_VPN_AUDIENCE}" and one ` +
    `azuread.ApplicationRedirectUris of type "Web" listing "${CLIENT_VPN_LOOPBACK_ACS_URL}" (no trailing slash) and, ` +
    `if selfServicePortal is "enabled", "${SELF_SERVICE_ACS_URL}" (GovCloud: "${GOVCLOUD_SELF_SERVICE_ACS_URL}"). ` +
    "Remove any other reply URL.",
  enforcementLevel: "mandatory",
  severity: "high",
  validateStack: (args, reportViolation) => {
    const resources = readStack(args);
    // Our own app registration, or the gallery app instantiated from its template: both need the identifier and reply URLs.
    const registrations = [...ofType(resources, ResourceType.applicationRegistration), ...ofType(resources, ResourceType.applicationFromTemplate)];
    const identifierUris = ofType(resources, ResourceType.applicationIdentifierUri);
    const redirectUris = ofType(resources, ResourceType.applicationRedirectUris);
    const portal = portalState(ofType(resources, ResourceType.clientVpnEndpoint));

    for (const identifier of identifierUris) {
      const uri = identifier.props.identifierUri;
      if (uri === UNKNOWN || uri === undefined || uri === CLIENT_VPN_AUDIENCE) continue;
      reportViolation(
        violation(
          "Entra application identifier URI",
          identifier,
          `is ${JSON.stringify(uri)}; AWS Client VPN only accepts SAML assertions for the audience ${CLIENT_VPN_AUDIENCE}.`,
          `set identifierUri to "${CLIENT_VPN_AUDIENCE}" (one app per tenant may hold it; share that app between stacks).`,
        ),
        identifier.urn,
      );
    }
    const audienceDeclared = identifierUris.some((identifier) => {
      const uri = identifier.props.identifierUri;
      return uri === UNKNOWN || uri === CLIENT_VPN_AUDIENCE;
    });
    const webRedirects = redirectUris.filter((redirect) => redirect.props.type === "Web" || redirect.props.type === UNKNOWN);

    for (const registration of registrations) {
      if (!audienceDeclared) {
        reportViolation(
          violation(
            "Entra application",
            registration,
            `has no identifier URI ${CLIENT_VPN_AUDIENCE}, so Entra cannot issue assertions AWS Client VPN accepts.`,
            `declare azuread.ApplicationIdentifierUri { applicationId: <app id>, identifierUri: "${CLIENT_VPN_AUDIENCE}" }.`,
          ),
          registration.urn,
        );
      }
      if (webRedirects.length === 0) {
        reportViolation(
          violation(
            "Entra application",
            registration,
            `has no Web reply URLs, so the SAML response never reaches the VPN client on ${CLIENT_VPN_LOOPBACK_ACS_URL}.`,
            `declare azuread.ApplicationRedirectUris { type: "Web", redirectUris: ["${CLIENT_VPN_LOOPBACK_ACS_URL}"] }.`,
          ),
          registration.urn,
        );
      }
    }

    for (const redirect of webRedirects) {
      if (redirect.props.type === UNKNOWN) continue;
      const uris = knownStrings(redirect.props.redirectUris);
      if (uris === UNKNOWN || uris === undefined) continue;
      const problems: string[] = [];
      const unexpected = uris.filter((uri) => uri !== CLIENT_VPN_LOOPBACK_ACS_URL && !SELF_SERVICE_ACS_URLS.includes(uri));
      const portalUrls = uris.filter((uri) => SELF_SERVICE_ACS_URLS.includes(uri));
      if (unexpected.length > 0) {
        problems.push(`lists reply URLs AWS Client VPN does not use: ${unexpected.join(", ")}`);
      }
      if (!uris.includes(CLIENT_VPN_LOOPBACK_ACS_URL)) {
        problems.push(`lacks ${CLIENT_VPN_LOOPBACK_ACS_URL}, where the VPN client receives the SAML response`);
      }
      if (portal === "enabled" && portalUrls.length === 0) {
        problems.push(`lacks ${SELF_SERVICE_ACS_URL} although the self-service portal is enabled`);
      }
      if (portal === "disabled" && portalUrls.length > 0) {
        problems.push(`lists ${portalUrls.join(", ")} although no endpoint enables the self-service portal`);
      }
      if (portalUrls.length > 1) {
        problems.push("lists both the commercial and the GovCloud self-service URL; keep the one of the endpoint's partition");
      }
      if (problems.length === 0) continue;
      const expected = [CLIENT_VPN_LOOPBACK_ACS_URL, ...(portal === "enabled" ? [portalUrls[0] ?? SELF_SERVICE_ACS_URL] : [])];
      reportViolation(
        violation(
          "Entra application Web reply URLs",
          redirect,
          `${problems.join("; ")}.`,
          `set redirectUris to exactly ${JSON.stringify(expected)}${portal === "unknown" ? " (plus the self-service URL if the portal is enabled)" : ""}.`,
        ),
        redirect.urn,
      );
    }
  },
};

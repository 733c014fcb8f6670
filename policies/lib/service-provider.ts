/**
 * What AWS Client VPN expects of a SAML identity provider app. Source for all three values:
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html
 * ("Service provider information for creating an app" and "Support for the self-service portal").
 */

/** Audience URI (Entra: identifier / entity ID). */
export const CLIENT_VPN_AUDIENCE = "urn:amazon:webservices:clientvpn";

/** ACS URL the AWS provided client listens on (TCP 35001 on the user's device). Plain http, no trailing slash. */
export const CLIENT_VPN_LOOPBACK_ACS_URL = "http://127.0.0.1:35001";

/** ACS URL of the self-service portal in commercial regions. */
export const SELF_SERVICE_ACS_URL = "https://self-service.clientvpn.amazonaws.com/api/auth/sso/saml";

/** ACS URL of the self-service portal for endpoints in AWS GovCloud (US). */
export const GOVCLOUD_SELF_SERVICE_ACS_URL = "https://gov.self-service.clientvpn.amazonaws.com/api/auth/sso/saml";

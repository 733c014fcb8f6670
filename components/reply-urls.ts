/**
 * Where Entra may post SAML responses for AWS Client VPN (the application's Web reply URLs).
 *
 * The AWS VPN Client listens on exactly http://127.0.0.1:35001 (no trailing slash); the
 * self-service portal has its own ACS URL, with a separate one in GovCloud.
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html
 */
export const clientReplyUrl = "http://127.0.0.1:35001";
export const selfServiceReplyUrl = "https://self-service.clientvpn.amazonaws.com/api/auth/sso/saml";
export const govCloudSelfServiceReplyUrl = "https://gov.self-service.clientvpn.amazonaws.com/api/auth/sso/saml";

export function replyUrls(selfServicePortal: boolean, awsRegion?: string): string[] {
  if (!selfServicePortal) return [clientReplyUrl];
  const portal = awsRegion?.startsWith("us-gov-") ? govCloudSelfServiceReplyUrl : selfServiceReplyUrl;
  return [clientReplyUrl, portal];
}

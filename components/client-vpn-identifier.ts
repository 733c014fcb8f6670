/**
 * The SAML audience AWS Client VPN expects, and so the identifier (entity ID) of the Entra application:
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html
 * Its own module, free of imports: the dynamic providers' code is serialized into the state with every
 * module it touches, and the configuration schema (zod) cannot be.
 */
export const clientVpnIdentifierUri = "urn:amazon:webservices:clientvpn";

import { parsePemCertificates } from "./server-ca-chain";

/**
 * The `.ovpn` client profiles for a federated (SAML) Client VPN endpoint.
 *
 * The AWS variant reproduces what "Download client configuration" exports for a federated endpoint,
 * so agents import it into the AWS VPN Client unchanged:
 * - export: https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-endpoint-export.html
 * - federated endpoints are used with that export and the AWS provided client:
 *   https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/client-auth-enable-saml.html
 * - the AWS provided client accepts only a fixed list of OpenVPN directives, every one used here is on it
 *   (auth-federate, auth-nocache, auth-retry, auth-user-pass, ca, cipher, client, dev, nobind, proto,
 *   remote, remote-cert-tls, remote-random-hostname, reneg-sec, resolv-retry, verb):
 *   https://docs.aws.amazon.com/vpn/latest/clientvpn-user/connect-aws-client-vpn-connect.html
 * - a downloaded federated profile carries auth-user-pass, auth-federate and auth-retry interact next to
 *   remote/remote-random-hostname (those are the lines a stock-OpenVPN SAML wrapper must strip):
 *   https://github.com/samm-git/aws-vpn-client#additional-steps
 * Directive meanings: https://openvpn.net/community-docs/community-articles/openvpn-2-6-manual.html
 */
export interface ClientProfileInput {
  /** The endpoint's DNS name as AWS reports it, e.g. `*.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.eu-west-2.amazonaws.com`. */
  endpointDnsName: string;
  vpnPort: 443 | 1194;
  transportProtocol: "udp" | "tcp";
  /** PEM certificate(s) the client trusts for the server; see clientCaChain() in server-ca-chain.ts. */
  caChainPem: string;
}

/** One profile line; `awsClientOnly` lines are proprietary to the AWS VPN Client. */
interface Directive {
  line: string;
  awsClientOnly: boolean;
}

/**
 * DescribeClientVpnEndpoints reports DnsName with a leading wildcard, e.g.
 * `*.cvpn-endpoint-123456789123abcde.prod.clientvpn.ap-south-1.amazonaws.com`
 * (https://docs.aws.amazon.com/cli/latest/reference/ec2/describe-client-vpn-endpoints.html, example output).
 * Older endpoints appear without the `prod.` label in AWS's troubleshooting guide, so it is optional.
 * Endpoint IDs are `cvpn-endpoint-` and 17 hex digits; China regions end in amazonaws.com.cn.
 */
const endpointDnsNamePattern = /^(?:\*\.)?(cvpn-endpoint-[0-9a-f]{17}\.(?:prod\.)?clientvpn\.[a-z]{2}(?:-[a-z]+)+-\d+\.amazonaws\.com(?:\.cn)?)$/;

/**
 * The host for `remote`: the endpoint name without its `*.` wildcard. The profile also sets
 * `remote-random-hostname`, which "forces the client to prepend a random string to the DNS name to
 * prevent DNS caching"; a literal `*` left in the name would make that lookup fail.
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/troubleshooting.html#resolve-host-name
 */
export function remoteHostFromEndpointDnsName(endpointDnsName: string): string {
  const match = endpointDnsNamePattern.exec(endpointDnsName.trim().toLowerCase());
  if (!match) {
    throw new Error(
      `"${endpointDnsName}" is not a Client VPN endpoint DNS name; expected the endpoint's dnsName output, ` +
        'shaped like "*.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.eu-west-2.amazonaws.com"',
    );
  }
  return match[1];
}

function checkedInput(input: ClientProfileInput): { remoteHost: string; caChainPem: string } {
  if (input.vpnPort !== 443 && input.vpnPort !== 1194) {
    throw new Error(`vpn.vpnPort is ${String(input.vpnPort)}; Client VPN listens on 443 or 1194 only`);
  }
  if (input.transportProtocol !== "udp" && input.transportProtocol !== "tcp") {
    throw new Error(`vpn.transportProtocol is ${String(input.transportProtocol)}; it must be udp or tcp`);
  }
  // Re-emitting the parsed certificates keeps anything but certificates (and any `</ca>`) out of the profile.
  const certificates = parsePemCertificates(input.caChainPem);
  return {
    remoteHost: remoteHostFromEndpointDnsName(input.endpointDnsName),
    caChainPem: certificates.map((certificate) => certificate.toString().trim()).join("\n"),
  };
}

/** The single directive list both variants render, in the order AWS's export writes them. */
function profileDirectives(input: ClientProfileInput): Directive[] {
  const { remoteHost, caChainPem } = checkedInput(input);
  const both = (line: string): Directive => ({ line, awsClientOnly: false });
  return [
    both("client"),
    both("dev tun"),
    both(`proto ${input.transportProtocol}`),
    // Exactly one remote: the endpoint itself, on the port and transport it was created with.
    both(`remote ${remoteHost} ${input.vpnPort}`),
    both("remote-random-hostname"),
    both("resolv-retry infinite"),
    both("nobind"),
    both("remote-cert-tls server"),
    both("cipher AES-256-GCM"),
    both("verb 3"),
    both(`<ca>\n${caChainPem}\n</ca>`),
    // SAML sign-in: the client first authenticates with a placeholder user and password, the server
    // fails it with the IdP redirect URL, and the client retries with the SAML response as password
    // (https://smallhacks.wordpress.com/2020/07/08/aws-client-vpn-internals/). auth-federate switches the
    // AWS VPN Client into that browser flow; stock OpenVPN rejects it as an unknown option.
    both("auth-user-pass"),
    { line: "auth-federate", awsClientOnly: true },
    both("auth-retry interact"),
    both("auth-nocache"),
    // As AWS's export writes it: a profile downloaded from the console ends with `reneg-sec 0`
    // (sample in DevelopersIO, "AWS Client VPN の OpenVPN 設定ファイルの内訳を確認してみた", 2023).
    both("reneg-sec 0"),
  ];
}

function render(directives: Directive[]): string {
  return `${directives.map((directive) => directive.line).join("\n")}\n`;
}

/** The profile for the AWS VPN Client, as "Download client configuration" produces it, CA included. */
export function renderAwsVpnClientProfile(input: ClientProfileInput): string {
  return render(profileDirectives(input));
}

const openVpnHeader = [
  "# Client VPN profile for stock OpenVPN 2.6 (auth-federate removed: only the AWS VPN Client knows it).",
  "# SAML sign-in still needs a SAML-capable wrapper around openvpn: use `npm run connect` from the",
  "# clientvpn-federation project. Plain `openvpn --config` reaches the endpoint but cannot sign in.",
];

/** The same profile for stock OpenVPN 2.6: everything stock OpenVPN can parse, with a note on sign-in. */
export function renderOpenVpnProfile(input: ClientProfileInput): string {
  const directives = profileDirectives(input).filter((directive) => !directive.awsClientOnly);
  return `${openVpnHeader.join("\n")}\n${render(directives)}`;
}

import { X509Certificate } from "node:crypto";
import { rootCertificates } from "node:tls";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type ClientProfileInput,
  remoteHostFromEndpointDnsName,
  renderAwsVpnClientProfile,
  renderOpenVpnProfile,
} from "../components/client-profile";
import { ConfigError } from "../components/config";
import { amazonRootCertificates, amazonTrustServicesRoots, clientCaChain, type ServerCertificateSource, spkiSha256 } from "../components/server-ca-chain";
import { openVpnBinary, parseWithOpenVpn } from "./support/openvpn-binary";

// A CA made for these tests only (EC P-256, valid to 2126): what a user would import.
const userCaPem = `-----BEGIN CERTIFICATE-----
MIIBtTCCAVugAwIBAgIUC+TNyB8N+T0/cSmlBO0thfKfTxYwCgYIKoZIzj0EAwIw
JzElMCMGA1UEAwwcY2xpZW50dnBuLWZlZGVyYXRpb24gdGVzdCBDQTAgFw0yNjEx
MjExNzAwNDdaGA8yMTI2MTAyODE3MDA0N1owJzElMCMGA1UEAwwcY2xpZW50dnBu
LWZlZGVyYXRpb24gdGVzdCBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABFHG
5ENbOKuPYTSDUm/Z4NnRp0bMAyRSkBbkJmrDSJ+8KeUIVHJa96bMNrQb4eg2bW9D
Ug0g8xJMSO1woHu/MtWjYzBhMB0GA1UdDgQWBBTZITCXwMYXKagbriqKsAp7crVJ
mzAfBgNVHSMEGDAWgBTZITCXwMYXKagbriqKsAp7crVJmzAPBgNVHRMBAf8EBTAD
AQH/MA4GA1UdDwEB/wQEAwIBBjAKBggqhkjOPQQDAgNIADBFAiB26tUB7DF7Z1rR
Gadi2cNH7Zue9mRKUfjtRVgkcIizswIhAJ4twX274Oxwb9o429knCcJP3sPOEMgx
zW038SBAYLZ/
-----END CERTIFICATE-----`;

// The server certificate that CA signed (CA:FALSE): a common mistake for vpn.serverCertificateCaChain.
const serverLeafPem = `-----BEGIN CERTIFICATE-----
MIIByjCCAXCgAwIBAgIUTHNc89UTYciuVPrkCHkFmQHXbJowCgYIKoZIzj0EAwIw
JzElMCMGA1UEAwwcY2xpZW50dnBuLWZlZGVyYXRpb24gdGVzdCBDQTAgFw0yNjEx
MjExNzAwNDdaGA8yMTI2MTAyODE3MDA0N1owGzEZMBcGA1UEAwwQdnBuLmV4YW1w
bGUudGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABEWfTxolvgZxopu+oar/
PFt8mvYpB/btr45mjCZl1IhO7Il+TQVhSfQHlVmu0ZePjM8oQHRiZxmoZP4X1joe
ghGjgYMwgYAwDAYDVR0TAQH/BAIwADATBgNVHSUEDDAKBggrBgEFBQcDATAbBgNV
HREEFDASghB2cG4uZXhhbXBsZS50ZXN0MB0GA1UdDgQWBBS4B7giubNOUBFY6tVV
j+ZK8rRzxDAfBgNVHSMEGDAWgBTZITCXwMYXKagbriqKsAp7crVJmzAKBggqhkjO
PQQDAgNIADBFAiEA91ixKWdFCFQ6VnJb0QgFMhMWdXt0gBf10lH3QS13km4CIFv+
+ND6WNbDEyZCoU/Or2b2CDzI0Y/+piuDhMJULdag
-----END CERTIFICATE-----`;

const endpointDnsName = "*.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.eu-west-2.amazonaws.com";
const remoteHost = "cvpn-endpoint-0123456789abcdef0.prod.clientvpn.eu-west-2.amazonaws.com";

function linesOf(profile: string): string[] {
  return profile.split("\n");
}

function caBlock(profile: string): X509Certificate[] {
  const match = /<ca>\n([\s\S]*?)\n<\/ca>/.exec(profile);
  if (!match) throw new Error(`profile has no <ca> block:\n${profile}`);
  return [...match[1].matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].map((m) => new X509Certificate(m[0]));
}

function withoutAuthFederate(profile: string): string {
  return linesOf(profile)
    .filter((line) => line !== "auth-federate")
    .join("\n");
}

// Node's bundled roots, parsed once: parsing all of them for every expectation cost about 0.5 s of CPU per run.
let parsedRootCertificates: X509Certificate[] | undefined;
const nodeRootCertificates = () => (parsedRootCertificates ??= rootCertificates.map((pem) => new X509Certificate(pem)));

const certificateSources: { name: string; source: ServerCertificateSource; expectedCas: () => X509Certificate[] }[] = [
  {
    name: "ACM-issued",
    source: { kind: "amazon-issued" },
    expectedCas: () =>
      amazonTrustServicesRoots.map((root) => nodeRootCertificates().find((certificate) => spkiSha256(certificate) === root.spkiSha256)!),
  },
  { name: "imported", source: { kind: "given", caChainPem: userCaPem }, expectedCas: () => [new X509Certificate(userCaPem)] },
];

const transports: { transportProtocol: "udp" | "tcp"; openVpnProto: string }[] = [
  { transportProtocol: "udp", openVpnProto: "udp" },
  // A client's `proto tcp` is tcp-client to OpenVPN.
  { transportProtocol: "tcp", openVpnProto: "tcp-client" },
];
const ports = [443, 1194] as const;

const cases = certificateSources.flatMap((certificate) =>
  transports.flatMap((transport) => ports.map((vpnPort) => ({ certificate, transport, vpnPort }))),
);

describe("client profiles", () => {
  beforeAll(() => {
    // Fails (never skips) with the scripts/setup.sh hint when OpenVPN 2.6 is missing.
    openVpnBinary();
  });

  describe.each(cases)("$certificate.name certificate, $transport.transportProtocol/$vpnPort", ({ certificate, transport, vpnPort }) => {
    const input: ClientProfileInput = {
      endpointDnsName,
      vpnPort,
      transportProtocol: transport.transportProtocol,
      caChainPem: clientCaChain(certificate.source),
    };
    const awsProfile = renderAwsVpnClientProfile(input);
    const openVpnProfile = renderOpenVpnProfile(input);

    it.each([
      ["AWS VPN Client", awsProfile],
      ["stock OpenVPN", openVpnProfile],
    ])("the %s profile has exactly one remote: the endpoint name without its wildcard, on the configured port", (_name, profile) => {
      const remotes = linesOf(profile).filter((line) => line.startsWith("remote "));
      expect(remotes).toEqual([`remote ${remoteHost} ${vpnPort}`]);
    });

    it.each([
      ["AWS VPN Client", awsProfile],
      ["stock OpenVPN", openVpnProfile],
    ])("the %s profile uses the configured transport", (_name, profile) => {
      expect(linesOf(profile).filter((line) => line.startsWith("proto "))).toEqual([`proto ${transport.transportProtocol}`]);
    });

    it.each([
      ["AWS VPN Client", awsProfile],
      ["stock OpenVPN", openVpnProfile],
    ])("the %s profile carries exactly the expected CA certificates", (_name, profile) => {
      const expected = certificate.expectedCas().map((ca) => ca.fingerprint256);
      expect(caBlock(profile).map((ca) => ca.fingerprint256)).toEqual(expected);
    });

    it("OpenVPN 2.6 parses the AWS profile once auth-federate is taken out, and sees the same remote", async () => {
      const parsed = await parseWithOpenVpn(withoutAuthFederate(awsProfile));
      expect(parsed.errors).toEqual([]);
      expect(parsed.accepted).toBe(true);
      expect(parsed.connectionProfiles).toEqual([{ proto: transport.openVpnProto, remote: remoteHost, remotePort: String(vpnPort) }]);
      expect(parsed.settings.get("ca_file")).toBe("[INLINE]");
      expect(parsed.settings.get("auth_user_pass_file")).toBe("stdin");
    });

    it("OpenVPN 2.6 parses the stock profile as is, and sees the same remote", async () => {
      const parsed = await parseWithOpenVpn(openVpnProfile);
      expect(parsed.errors).toEqual([]);
      expect(parsed.accepted).toBe(true);
      expect(parsed.connectionProfiles).toEqual([{ proto: transport.openVpnProto, remote: remoteHost, remotePort: String(vpnPort) }]);
    });
  });

  describe("what the AWS VPN Client needs", () => {
    const input: ClientProfileInput = { endpointDnsName, vpnPort: 443, transportProtocol: "udp", caChainPem: userCaPem };

    it("writes the directives of AWS's federated export, in its order", () => {
      const withoutCaBody = renderAwsVpnClientProfile(input).replace(/<ca>\n[\s\S]*?\n<\/ca>/, "<ca>\n</ca>");
      const directives = linesOf(withoutCaBody).filter((line) => line !== "");
      expect(directives).toEqual([
        "client",
        "dev tun",
        "proto udp",
        `remote ${remoteHost} 443`,
        "remote-random-hostname",
        "resolv-retry infinite",
        "nobind",
        "remote-cert-tls server",
        "cipher AES-256-GCM",
        "verb 3",
        "<ca>",
        "</ca>",
        "auth-user-pass",
        "auth-federate",
        "auth-retry interact",
        "auth-nocache",
        "reneg-sec 0",
      ]);
    });

    it("leaves auth-federate and only that out of the stock OpenVPN profile, behind a comment saying how to sign in", () => {
      const aws = linesOf(renderAwsVpnClientProfile(input));
      const stock = linesOf(renderOpenVpnProfile(input));
      const comments = stock.filter((line) => line.startsWith("#"));
      expect(stock.filter((line) => !line.startsWith("#"))).toEqual(aws.filter((line) => line !== "auth-federate"));
      expect(comments.join(" ")).toContain("npm run connect");
      expect(comments.join(" ")).toMatch(/SAML/);
    });

    it("renders the same bytes for the same input", () => {
      expect(renderAwsVpnClientProfile(input)).toBe(renderAwsVpnClientProfile({ ...input }));
      expect(renderOpenVpnProfile(input)).toBe(renderOpenVpnProfile({ ...input }));
    });

    it("writes the CA block as the certificates' PEM, with no blank line inside it", () => {
      const awsProfile = renderAwsVpnClientProfile(input);
      const block = /<ca>\n([\s\S]*?)\n<\/ca>/.exec(awsProfile)![1];
      expect(linesOf(block)).not.toContain("");
      expect(block).toBe(caBlock(awsProfile).map((ca) => ca.toString().trim()).join("\n"));
    });

    it("re-emits the CA as parsed certificates, so CRLF input gives the same profile", () => {
      const crlf = { ...input, caChainPem: `${userCaPem.replace(/\n/g, "\r\n")}\r\n` };
      expect(renderAwsVpnClientProfile(crlf)).toBe(renderAwsVpnClientProfile(input));
    });

    it.each([
      ["a port Client VPN does not listen on", { vpnPort: 8443 }, /vpn\.vpnPort/],
      ["an unknown transport", { transportProtocol: "sctp" }, /vpn\.transportProtocol/],
      ["a CA that is not PEM", { caChainPem: "not a certificate" }, /vpn\.serverCertificateCaChain/],
      ["a CA block that tries to close <ca> early", { caChainPem: `${userCaPem}\n</ca>\nup /bin/sh` }, /outside the PEM certificates/],
    ])("refuses %s", (_name, change, message) => {
      expect(() => renderAwsVpnClientProfile({ ...input, ...change } as unknown as ClientProfileInput)).toThrow(message);
    });
  });

  it("fails, pointing at scripts/setup.sh, when no openvpn binary is found", () => {
    expect(() => openVpnBinary(["/nonexistent-openvpn-dir"])).toThrow(/OpenVPN 2\.6 is required.*run scripts\/setup\.sh/);
  });

  describe("the OpenVPN parse check can fail", () => {
    const input: ClientProfileInput = { endpointDnsName, vpnPort: 1194, transportProtocol: "tcp", caChainPem: userCaPem };

    it("stock OpenVPN rejects the AWS profile as is, because of auth-federate", async () => {
      const parsed = await parseWithOpenVpn(renderAwsVpnClientProfile(input));
      expect(parsed.accepted).toBe(false);
      expect(parsed.errors.join("\n")).toMatch(/Unrecognized option or missing or extra parameter\(s\) in .*auth-federate/);
    });

    it.each([
      ["a misspelt directive", (profile: string) => profile.replace("nobind", "no-bind")],
      ["a remote with an extra parameter", (profile: string) => profile.replace(`remote ${remoteHost} 1194`, `remote ${remoteHost} 1194 tcp surplus`)],
      ["an unknown transport", (profile: string) => profile.replace("proto tcp", "proto carrier-pigeon")],
      ["an unknown remote-cert-tls value", (profile: string) => profile.replace("remote-cert-tls server", "remote-cert-tls toaster")],
    ])("rejects a profile with %s", async (_name, breakProfile) => {
      const broken = breakProfile(renderOpenVpnProfile(input));
      expect(broken).not.toBe(renderOpenVpnProfile(input));
      const parsed = await parseWithOpenVpn(broken);
      expect(parsed.accepted).toBe(false);
      expect(parsed.errors.length).toBeGreaterThan(0);
    });
  });
});

describe("endpoint DNS name", () => {
  it.each([
    [endpointDnsName, remoteHost],
    [remoteHost, remoteHost],
    ["*.CVPN-ENDPOINT-0123456789ABCDEF0.prod.clientvpn.us-east-1.amazonaws.com", "cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com"],
    ["*.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.cn-north-1.amazonaws.com.cn", "cvpn-endpoint-0123456789abcdef0.prod.clientvpn.cn-north-1.amazonaws.com.cn"],
    // Copied from a terminal or a YAML block, with the whitespace around it.
    [`  ${endpointDnsName}\n`, remoteHost],
    // Older endpoints, as AWS's troubleshooting guide shows them, carry no prod. label.
    ["*.cvpn-endpoint-0123456789abcdef0.clientvpn.eu-west-2.amazonaws.com", "cvpn-endpoint-0123456789abcdef0.clientvpn.eu-west-2.amazonaws.com"],
    ["*.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-gov-west-1.amazonaws.com", "cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-gov-west-1.amazonaws.com"],
    // Region numbers are not limited to one digit.
    ["*.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.ap-southeast-10.amazonaws.com", "cvpn-endpoint-0123456789abcdef0.prod.clientvpn.ap-southeast-10.amazonaws.com"],
  ])("turns %j into the remote host %s", (dnsName, host) => {
    expect(remoteHostFromEndpointDnsName(dnsName)).toBe(host);
  });

  it.each([
    ["an unrelated host", "vpn.example.com"],
    ["a short endpoint ID", "*.cvpn-endpoint-0123.prod.clientvpn.eu-west-2.amazonaws.com"],
    ["an endpoint ID instead of a name", "cvpn-endpoint-0123456789abcdef0"],
    ["a wildcard in the wrong place", "cvpn-endpoint-0123456789abcdef0.*.clientvpn.eu-west-2.amazonaws.com"],
    ["a name under another domain", "*.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.eu-west-2.amazonaws.com.evil.test"],
    ["an empty value", ""],
    ["a name with a label before the wildcard", "evil.test.*.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.eu-west-2.amazonaws.com"],
  ])("refuses %s", (_name, dnsName) => {
    expect(() => remoteHostFromEndpointDnsName(dnsName)).toThrow(/is not a Client VPN endpoint DNS name/);
  });
});

describe("server CA chain", () => {
  it("takes Amazon Trust Services' five roots from Node's store, matching the key hashes amazontrust.com publishes", () => {
    const chain = caBlock(`<ca>\n${clientCaChain({ kind: "amazon-issued" }).trim()}\n</ca>`);
    expect(chain.map((certificate) => /CN=(.*)/.exec(certificate.subject)?.[1])).toEqual(amazonTrustServicesRoots.map((root) => root.commonName));
    expect(chain.map(spkiSha256)).toEqual(amazonTrustServicesRoots.map((root) => root.spkiSha256));
    expect(chain.every((certificate) => certificate.ca)).toBe(true);
  });

  it("reads Node's store once per process, and any other store each time", () => {
    expect(amazonRootCertificates()).toBe(amazonRootCertificates());
    const copy = [...rootCertificates];
    expect(amazonRootCertificates(copy)).not.toBe(amazonRootCertificates(copy));
    expect(amazonRootCertificates(copy).map(spkiSha256)).toEqual(amazonRootCertificates().map(spkiSha256));
  });

  it("fails loudly, naming the root, when the store lacks one", () => {
    const withoutRoot3 = rootCertificates.filter((pem) => !new X509Certificate(pem).subject.includes("CN=Amazon Root CA 3"));
    expect(withoutRoot3.length).toBe(rootCertificates.length - 1);
    expect(() => clientCaChain({ kind: "amazon-issued" }, () => amazonRootCertificates(withoutRoot3))).toThrow(/Amazon Root CA 3/);
  });

  it("refuses a store certificate whose key does not match the published hash", () => {
    const impostor = rootCertificates.filter((pem) => !new X509Certificate(pem).subject.includes("CN=Amazon Root CA 1"));
    expect(() => clientCaChain({ kind: "amazon-issued" }, () => amazonRootCertificates([...impostor, userCaPem]))).toThrow(/Amazon Root CA 1/);
  });

  it("passes an imported CA through as its parsed certificate", () => {
    expect(clientCaChain({ kind: "given", caChainPem: `\n${userCaPem}\n\n` })).toBe(`${new X509Certificate(userCaPem).toString().trim()}\n`);
  });

  const privateKeyBody = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgSECRETSECRETSECRET";
  it.each([
    ["an empty value", "", /holds no PEM certificate/],
    ["free text", "my CA is the corporate one", /holds no PEM certificate/],
    ["a private key", `-----BEGIN PRIVATE KEY-----\n${privateKeyBody}\n-----END PRIVATE KEY-----`, /not a certificate.*never put a private key/],
    ["a certificate block that does not parse", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", /not a readable X\.509 certificate/],
    ["the server certificate instead of its CA", serverLeafPem, /not a CA certificate/],
    ["a CA followed by stray text", `${userCaPem}\ntrailing words`, /outside the PEM certificates/],
  ])("refuses %s as vpn.serverCertificateCaChain, naming the setting", (_name, caChainPem, message) => {
    let thrown: unknown;
    try {
      clientCaChain({ kind: "given", caChainPem });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const problems = (thrown as ConfigError).problems;
    expect(problems.map((problem) => problem.setting)).toEqual(["vpn.serverCertificateCaChain"]);
    expect(problems[0].message).toMatch(message);
    // A pasted key must never be echoed back into logs.
    expect((thrown as Error).message).not.toContain("SECRET");
  });
});

import { describe, expect, it } from "vitest";
import { parseProfile, ProfileError, rewriteProfile } from "../cli/connect/profile";
import { renderAwsVpnClientProfile, renderOpenVpnProfile } from "../components/client-profile";
import { clientCaChain } from "../components/server-ca-chain";

const CA = ["<ca>", "-----BEGIN CERTIFICATE-----", "MIIBszCCAVmgAwIBAgIU", "remote 10.9.9.9 1", "-----END CERTIFICATE-----", "</ca>"];

// The client configuration AWS exports for a federated endpoint (and that the project generates).
const AWS_PROFILE = [
  "client",
  "dev tun",
  "proto udp",
  "remote cvpn-endpoint-0123456789abcdef0.prod.clientvpn.eu-west-2.amazonaws.com 443",
  "remote-random-hostname",
  "resolv-retry infinite",
  "nobind",
  "remote-cert-tls server",
  "cipher AES-256-GCM",
  "verb 3",
  ...CA,
  "auth-user-pass",
  "auth-federate",
  "auth-retry interact",
  "auth-nocache",
  "reneg-sec 0",
].join("\n");

const PINNED = { address: "203.0.113.10", port: 443, transport: "udp" as const };

describe("parseProfile", () => {
  it("reads the endpoint, the random-hostname flag and the federation keyword", () => {
    const profile = parseProfile(AWS_PROFILE);
    expect(profile.remotes).toEqual([
      { host: "cvpn-endpoint-0123456789abcdef0.prod.clientvpn.eu-west-2.amazonaws.com", port: 443, transport: "udp" },
    ]);
    expect(profile.randomHostname).toBe(true);
    expect(profile.federated).toBe(true);
  });

  it.each([
    ["port and protocol on the remote line win", "proto udp\nremote vpn.example 1443 tcp", { port: 1443, transport: "tcp" }],
    ["proto after remote still applies", "remote vpn.example 443\nproto tcp-client", { port: 443, transport: "tcp" }],
    ["port directive fills a missing port", "port 1500\nremote vpn.example", { port: 1500, transport: "udp" }],
    ["OpenVPN defaults: 1194 over udp", "remote vpn.example", { port: 1194, transport: "udp" }],
    ["udp4 counts as udp", "proto udp4\nremote vpn.example 443", { port: 443, transport: "udp" }],
  ])("%s", (_name, text, expected) => {
    expect(parseProfile(text).remotes[0]).toMatchObject(expected);
  });

  it("does not read directives inside an inline block", () => {
    const profile = parseProfile(["remote vpn.example 443", ...CA].join("\n"));
    expect(profile.remotes).toHaveLength(1);
  });

  it.each([
    ["no remote line", "client\ndev tun", /no "remote" line/],
    ["an unclosed inline block", "remote vpn.example\n<ca>\nabc", /<ca> is never closed/],
    ["a port out of range", "remote vpn.example 70000", /line 1: port "70000"/],
    ["an unknown protocol", "proto sctp\nremote vpn.example", /line 1: unsupported protocol "sctp"/],
    ["a <connection> block, whose remote could not be pinned", "<connection>\nremote vpn.example 443\n</connection>", /line 1: <connection> blocks are not supported/],
  ])("rejects %s with a message naming the place", (_name, text, message) => {
    expect(() => parseProfile(text, "my.ovpn")).toThrow(ProfileError);
    expect(() => parseProfile(text, "my.ovpn")).toThrow(message);
  });
});

describe("rewriteProfile", () => {
  const rewritten = rewriteProfile(parseProfile(AWS_PROFILE), PINNED);
  const lines = rewritten.split("\n");

  it.each(["auth-federate", "auth-user-pass", "auth-retry interact", "auth-nocache", "remote-random-hostname"])(
    "drops %s",
    (directive) => {
      expect(lines).not.toContain(directive);
    },
  );

  it("replaces the endpoint name with the pinned address where the remote line stood", () => {
    // The second "remote" is the look-alike line inside the <ca> block, kept as it was.
    expect(lines.filter((line) => line.startsWith("remote "))).toEqual(["remote 203.0.113.10 443 udp", "remote 10.9.9.9 1"]);
    expect(lines.indexOf("remote 203.0.113.10 443 udp")).toBe(3);
  });

  it("keeps the inline CA block byte for byte, even a line in it that looks like a directive", () => {
    expect(rewritten).toContain(CA.join("\n"));
  });

  it("keeps every other line in order", () => {
    expect(lines).toEqual([
      "client", "dev tun", "proto udp", "remote 203.0.113.10 443 udp", "resolv-retry infinite", "nobind",
      "remote-cert-tls server", "cipher AES-256-GCM", "verb 3", ...CA, "reneg-sec 0",
    ]);
  });

  it("writes a single remote when the profile lists several, and drops management directives", () => {
    const text = "remote a.example 443\nremote b.example 443\nmanagement 0.0.0.0 7505\nmanagement-hold\nverb 3";
    expect(rewriteProfile(parseProfile(text), PINNED)).toBe("remote 203.0.113.10 443 udp\nverb 3");
  });

  it("keeps CRLF profiles readable (lines are split on CRLF and rejoined with LF)", () => {
    expect(rewriteProfile(parseProfile("client\r\nremote vpn.example 443\r\nauth-federate\r\n"), PINNED)).toBe(
      "client\nremote 203.0.113.10 443 udp\n",
    );
  });
});

describe("the profiles this project produces", () => {
  // The stack output and the offline plan write these; the Linux client must read them as they are.
  const input = {
    endpointDnsName: "*.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com",
    vpnPort: 1194 as const,
    transportProtocol: "tcp" as const,
    caChainPem: clientCaChain({ kind: "amazon-issued" }),
  };

  it.each([
    ["AWS VPN Client profile (clientConfig)", renderAwsVpnClientProfile, true],
    ["stock OpenVPN profile (clientConfigOpenVpn)", renderOpenVpnProfile, false],
  ])("reads the %s: endpoint, port, transport and random hostname", (_name, render, federated) => {
    const profile = parseProfile(render(input));
    expect(profile.remotes).toEqual([{ host: "cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com", port: 1194, transport: "tcp" }]);
    expect(profile.randomHostname).toBe(true);
    expect(profile.federated).toBe(federated);
  });

  it("keeps the CA chain of a produced profile when it pins the address", () => {
    const produced = renderAwsVpnClientProfile(input);
    const rewritten = rewriteProfile(parseProfile(produced), { address: "198.51.100.7", port: 1194, transport: "tcp" });
    const caBlock = (text: string) => /<ca>[\s\S]*<\/ca>/.exec(text)?.[0];
    expect(caBlock(rewritten)).toBe(caBlock(produced));
    expect(caBlock(produced)).toContain("-----BEGIN CERTIFICATE-----");
    expect(rewritten.match(/^remote .*$/gm)).toEqual(["remote 198.51.100.7 1194 tcp"]);
  });
});

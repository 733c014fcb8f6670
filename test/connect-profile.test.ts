import { describe, expect, it } from "vitest";
import { MAX_PROFILE_BYTES, parseProfile, ProfileError, renderProfileForOpenvpn } from "../cli/connect/profile";
import { renderAwsVpnClientProfile, renderOpenVpnProfile } from "../components/client-profile";
import { clientCaChain } from "../components/server-ca-chain";
import { parseWithOpenVpn } from "./support/openvpn-binary";

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

function refusal(text: string): string {
  try {
    parseProfile(text, "my.ovpn");
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileError);
    return (error as Error).message;
  }
  throw new Error("the profile was accepted");
}

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
    ["OpenVPN defaults: 1194 over udp", "remote vpn.example", { port: 1194, transport: "udp" }],
    ["udp4 counts as udp", "proto udp4\nremote vpn.example 443", { port: 443, transport: "udp" }],
    ["a quoted host, as OpenVPN reads it", 'remote "vpn.example" 443', { host: "vpn.example", port: 443 }],
  ])("%s", (_name, text, expected) => {
    expect(parseProfile(text).remotes[0]).toMatchObject(expected);
  });

  it("does not read directives inside an inline block", () => {
    const profile = parseProfile(["remote vpn.example 443", ...CA].join("\n"));
    expect(profile.remotes).toHaveLength(1);
  });

  it.each([
    ["no remote line", "client\ndev tun", /no "remote" line/],
    ["an unclosed inline block", "remote vpn.example\n<ca>\nabc", /line 2: the inline block <ca> is never closed/],
    ["a port out of range", "remote vpn.example 70000", /line 1: port "70000"/],
    ["an unknown protocol", "proto sctp\nremote vpn.example", /line 1: unsupported protocol "sctp"/],
    ["a line OpenVPN cannot read", 'remote vpn.example\nverify-x509-name "server', /line 2: no closing quotation mark/],
    ["a NUL byte", "remote vpn.example\nverb 3\0up x", /contains a NUL byte/],
  ])("rejects %s with a message naming the place", (_name, text, message) => {
    expect(refusal(text)).toMatch(message);
  });

  it("tells the user about Windows-only block-outside-dns and leaves it out", () => {
    const profile = parseProfile("remote vpn.example\nblock-outside-dns");
    expect(profile.notes).toEqual(["block-outside-dns is Windows-only (OpenVPN on Linux refuses it); it was left out."]);
    expect(renderProfileForOpenvpn(profile, PINNED)).not.toContain("block-outside-dns");
  });
});

describe("a profile cannot run code", () => {
  // Each of these runs a program, loads a library, reads another file or writes one, as root.
  const HOSTILE = [
    "script-security 2", "up /tmp/x", "down /tmp/x", "route-up /tmp/x", "route-pre-down /tmp/x", "ipchange /tmp/x",
    "tls-verify /tmp/x", "plugin /tmp/x.so", "config /tmp/other.ovpn", "log /etc/cron.d/x", "log-append /tmp/x",
    "status /tmp/x", "writepid /etc/passwd", "cd /", "chroot /tmp", "tmp-dir /tmp", "learn-address /tmp/x",
    "client-connect /tmp/x", "setenv PATH /tmp", "management 127.0.0.1 7505", "port 443",
  ];

  it.each(HOSTILE)("refuses %s, naming the directive and its line", (line) => {
    const name = line.split(" ")[0];
    expect(refusal(`remote vpn.example 443\n${line}`)).toMatch(new RegExp(`^my\\.ovpn line 2: ${name} `));
  });

  it("lists every refused directive in one message, with the allow-list it comes from", () => {
    const message = refusal(["remote vpn.example 443", ...HOSTILE].join("\n"));
    expect(message.split("\n")[0]).toBe(`my.ovpn has ${HOSTILE.length} problems:`);
    HOSTILE.forEach((line, index) => expect(message).toContain(`  - my.ovpn line ${index + 2}: ${line.split(" ")[0]} `));
    expect(message).toContain("up runs a program as root");
    expect(message).toContain("https://docs.aws.amazon.com/vpn/latest/clientvpn-user/connect-aws-client-vpn-connect.html#support-openvpn");
    expect(message).toContain("Nothing was run.");
  });

  it("asks for an inline block instead of a file path without pointing at the allow-list, since ca is on it", () => {
    expect(refusal("remote vpn.example 443\nca /etc/ssl/private/key.pem")).toBe(
      "my.ovpn line 2: ca names a file that OpenVPN would open as root; paste the file's contents into a <ca>…</ca> block instead",
    );
  });

  it.each([
    ["a leading --", "--up /tmp/x", /line 2: up runs a program/],
    ["quotes around the name", '"up" /tmp/x', /line 2: up runs a program/],
    ["a name split by quotes", '"scr"ipt-security 2', /line 2: scr not accepted/],
    ["an inline block", "<tls-auth>\nkey\n</tls-auth>", /line 2: <tls-auth> not an inline block/],
    ["a script as an inline block", "--<up>\necho\n</up>", /line 2: <up> runs a program/],
    ["a file path for the CA", "ca /etc/shadow", /line 2: ca names a file that OpenVPN would open as root; paste .* <ca>…<\/ca>/],
    ["a key file", "key /root/.ssh/id_rsa", /line 2: key names a file/],
    ["a Windows certificate store", 'cryptoapicert "SUBJ:me"', /cryptoapicert reads the Windows certificate store/],
    ["device posture", "aws-auth-device-posture jamf", /only the AWS provided client \(6\.2\.0 or later\)/],
  ])("refuses %s", (_name, line, message) => {
    expect(refusal(`remote vpn.example 443\n${line}`)).toMatch(message);
  });

  it.each([
    // OpenVPN ends a block at a line that only starts with the end tag; the next line is a directive to it.
    ["after an end tag with text behind it", ["<ca>", "</ca>junk", "up /tmp/x", "</ca>"], /line 4: up runs a program/],
    // OpenVPN reads a long block line in pieces, so an end tag inside one could close the block early.
    ["behind a long line in a block", ["<ca>", `${"A".repeat(300)}</ca>`, "up /tmp/x", "</ca>"], /line 3: the <ca> block holds a "<"/],
  ])("finds a directive hidden %s", (_name, lines, message) => {
    expect(refusal(["remote vpn.example 443", ...lines].join("\n"))).toMatch(message);
  });
});

describe("renderProfileForOpenvpn", () => {
  const rendered = renderProfileForOpenvpn(parseProfile(AWS_PROFILE), PINNED);
  const lines = rendered.split("\n");

  it.each(["auth-federate", "auth-user-pass", "auth-retry interact", "auth-nocache", "remote-random-hostname"])("drops %s", (directive) => {
    expect(lines).not.toContain(directive);
  });

  it("writes the checked directives in order, the pinned address where the remote line stood, the CA block as it was", () => {
    expect(lines).toEqual([
      "client", "dev tun", "proto udp", "remote 203.0.113.10 443 udp", "resolv-retry infinite", "nobind",
      "remote-cert-tls server", "cipher AES-256-GCM", "verb 3", ...CA, "reneg-sec 0", "",
    ]);
  });

  it("writes a single remote when the profile lists several", () => {
    expect(renderProfileForOpenvpn(parseProfile("remote a.example 443\nremote b.example 443\nverb 3"), PINNED)).toBe(
      "remote 203.0.113.10 443 udp\nverb 3\n",
    );
  });

  it("reads CRLF profiles", () => {
    expect(renderProfileForOpenvpn(parseProfile("client\r\nremote vpn.example 443\r\nauth-federate\r\n"), PINNED)).toBe(
      "client\nremote 203.0.113.10 443 udp\n",
    );
  });

  it("quotes a word with blanks so OpenVPN reads it back whole", () => {
    const profile = parseProfile("remote vpn.example 443\nverify-x509-name 'vpn server' name");
    expect(renderProfileForOpenvpn(profile, PINNED)).toContain('verify-x509-name "vpn server" name');
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
    expect(profile.notes).toEqual([]);
  });

  it("keeps the CA chain of a produced profile when it pins the address", () => {
    const produced = renderAwsVpnClientProfile(input);
    const rendered = renderProfileForOpenvpn(parseProfile(produced), { address: "198.51.100.7", port: 1194, transport: "tcp" });
    const caBlock = (text: string) => /<ca>[\s\S]*<\/ca>/.exec(text)?.[0];
    expect(caBlock(rendered)).toBe(caBlock(produced));
    expect(caBlock(produced)).toContain("-----BEGIN CERTIFICATE-----");
    expect(rendered.match(/^remote .*$/gm)).toEqual(["remote 198.51.100.7 1194 tcp"]);
  });

  it("OpenVPN 2.6 reads the profile the CLI writes with the pinned remote and the inline CA", async () => {
    const rendered = renderProfileForOpenvpn(parseProfile(renderAwsVpnClientProfile(input)), { address: "198.51.100.7", port: 1194, transport: "tcp" });
    const parsed = await parseWithOpenVpn(`${rendered}auth-user-pass\n`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.connectionProfiles).toEqual([{ proto: "tcp-client", remote: "198.51.100.7", remotePort: "1194" }]);
    expect(parsed.settings.get("ca_file")).toBe("[INLINE]");
  });
});

describe("parseProfile, edge by edge", () => {
  it.each([
    ["udp6", "udp"],
    ["tcp", "tcp"],
    ["tcp6-client", "tcp"],
  ])("reads proto %s as %s", (proto, transport) => {
    expect(parseProfile(`proto ${proto}\nremote vpn.example 443`).remotes[0].transport).toBe(transport);
  });

  it.each([
    ["a protocol with a prefix", "remote vpn.example 443 xudp", 'unsupported protocol "xudp"; use udp or tcp'],
    ["a protocol with a suffix", "remote vpn.example 443 udp5", 'unsupported protocol "udp5"; use udp or tcp'],
    ["a tcp protocol with a suffix", "remote vpn.example 443 tcp-server", 'unsupported protocol "tcp-server"; use udp or tcp'],
    ["a tcp protocol with a prefix", "remote vpn.example 443 xtcp", 'unsupported protocol "xtcp"; use udp or tcp'],
    ["a tcp protocol of another family", "remote vpn.example 443 tcp5", 'unsupported protocol "tcp5"; use udp or tcp'],
    ["port 0", "remote vpn.example 0", 'port "0" is not a number between 1 and 65535'],
    ["port 65536", "remote vpn.example 65536", 'port "65536" is not a number between 1 and 65535'],
    ["a port with letters after it", "remote vpn.example 443x", 'port "443x" is not a number between 1 and 65535'],
    ["a port with letters before it", "remote vpn.example x443", 'port "x443" is not a number between 1 and 65535'],
    ["a negative port", "remote vpn.example -1", 'port "-1" is not a number between 1 and 65535'],
    ["a remote line without a host", "remote", '"remote" needs a host name'],
  ])("refuses %s", (_case, text, problem) => {
    expect(refusal(text)).toBe(`my.ovpn line 1: ${problem}.`);
  });

  it.each([
    ["1", 1],
    ["65535", 65535],
  ])("accepts port %s", (port, expected) => {
    expect(parseProfile(`remote vpn.example ${port}`).remotes[0].port).toBe(expected);
  });

  it("names every bad remote line, and a bad proto line, in one message", () => {
    expect(refusal("proto sctp\nremote\nremote vpn.example 443 quic")).toBe(
      [
        "my.ovpn has 3 problems:",
        '  - my.ovpn line 1: unsupported protocol "sctp"; use udp or tcp.',
        '  - my.ovpn line 2: "remote" needs a host name.',
        '  - my.ovpn line 3: unsupported protocol "quic"; use udp or tcp.',
      ].join("\n"),
    );
  });

  it("reports no random hostname when the profile does not ask for one", () => {
    expect(parseProfile("remote vpn.example 443\nauth-federate").randomHostname).toBe(false);
  });

  it("drops an inline <auth-user-pass> block, which the CLI replaces by its own sign-in", () => {
    const profile = parseProfile("remote vpn.example 443\n<auth-user-pass>\nuser\npass\n</auth-user-pass>");
    expect(profile.entries.some((entry) => entry.kind === "block")).toBe(false);
  });

  it("keeps an inline block the profile may hold, with its lines", () => {
    const profile = parseProfile(["remote vpn.example 443", ...CA.filter((line) => !line.startsWith("remote"))].join("\n"));
    expect(profile.entries).toContainEqual({ kind: "block", name: "ca", lines: ["-----BEGIN CERTIFICATE-----", "MIIBszCCAVmgAwIBAgIU", "-----END CERTIFICATE-----"] });
  });

  it("refuses a block holding only a '>' as it does one holding a '<'", () => {
    expect(refusal("remote vpn.example 443\n<ca>\nabc>\n</ca>")).toBe('my.ovpn line 3: the <ca> block holds a "<" or ">"; it may only hold PEM text.');
  });

  it.each(["log", "tls-export-cert", "management", "management-query-passwords"])("refuses %s, saying what it would do as root", (name) => {
    expect(refusal(`remote vpn.example 443\n${name} x`)).toMatch(new RegExp(`^my\\.ovpn line 2: ${name} (writes files or changes directory as root|opens OpenVPN's control interface, which the CLI owns)\\n`));
  });

  it("caps a profile at 64 KiB (session.ts refuses a larger file before reading it)", () => {
    expect(MAX_PROFILE_BYTES).toBe(65536);
  });
});

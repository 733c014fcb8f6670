/**
 * `npm run connect` refusing profiles, run in this process by the command's own code on files written for the run:
 * nothing past the profile check runs (no OpenVPN, no listener, no name lookup), so no binary is needed. The
 * profile is the one the example stack exports for an ACM-issued certificate (Amazon's roots from Node's store).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { once, transcript, type DocBlockSource } from "../doc-block-source";

/** The AWS VPN Client profile the example stack exports, as `pulumi stack output clientConfig` prints it. */
const stackProfile = once(async () => {
  const [{ renderAwsVpnClientProfile }, { clientCaChain }] = await Promise.all([import("../../../components/client-profile"), import("../../../components/server-ca-chain")]);
  return renderAwsVpnClientProfile({
    endpointDnsName: "*.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com",
    vpnPort: 443,
    transportProtocol: "udp",
    caChainPem: clientCaChain({ kind: "amazon-issued" }),
  });
});

/** Runs `sudo npm run connect -- --profile <name>` on `text` saved as `name`; returns the transcript and exit code. */
async function connectWithProfile(name: string, text: string): Promise<string> {
  const { runConnectCommand } = await import("../../connect/connect-command");
  const folder = mkdtempSync(join(tmpdir(), "docs-connect-"));
  try {
    writeFileSync(join(folder, name), text);
    let output = "";
    const code = await runConnectCommand(["--profile", join(folder, name)], {
      env: { SUDO_USER: "ana", SUDO_UID: "1000", SUDO_GID: "1000" },
      uid: 0,
      writeOut: (chunk) => void (output += chunk),
      writeErr: (chunk) => void (output += chunk),
      signal: new AbortController().signal,
      lookup: async () => {
        throw new Error("a refused profile must not get as far as the name lookup");
      },
    });
    const shown = stripVTControlCharacters(output).split(`${folder}/`).join("");
    return transcript(`sudo npm run connect -- --profile ${name}`, `${shown.trimEnd()}\n$ echo $?\n${code}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Lines a phished profile might carry: each makes OpenVPN, running as root, run or load something. */
export const hostileLines = ["script-security 2", "tls-verify /tmp/.x/verify.sh", "up /tmp/.x/up.sh", "plugin /tmp/.x/evil.so", "log-append /root/.bashrc"];

export const connectExampleBlocks: readonly DocBlockSource[] = [
  {
    id: "example-connect-refused-profile",
    generate: async () => connectWithProfile("evil.ovpn", `${await stackProfile()}${hostileLines.join("\n")}\n`),
  },
  {
    id: "example-connect-ca-file",
    generate: async () => connectWithProfile("client.ovpn", (await stackProfile()).replace(/<ca>\n[\s\S]*?<\/ca>\n/, "ca /etc/openvpn/client-vpn-ca.pem\n")),
  },
  {
    id: "example-connect-too-large",
    generate: async () => connectWithProfile("big.ovpn", `${await stackProfile()}${"# padding\n".repeat(7000)}`),
  },
];

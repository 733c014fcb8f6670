/**
 * Telling AWS's patched OpenVPN from a stock build, before a sign-in is wasted on a binary that cannot carry it.
 *
 * Why not the version banner or --help: AWS's build (acvc-openvpn, and builds from AWS's published source or
 * samm-git's copy of its patch) prints the same "OpenVPN 2.x.y …" banner and the same option list as upstream, so
 * neither says anything about the patch.
 *
 * What the patch changes is buffer sizes. It raises USER_PASS_LEN to 1 << 17 (128 KiB, AWS's documented SAML response
 * maximum) and defines OPTION_PARM_SIZE and OPTION_LINE_SIZE as USER_PASS_LEN, where stock OpenVPN 2.6 uses 256 for
 * both (https://github.com/samm-git/aws-vpn-client/blob/master/patches/openvpn-v2.6.14-aws.patch). Stock OpenVPN
 * reports the limit it enforces when a config line is too long:
 *   Options error: In probe.conf:1: Maximum option line length (256) exceeded, line starts with …
 * So the probe runs `openvpn --config <file with one long comment line> --version`: a patched binary reads the
 * comment and prints its banner; a stock one names its limit. Nothing connects and no privileges are needed.
 *
 * The same OPTION_PARM_SIZE bounds every argument of a management command, which is how the CLI hands OpenVPN the
 * password; stock OpenVPN answers a longer one with "ERROR: Options error: Parameter at TCP:0 is too long (256 chars
 * max)". The probe's limit therefore decides whether a given password fits. Because some other build could raise the
 * line size without the TLS-side changes, the session also recognises that runtime error and the server's refusal
 * after it, and reports a stock binary from either signal (see session-machine.ts).
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAX_SAML_RESPONSE_BYTES } from "../shared/saml-sign-in/response-binding";

/** Longer than any stock limit we know of (256), well under the patch's 128 KiB. */
export const PROBE_LINE_LENGTH = 20_000;


export type BinaryCapability =
  | { kind: "raised"; version: string }
  | { kind: "limited"; version: string; optionLineLimit: number; pkcs11: boolean };

export class OpenvpnBinaryError extends Error {
  override readonly name = "OpenvpnBinaryError";
}

export function parseVersionBanner(output: string): string | undefined {
  return /^OpenVPN (\d+\.\d+[^\s]*)/m.exec(output)?.[1];
}

/**
 * Pure: what the two runs say about the binary. `banner` is the output of `openvpn --version` (version and build
 * flags); `probe` is the output of the long-line probe.
 */
export function classifyProbeOutput(banner: string, probe: string): BinaryCapability {
  const version = parseVersionBanner(banner);
  if (!version) {
    throw new OpenvpnBinaryError("the --openvpn program did not print an OpenVPN version banner; is it OpenVPN?");
  }
  const limit = /Maximum option line length \((\d+)\) exceeded/.exec(probe);
  if (limit) return { kind: "limited", version, optionLineLimit: Number(limit[1]), pkcs11: /\[PKCS11\]/.test(banner) };
  if (parseVersionBanner(probe)) return { kind: "raised", version };
  throw new OpenvpnBinaryError(`OpenVPN ${version} neither accepted nor refused a long configuration line; cannot tell whether it is AWS's patched build.`);
}

/**
 * The longest password the binary carries: the patch's 128 KiB when the probe found the limit raised; otherwise one
 * less than its option size (a C string's terminator), and no more than stock USER_PASS_LEN - 1, which is 4096 in
 * builds with PKCS#11 and 128 without (misc.h, visible as context in the patch above). Without PKCS#11 a longer
 * password would be cut silently, so the banner's [PKCS11] flag matters. The `--version` banner lists the flag.
 */
export function maxPasswordLength(capability: BinaryCapability): number {
  if (capability.kind === "raised") return MAX_SAML_RESPONSE_BYTES;
  const userPassLen = capability.pkcs11 ? 4096 : 128;
  return Math.min(capability.optionLineLimit, userPassLen) - 1;
}

export function describeStockLimit(limit: number): string {
  return (
    `This OpenVPN is a stock build: it accepts at most ${limit} characters per password, and a real SAML response ` +
    `is about 10 KB (AWS allows 128 KB). Use OpenVPN built with AWS's patch (or AWS's acvc-openvpn) and pass it ` +
    `with --openvpn <path>. See docs "Connect from Linux".`
  );
}

function run(path: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(path, args, { timeout: timeoutMs }, (error, stdout, stderr) => {
      const errno = (error as NodeJS.ErrnoException | null)?.code;
      if (errno === "ENOENT" || errno === "EACCES") {
        reject(new OpenvpnBinaryError(`cannot run ${path} (${errno}); pass the patched OpenVPN with --openvpn <path>.`));
        return;
      }
      // OpenVPN exits non-zero after --version on some builds and after an option error on all; the text decides.
      resolve(`${stdout}\n${stderr}`);
    });
  });
}

export async function probeOpenvpnBinary(path: string, timeoutMs = 10_000): Promise<BinaryCapability> {
  const dir = await mkdtemp(join(tmpdir(), "cvpn-probe-"));
  try {
    const probeFile = join(dir, "probe.conf");
    await writeFile(probeFile, `# ${"x".repeat(PROBE_LINE_LENGTH)}\n`, { mode: 0o600 });
    const banner = await run(path, ["--version"], timeoutMs);
    const probe = await run(path, ["--config", probeFile, "--version"], timeoutMs);
    return classifyProbeOutput(banner, probe);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

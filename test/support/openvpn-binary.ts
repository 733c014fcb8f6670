import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Drives the real OpenVPN binary's option parser on a profile, without letting it touch the network.
 *
 * `openvpn --config <file> --verb 4` reads the file, runs its option sanity checks and, at verb 4,
 * dumps every parsed setting ("Current Parameter Settings:") followed by its version banner. Only
 * after that does it ask for the auth-user-pass credentials and, later still, resolve the remote.
 * We stop it the moment the banner appears. It also runs with no stdin and in its own session (no
 * controlling terminal), so the credential prompt fails instead of waiting, before any socket is opened.
 * Unknown options and bad parameters stop it earlier with "Options error: ...".
 */

const minimumVersion = { major: 2, minor: 6 };
const candidateDirectories = ["/usr/sbin", "/usr/local/sbin", "/sbin", ...(process.env.PATH ?? "").split(path.delimiter)].filter((dir) =>
  path.isAbsolute(dir),
);

function missingBinaryMessage(detail: string): string {
  const where = process.env.CI === "true" ? "on this CI machine" : "on this machine";
  return `OpenVPN ${minimumVersion.major}.${minimumVersion.minor} is required by the client profile tests and ${detail} ${where}; run scripts/setup.sh (it installs the Debian package openvpn).`;
}

/**
 * The openvpn binary's path; throws (never skips) when it is missing or older than 2.6, with the
 * scripts/setup.sh hint, whether or not CI=true.
 */
export function openVpnBinary(directories: readonly string[] = candidateDirectories): string {
  const found = directories.map((dir) => path.join(dir, "openvpn")).find((candidate) => existsSync(candidate));
  if (!found) throw new Error(missingBinaryMessage("is not installed"));
  const banner = execFileSync(found, ["--version"], { encoding: "utf8" }).split("\n")[0];
  const version = /^OpenVPN (\d+)\.(\d+)\.\d+/.exec(banner);
  const major = Number(version?.[1]);
  const minor = Number(version?.[2]);
  if (!version || major < minimumVersion.major || (major === minimumVersion.major && minor < minimumVersion.minor)) {
    throw new Error(missingBinaryMessage(`${found} reports "${banner}"`));
  }
  return found;
}

export interface ConnectionProfile {
  proto: string;
  remote: string;
  remotePort: string;
}

export interface OpenVpnParseResult {
  /** True when OpenVPN accepted every option and printed its settings dump. */
  accepted: boolean;
  /** "Options error: ..." lines, when OpenVPN refused the profile. */
  errors: string[];
  /** The `remote` entries as OpenVPN understood them ("Connection profiles [n]"). */
  connectionProfiles: ConnectionProfile[];
  /** Top-level `name = value` lines from the settings dump. */
  settings: Map<string, string>;
  output: string;
}

const timestampPrefix = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?: us=\d+)? /;
const versionBanner = /^OpenVPN \d+\.\d+\.\d+ /;

function stripTimestamp(line: string): string {
  return line.replace(timestampPrefix, "");
}

function parseSettingsDump(lines: string[]): Pick<OpenVpnParseResult, "connectionProfiles" | "settings"> {
  const start = lines.indexOf("Current Parameter Settings:");
  const settings = new Map<string, string>();
  const connectionProfiles: ConnectionProfile[] = [];
  if (start < 0) return { connectionProfiles, settings };
  let profile: Map<string, string> | undefined;
  for (const line of lines.slice(start + 1)) {
    if (versionBanner.test(line)) break;
    if (/^Connection profiles \[\d+\]:$/.test(line)) {
      profile = new Map();
      continue;
    }
    if (line === "Connection profiles END") {
      profile = undefined;
      continue;
    }
    const setting = /^\s+([\w[\]]+) = (.*)$/.exec(line);
    if (!setting) continue;
    const value = setting[2].replace(/^'(.*)'$/, "$1");
    if (profile) {
      profile.set(setting[1], value);
      if (setting[1] === "remote_port") {
        connectionProfiles.push({ proto: profile.get("proto") ?? "", remote: profile.get("remote") ?? "", remotePort: value });
      }
    } else if (!settings.has(setting[1])) {
      settings.set(setting[1], value);
    }
  }
  return { connectionProfiles, settings };
}

/**
 * The binary the parses use, found and its version checked once per process: each parse ran `openvpn --version`
 * again, a second process start from a large worker for each of the suite's ~65 parses.
 */
let parserBinary: string | undefined;

/** Feeds `profileText` to the real OpenVPN option parser and reports what it made of it. */
export async function parseWithOpenVpn(profileText: string, timeoutMs = 10_000): Promise<OpenVpnParseResult> {
  const binary = (parserBinary ??= openVpnBinary());
  const workDir = await mkdtemp(path.join(tmpdir(), "ovpn-parse-"));
  const configPath = path.join(workDir, "profile.ovpn");
  await writeFile(configPath, profileText, { mode: 0o600 });
  try {
    const output = await new Promise<string>((resolve, reject) => {
      // --verb after --config so it overrides the profile's `verb 3` and the settings dump is printed.
      const child = spawn(binary, ["--config", configPath, "--verb", "4"], { stdio: ["ignore", "pipe", "pipe"], detached: true });
      let text = "";
      let sawSettings = false;
      const stop = () => {
        if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
          try {
            process.kill(-child.pid, "SIGKILL");
          } catch {
            // Already gone.
          }
        }
      };
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`openvpn did not finish parsing within ${timeoutMs} ms:\n${text}`));
      }, timeoutMs);
      const onData = (chunk: Buffer) => {
        text += chunk.toString("utf8");
        for (const line of text.split("\n").map(stripTimestamp)) {
          if (line === "Current Parameter Settings:") sawSettings = true;
          // The banner after the dump (or an options error) is all we need: stop before anything else runs.
          if ((sawSettings && versionBanner.test(line)) || line.startsWith("Options error:")) stop();
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.on("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on("close", () => {
        clearTimeout(timer);
        resolve(text);
      });
    });
    const lines = output.split("\n").map(stripTimestamp);
    const errors = lines.filter((line) => line.startsWith("Options error:"));
    const dumped = lines.includes("Current Parameter Settings:") && lines.some((line) => versionBanner.test(line));
    return { accepted: errors.length === 0 && dumped, errors, ...parseSettingsDump(lines), output };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

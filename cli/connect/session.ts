/**
 * Drives one OpenVPN process through the SAML login (session-machine.ts decides, this file does the I/O), and starts
 * over when the server ends the session.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describeBytes, FileTooLargeError, readTextFileCapped } from "../shared/capped-file";
import { EXIT, type ExitCode } from "../shared/exit-codes";
import type { AcsListener } from "../shared/saml-sign-in/acs-listener";
import { openBrowser } from "./browser";
import { pinEndpoint, type Lookup, type PinnedEndpoint } from "./endpoint-address";
import { ManagementClient } from "./management-client";
import { parseManagementLine } from "./management-events";
import { describeStockLimit, maxPasswordLength, probeOpenvpnBinary } from "./openvpn-binary";
import type { Credentials } from "./privileges";
import { MAX_PROFILE_BYTES, parseProfile, ProfileError, renderProfileForOpenvpn, type Profile } from "./profile";
import type { Redactor } from "./redactor";
import type { Reporter } from "./reporter";
import { initialState, step, type MachineAction, type MachineInput } from "./session-machine";
import { expectSignIn } from "./sign-in-expectation";
import { startSignInListener } from "./sign-in-listener";

export interface ConnectOptions {
  profilePath: string;
  openvpnPath: string;
  browserCommand: string[];
  samlPort: number;
  signInTimeoutMs: number;
  /** Go on with a stock OpenVPN; only a response short enough for it (a test IdP's token) can then get through. */
  allowStockOpenvpn: boolean;
  /** When set (the CLI runs as root), the sign-in listener runs in a process with these credentials. */
  listenerCredentials?: Credentials;
  reporter: Reporter;
  redactor: Redactor;
  signal: AbortSignal;
  lookup?: Lookup;
}

type Outcome = { kind: "failed"; message: string } | { kind: "expired" } | { kind: "stopped" };

/**
 * The arguments that put OpenVPN under the CLI's control: the management interface on the CLI's unix socket, which
 * OpenVPN connects to (and exits when it closes), held until released, asking for the password there
 * (--auth-user-pass without a file), restarting after the challenge instead of exiting (--auth-retry interact), and
 * forgetting the password after use (--auth-nocache). `--script-security 1` comes after the profile, so that even a
 * profile line that slipped past the check could not allow scripts: OpenVPN applies options in order and level 1
 * runs only its built-in network commands ("1 -- (Default) Only call built-in executables such as ifconfig, ip,
 * route, or netsh", openvpn(8), --script-security).
 */
export function openvpnArguments(configPath: string, socketPath: string): string[] {
  return [
    "--config", configPath,
    "--script-security", "1",
    "--management", socketPath, "unix",
    "--management-client",
    "--management-hold",
    "--management-query-passwords",
    "--auth-user-pass",
    "--auth-retry", "interact",
    "--auth-nocache",
  ];
}

const LOG_LINES_KEPT = 15;

/**
 * Where the management socket and the rewritten profile live: reachable by this user only. mkdtemp already uses
 * mode 0700; the chmod states it and guards against a platform that does not.
 */
export async function makePrivateDirectory(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "cvpn-connect-"));
  await chmod(dir, 0o700);
  return dir;
}

type ProfileReading = { ok: true; profile: Profile } | { ok: false; code: ExitCode; message: string };

/** The profile, read with a size cap and checked before anything runs. A file that cannot be read is a usage error
 * (64); a profile that is read but refused is a failure (1). */
export async function readProfile(path: string): Promise<ProfileReading> {
  let text: string;
  try {
    text = await readTextFileCapped(path, MAX_PROFILE_BYTES);
  } catch (error) {
    if (error instanceof FileTooLargeError) {
      return {
        ok: false,
        code: EXIT.usage,
        message: `${path} is larger than ${describeBytes(MAX_PROFILE_BYTES)}; a Client VPN profile is a few KB. Pass the .ovpn file downloaded for the endpoint.`,
      };
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code) return { ok: false, code: EXIT.usage, message: `cannot read the profile ${path} (${code}).` };
    throw error;
  }
  try {
    return { ok: true, profile: parseProfile(text, path) };
  } catch (error) {
    if (error instanceof ProfileError) return { ok: false, code: EXIT.failed, message: error.message };
    throw error;
  }
}

/** Returns the exit code: 0 when the user stopped a connection, 1 when it failed, 64 when the profile is unreadable. */
export async function connect(options: ConnectOptions): Promise<ExitCode> {
  const { reporter } = options;
  const reading = await readProfile(options.profilePath);
  if (!reading.ok) {
    reporter.error(reading.message);
    return reading.code;
  }
  const { profile } = reading;
  for (const note of profile.notes) reporter.warn(note);
  if (!profile.federated) {
    reporter.warn(`${options.profilePath} has no "auth-federate" line; it may not be a profile for SAML sign-in.`);
  }
  // The listener starts while OpenVPN is probed (as a separate process it takes a moment); listening before
  // OpenVPN starts, so the port in ACS::<port> is open before any browser can be sent to it.
  const listening = startListener(options).then(
    (listener) => ({ ok: true as const, listener }),
    (error: Error) => ({ ok: false as const, message: error.message }),
  );
  const closeListener = async () => {
    const started = await listening;
    if (started.ok) await started.listener.close();
  };
  let maxPassword: number;
  try {
    const capability = await probeOpenvpnBinary(options.openvpnPath);
    maxPassword = maxPasswordLength(capability);
    if (capability.kind === "limited") {
      // Refused before the browser opens: a real sign-in cannot fit, so it would only be wasted.
      if (!options.allowStockOpenvpn) {
        reporter.error(describeStockLimit(maxPassword));
        await closeListener();
        return EXIT.failed;
      }
      reporter.warn(`${describeStockLimit(maxPassword)} Continuing (--allow-stock-openvpn): only a shorter response fits.`);
    }
  } catch (error) {
    reporter.error((error as Error).message);
    await closeListener();
    return EXIT.failed;
  }

  const started = await listening;
  if (!started.ok) {
    reporter.error(started.message);
    return EXIT.failed;
  }
  const { listener } = started;
  try {
    for (;;) {
      const outcome = await runSession(options, profile, maxPassword, listener);
      if (outcome.kind === "stopped") return EXIT.ok;
      if (outcome.kind === "failed") {
        reporter.error(outcome.message);
        return EXIT.failed;
      }
      reporter.info("signing in again");
    }
  } finally {
    await listener.close();
  }
}

function startListener(options: ConnectOptions): Promise<AcsListener> {
  const onRefused = (reason: string) => options.reporter.warn(`the sign-in listener turned a POST away: ${reason}`);
  return startSignInListener({ port: options.samlPort, credentials: options.listenerCredentials, onRefused });
}

async function runSession(options: ConnectOptions, profile: Profile, maxPassword: number, listener: AcsListener): Promise<Outcome> {
  const { reporter } = options;
  if (options.signal.aborted) return { kind: "stopped" };

  const remote = profile.remotes[0];
  reporter.stage("resolving", remote.host);
  let pinned: PinnedEndpoint;
  try {
    pinned = await pinEndpoint(remote, profile.randomHostname, { lookup: options.lookup });
    reporter.info(`${pinned.resolvedName} → ${pinned.address} (${pinned.transport} ${pinned.port})`);
  } catch (error) {
    return { kind: "failed", message: (error as Error).message };
  }
  const dir = await makePrivateDirectory();
  try {
    return await driveOpenvpn(options, profile, pinned, listener, maxPassword, dir);
  } finally {
    listener.cancel();
    await rm(dir, { recursive: true, force: true });
  }
}

async function driveOpenvpn(
  options: ConnectOptions,
  profile: Profile,
  pinned: PinnedEndpoint,
  listener: AcsListener,
  maxPassword: number,
  dir: string,
): Promise<Outcome> {
  const { reporter, redactor } = options;
  const configPath = join(dir, "profile.ovpn");
  const socketPath = join(dir, "management.sock");
  await writeFile(configPath, renderProfileForOpenvpn(profile, pinned), { mode: 0o600 });

  // Listening before OpenVPN starts: in --management-client mode it connects once and exits if nobody is there.
  const managementListener = await ManagementClient.listen(socketPath);
  const recentLog: string[] = [];
  // Its own process group: Ctrl+C reaches only the CLI, which then stops OpenVPN in order through the management
  // interface. If the CLI dies instead, the closed management connection makes OpenVPN exit (--management-client).
  const child: ChildProcess = spawn(options.openvpnPath, openvpnArguments(configPath, socketPath), {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on("line", (line) => {
      const safe = redactor.redact(line);
      recentLog.push(safe);
      if (recentLog.length > LOG_LINES_KEPT) recentLog.shift();
      reporter.openvpnLog(safe);
    });
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", () => resolve(null));
  });

  let done = false;
  let wasConnected = false;
  // Armed when the browser is sent to sign in; cleared only once the response has been handed to OpenVPN.
  let signInDeadline: NodeJS.Timeout | undefined;
  let finish!: (outcome: Outcome) => void;
  const finished = new Promise<Outcome>((resolve) => (finish = resolve));
  const end = (outcome: Outcome) => {
    if (done) return;
    done = true;
    clearTimeout(signInDeadline);
    finish(outcome);
  };
  const onAbort = () => end({ kind: "stopped" });
  options.signal.addEventListener("abort", onAbort);
  if (options.signal.aborted) onAbort(); // Ctrl+C while resolving or starting the listener
  void exited.then((code) => {
    if (done) return;
    if (wasConnected) {
      // The tunnel was up and OpenVPN stopped on its own (the server halted it, or the network went): sign in again.
      reporter.stage("reconnecting", `OpenVPN stopped (code ${code ?? "unknown"})`);
      end({ kind: "expired" });
      return;
    }
    const log = recentLog.map((line) => `    ${line}`).join("\n");
    end({ kind: "failed", message: `OpenVPN exited (code ${code ?? "unknown"}). Its last lines:\n${log}` });
  });

  let management: ManagementClient | undefined;
  try {
    management = await managementListener.accepted({ exited });
  } catch (error) {
    // Let an early exit report OpenVPN's own log first; it says more than "did not connect".
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 500))]);
    end({ kind: "failed", message: (error as Error).message });
  }

  if (management) {
    const mgmt = management;
    let state = initialState(listener.port, maxPassword);
    const feed = (input: MachineInput) => {
      if (done) return;
      const [next, actions] = step(state, input);
      state = next;
      for (const action of actions) perform(action);
    };
    const startSignIn = (signInUrl: URL) => {
      let expectation;
      try {
        expectation = expectSignIn(signInUrl, listener.url);
      } catch (error) {
        end({ kind: "failed", message: `${(error as Error).message}. Nothing was sent to the endpoint.` });
        return;
      }
      if (expectation.warning) reporter.warn(expectation.warning);
      const seconds = Math.round(options.signInTimeoutMs / 1000);
      signInDeadline = setTimeout(
        () => end({ kind: "failed", message: `no sign-in arrived within ${seconds} s. Run the command again to get a new sign-in page.` }),
        options.signInTimeoutMs,
      );
      listener.awaitSignIn(expectation.expected).then(
        (signIn) => {
          redactor.add(signIn.samlResponse);
          reporter.info(`sign-in received (the browser sent Origin: ${signIn.origin === "null" ? "null" : expectation.expected.idpOrigin})`);
          feed({ type: "saml-response", value: signIn.samlResponse });
        },
        (error: Error) => {
          if (!done && error.name !== "SignInCancelledError") end({ kind: "failed", message: error.message });
        },
      );
      openBrowser(options.browserCommand, signInUrl).catch((error: Error) => {
        reporter.warn(`${error.message}. Open this address in your browser yourself: ${signInUrl.href}`);
      });
    };
    const perform = (action: MachineAction) => {
      switch (action.type) {
        case "secret":
          redactor.add(action.value);
          break;
        case "stage":
          if (action.stage === "connected") wasConnected = true;
          reporter.stage(action.stage, action.detail);
          break;
        case "send":
          for (const command of action.commands) {
            mgmt.command(command).then(
              (result) => {
                if (!result.ok) feed({ type: "command-refused", text: result.text });
              },
              () => undefined, // the interface closed; OpenVPN's exit reports why
            );
          }
          break;
        case "start-sign-in":
          startSignIn(action.challenge.signInUrl);
          break;
        case "sign-in-used":
          clearTimeout(signInDeadline);
          break;
        case "fail":
          end({ kind: "failed", message: action.message });
          break;
        case "session-expired":
          end({ kind: "expired" });
          break;
      }
    };
    mgmt.on("notification", (line) => feed(parseManagementLine(line)));
    void mgmt.command("state on").catch(() => undefined);
  }

  const outcome = await finished;
  options.signal.removeEventListener("abort", onAbort);
  await shutDown(child, exited, management);
  return outcome;
}

/** Asks OpenVPN to exit through the management interface, then by signal, then kills it. */
async function shutDown(child: ChildProcess, exited: Promise<unknown>, management: ManagementClient | undefined): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    if (management) void management.command("signal SIGTERM").catch(() => undefined);
    else child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
  management?.close();
}

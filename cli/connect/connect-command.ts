/**
 * npm run connect -- --profile <file.ovpn> [--openvpn <path>] [--browser <cmd>]
 *
 * Connects to a Client VPN endpoint that uses SAML (Entra ID) sign-in, with an OpenVPN binary built with AWS's patch,
 * without the closed AWS VPN Client. See docs "Connect from Linux". Exit codes follow cli/shared/exit-codes.ts:
 * 0 the user stopped the connection, 1 the connection failed or the profile was refused, 64 a wrong invocation or
 * an unreadable profile, 70 a bug.
 */
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { exitCodeHelp } from "../shared/exit-code-help";
import { EXIT, type ExitCode } from "../shared/exit-codes";
import { DEFAULT_ACS_PORT } from "../shared/saml-sign-in/acs-listener";
import { BrowserCommandError, browserCommand } from "./browser";
import type { Lookup } from "./endpoint-address";
import { browserUser, listenerCredentials } from "./privileges";
import { Redactor } from "./redactor";
import { consoleReporter } from "./reporter";
import { connect } from "./session";

export interface ConnectEnvironment {
  env: NodeJS.ProcessEnv;
  uid: number | undefined;
  writeErr(text: string): void;
  writeOut(text: string): void;
  /** Aborted on Ctrl+C or SIGTERM. */
  signal: AbortSignal;
  lookup?: Lookup;
}

function positiveInteger(name: string, max: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < 1 || number > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}.`);
    }
    return number;
  };
}

interface ConnectFlags {
  profile: string;
  openvpn: string;
  browser?: string;
  samlPort: number;
  signInTimeout: number;
  verbose: boolean;
  allowStockOpenvpn: boolean;
}

/** The command's options and help, apart from running it, so the docs can be checked against its --help. */
export function connectCommand(): Command {
  return new Command()
    .name("npm run connect --")
    .description("Connect to an AWS Client VPN endpoint with SAML sign-in, using a patched OpenVPN.")
    .requiredOption("--profile <file>", "the .ovpn client configuration of the endpoint")
    .option("--openvpn <path>", "OpenVPN built with AWS's patch (or AWS's acvc-openvpn)", "openvpn")
    .option("--browser <command>", "command that opens the sign-in URL, given as its last argument (default: xdg-open)")
    .option("--saml-port <port>", "local port for the sign-in response; Entra posts only to 35001", positiveInteger("--saml-port", 65535), DEFAULT_ACS_PORT)
    .option("--sign-in-timeout <seconds>", "how long to wait for the browser sign-in", positiveInteger("--sign-in-timeout", 3600), 300)
    .option("--verbose", "also print OpenVPN's log (secrets redacted)", false)
    .option("--allow-stock-openvpn", "go on with an unpatched OpenVPN (for tests: a real SAML response cannot fit)", false)
    .addHelpText(
      "after",
      exitCodeHelp({
        ok: "you stopped the connection (Ctrl+C)",
        failed: "the connection failed, or the profile was refused",
        usage: "bad usage, or a profile that is missing, unreadable or larger than 64 KiB",
      }),
    )
    .showHelpAfterError()
    .exitOverride();
}

export async function runConnectCommand(argv: readonly string[], environment: ConnectEnvironment): Promise<ExitCode> {
  const program = connectCommand().configureOutput({ writeOut: environment.writeOut, writeErr: environment.writeErr });
  try {
    program.parse(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  }
  const flags = program.opts<ConnectFlags>();
  const redactor = new Redactor();
  const reporter = consoleReporter(redactor, { verbose: flags.verbose, write: environment.writeErr });

  let browser: string[];
  try {
    browser = browserCommand(flags.browser, browserUser(environment.env, environment.uid));
  } catch (error) {
    if (!(error instanceof BrowserCommandError)) throw error;
    reporter.error(error.message);
    return EXIT.usage;
  }
  return connect({
    profilePath: flags.profile,
    openvpnPath: flags.openvpn,
    browserCommand: browser,
    samlPort: flags.samlPort,
    signInTimeoutMs: flags.signInTimeout * 1000,
    allowStockOpenvpn: flags.allowStockOpenvpn,
    listenerCredentials: listenerCredentials(environment.env, environment.uid),
    reporter,
    redactor,
    signal: environment.signal,
    lookup: environment.lookup,
  });
}

/**
 * npm run connect -- --profile <file.ovpn> [--openvpn <path>] [--browser <cmd>]
 *
 * Connects to a Client VPN endpoint that uses SAML (Entra ID) sign-in, with an OpenVPN binary built with AWS's patch,
 * without the closed AWS VPN Client. See docs "Connect from Linux".
 */
import { Command, InvalidArgumentError } from "commander";
import { defaultBrowserCommand, parseBrowserCommand } from "./browser";
import { Redactor } from "./redactor";
import { consoleReporter } from "./reporter";
import { DEFAULT_SAML_PORT } from "./saml-listener";
import { connect } from "./session";

function positiveInteger(name: string, max: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < 1 || number > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}.`);
    }
    return number;
  };
}

async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name("npm run connect --")
    .description("Connect to an AWS Client VPN endpoint with SAML sign-in, using a patched OpenVPN.")
    .requiredOption("--profile <file>", "the .ovpn client configuration of the endpoint")
    .option("--openvpn <path>", "OpenVPN built with AWS's patch (or AWS's acvc-openvpn)", "openvpn")
    .option("--browser <command>", "command that opens the sign-in URL, given as its last argument (default: xdg-open)")
    .option("--saml-port <port>", "local port for the sign-in response; Entra posts only to 35001", positiveInteger("--saml-port", 65535), DEFAULT_SAML_PORT)
    .option("--sign-in-timeout <seconds>", "how long to wait for the browser sign-in", positiveInteger("--sign-in-timeout", 3600), 300)
    .option("--verbose", "also print OpenVPN's log (secrets redacted)", false)
    .option("--allow-stock-openvpn", "go on with an unpatched OpenVPN (for tests: a real SAML response cannot fit)", false)
    .showHelpAfterError()
    .exitOverride();
  try {
    program.parse(argv);
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    return typeof code === "number" ? code : 2;
  }
  const options = program.opts<{
    profile: string;
    openvpn: string;
    browser?: string;
    samlPort: number;
    signInTimeout: number;
    verbose: boolean;
    allowStockOpenvpn: boolean;
  }>();

  const redactor = new Redactor();
  const reporter = consoleReporter(redactor, { verbose: options.verbose });
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);

  let browserCommand: string[];
  try {
    browserCommand = options.browser ? parseBrowserCommand(options.browser) : defaultBrowserCommand(process.env, process.getuid?.());
  } catch (error) {
    reporter.error((error as Error).message);
    return 2;
  }
  return connect({
    profilePath: options.profile,
    openvpnPath: options.openvpn,
    browserCommand,
    samlPort: options.samlPort,
    signInTimeoutMs: options.signInTimeout * 1000,
    allowStockOpenvpn: options.allowStockOpenvpn,
    reporter,
    redactor,
    signal: abort.signal,
  });
}

main(process.argv).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // An unexpected fault, not a user mistake: keep the stack for the bug report.
    console.error(error);
    process.exit(1);
  },
);

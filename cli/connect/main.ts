/**
 * npm run connect -- --profile <file.ovpn> [--openvpn <path>] [--browser <cmd>]
 *
 * Connects to a Client VPN endpoint that uses SAML (Entra ID) sign-in, with an OpenVPN binary built with AWS's patch,
 * without the closed AWS VPN Client. See docs/linux-client.md.
 */
import { defaultBrowserCommand, parseBrowserCommand } from "./browser";
import { connectCommand, type ConnectOptions } from "./connect-command";
import { Redactor } from "./redactor";
import { consoleReporter } from "./reporter";
import { connect } from "./session";

async function main(argv: string[]): Promise<number> {
  const program = connectCommand();
  try {
    program.parse(argv);
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    return typeof code === "number" ? code : 2;
  }
  const options = program.opts<ConnectOptions>();

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

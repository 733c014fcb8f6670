/**
 * The options of `npm run connect`, apart from running it, so the docs can be checked against its help
 * without starting a connection.
 */
import { Command, InvalidArgumentError } from "commander";
import { DEFAULT_SAML_PORT } from "./saml-listener";

export interface ConnectOptions {
  profile: string;
  openvpn: string;
  browser?: string;
  samlPort: number;
  signInTimeout: number;
  verbose: boolean;
  allowStockOpenvpn: boolean;
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

export function connectCommand(): Command {
  return new Command()
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
}

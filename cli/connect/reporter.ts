/**
 * What the user sees: one line per stage, warnings, errors, and (with --verbose) OpenVPN's own log. Every line goes
 * through the redactor, so nothing printed can carry the session id or the SAML response, and then loses its
 * terminal control characters (printable-text.ts): much of what is printed was chosen by someone else.
 */
import pc from "picocolors";
import { printable } from "../shared/printable-text";
import type { Redactor } from "./redactor";
import type { Stage } from "./session-machine";

export interface Reporter {
  stage(stage: Stage, detail?: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  openvpnLog(line: string): void;
}

const STAGE_MEANING: Record<Stage, string> = {
  resolving: "looking up the endpoint and pinning one address",
  challenge: "asking the endpoint for a sign-in challenge",
  "waiting for browser sign-in": "sign in with your organisation account in the browser",
  connecting: "handing the sign-in to the endpoint",
  connected: "the VPN is up; press Ctrl+C to disconnect",
  reconnecting: "the session ended; starting over",
};

export function consoleReporter(redactor: Redactor, options: { verbose: boolean; write?: (text: string) => void }): Reporter {
  const write = options.write ?? ((text: string) => process.stderr.write(text));
  // Redacted before anything is replaced, so that a secret is still recognised whole; colours are added after.
  const clean = (text: string) => printable(redactor.redact(text));
  const emit = (text: string) => write(`${text}\n`);
  return {
    stage(stage, detail) {
      const mark = stage === "connected" ? pc.green("✔") : pc.cyan("›");
      emit(`${mark} ${pc.bold(stage)}${detail ? ` ${clean(detail)}` : ""} ${pc.dim(`(${STAGE_MEANING[stage]})`)}`);
    },
    info: (message) => emit(`  ${clean(message)}`),
    warn: (message) => emit(`${pc.yellow("!")} ${clean(message)}`),
    error: (message) => emit(`${pc.red("✖")} ${clean(message)}`),
    openvpnLog(line) {
      if (options.verbose) emit(pc.dim(`  openvpn: ${clean(line)}`));
    },
  };
}

/**
 * The sign-in listener a command runs: in a child process with the credentials privileges.ts picks when the CLI
 * runs as root (so the root process never parses HTTP or SAML XML), else in this process. `npm run connect` and the
 * sign-in check share it.
 */
import { startAcsListener, type AcsListener } from "../shared/saml-sign-in/acs-listener";
import type { Credentials } from "./privileges";

export interface SignInListenerOptions {
  port: number;
  /** Set when the CLI runs as root: the listener's process runs with these. */
  credentials?: Credentials;
  onRefused?: (reason: string) => void;
}

export async function startSignInListener(options: SignInListenerOptions): Promise<AcsListener> {
  if (options.credentials) {
    // Loaded here, not at the top: its message schema brings zod (95 modules, about 0.15 s of start-up under tsx),
    // which `--help`, a usage mistake, a refused profile and a listener in this process never need.
    const { startListenerProcess } = await import("./listener-process");
    return startListenerProcess({ port: options.port, credentials: options.credentials, onRefused: options.onRefused });
  }
  return startAcsListener({ port: options.port, onRefused: options.onRefused });
}

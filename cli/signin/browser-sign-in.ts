/**
 * One SP-initiated sign-in through the user's browser: the listener is started (connect's, bound to this request's
 * ID, the IdP's origin and its own URL), the request AWS would send is built with the listener as its ACS, the
 * browser is sent to the IdP, and the first POST the listener accepts is the result. The browser opens only once the
 * listener waits, so the IdP's POST cannot arrive before it is expected.
 */
import { ListenerError, SignInCancelledError, SignInTimeoutError, type AcsListener } from "../shared/saml-sign-in/acs-listener";
import type { Credentials } from "../connect/privileges";
import { startSignInListener } from "../connect/sign-in-listener";
import { buildAuthnRequestXml, newRequestId, redirectBindingUrl } from "./aws-authn-request";

export interface BrowserSignInOptions {
  ssoUrl: string;
  acsPort: number;
  timeoutMs: number;
  now: Date;
  /** Set when the CLI runs as root: the listener runs in a process with these (privileges.ts). */
  listenerCredentials?: Credentials;
  openBrowser(url: URL): Promise<void>;
  /** A line of progress for the user (stderr). */
  progress(line: string): void;
  signal: AbortSignal;
}

export type BrowserSignIn =
  | { kind: "received"; samlResponse: string; origin: "idp-origin" | "null"; /** The ACS URL the request named. */ acsUrl: string }
  | { kind: "failed"; message: string; fix?: string; timedOut?: true };

export async function signInThroughBrowser(options: BrowserSignInOptions): Promise<BrowserSignIn> {
  let listener: AcsListener;
  try {
    listener = await startSignInListener({
      port: options.acsPort,
      credentials: options.listenerCredentials,
      onRefused: (reason) => options.progress(`! the sign-in listener turned a POST away: ${reason}`),
    });
  } catch (error) {
    // Its message already says how to free the port.
    if (error instanceof ListenerError) return { kind: "failed", message: error.message };
    throw error;
  }
  if (options.listenerCredentials) options.progress(`› the sign-in listener runs as uid ${options.listenerCredentials.uid}, not as root`);
  const stop = () => listener.cancel();
  options.signal.addEventListener("abort", stop, { once: true });
  try {
    const id = newRequestId();
    const url = redirectBindingUrl(options.ssoUrl, buildAuthnRequestXml({ id, issueInstant: options.now, ssoUrl: options.ssoUrl, acsUrl: listener.url }));
    const waiting = listener.awaitSignIn({ idpOrigin: new URL(options.ssoUrl).origin, requestId: id, destination: listener.url }, { timeoutMs: options.timeoutMs });
    options.progress(`› sign in, in the browser, at ${new URL(options.ssoUrl).origin} (waiting up to ${Math.round(options.timeoutMs / 1000)} s for the response on ${listener.url})`);
    options.progress(`  if no browser opens, open this URL in a browser on this machine: ${url.href}`);
    if (options.signal.aborted) stop();
    else {
      options.openBrowser(url).catch((error: Error) => options.progress(`! could not start the browser (${error.message}); open the URL above yourself`));
    }
    const signIn = await waiting;
    options.progress(`› sign-in received (Origin: ${signIn.origin === "null" ? "null" : "the identity provider's page"})`);
    return { kind: "received", ...signIn, acsUrl: listener.url };
  } catch (error) {
    if (error instanceof SignInTimeoutError) {
      return {
        kind: "failed",
        message: error.message,
        fix: "sign in within the time (or give more with --sign-in-timeout). If the browser showed an Entra error instead, its AADSTS code says why",
        timedOut: true,
      };
    }
    if (error instanceof SignInCancelledError) return { kind: "failed", message: "the check was stopped before a sign-in arrived.", fix: "run it again and sign in" };
    if (error instanceof ListenerError) return { kind: "failed", message: error.message, fix: "run the check again" };
    throw error;
  } finally {
    options.signal.removeEventListener("abort", stop);
    await listener.close();
  }
}

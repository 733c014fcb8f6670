/**
 * `npm run signin-check -- --stack <name> [--browser <command>] [--sign-in-timeout <seconds>]`: proves a real
 * sign-in against the tenant minutes after the identity is deployed, with no VPN client and no AWS. It sends the
 * AuthnRequest AWS would send, opens the user's browser (as the user who ran sudo, when run under sudo, like
 * connect), catches Entra's POST on 127.0.0.1:35001 with connect's listener, and judges the response with
 * everything saml-check checks; then it lists the user's memberOf groups by alias and their row of the stack's
 * access matrix. It prints verdicts, never the response or its signature.
 */
import { Command, InvalidArgumentError } from "commander";
import { BrowserCommandError, browserCommand } from "../connect/browser";
import { browserUser, listenerCredentials } from "../connect/privileges";
import { entraErrorGuide } from "../day2/saml/entra-errors";
import { decodeSamlInput, SamlInputError } from "../day2/saml/saml-input";
import { judgeSamlResponse } from "../day2/saml/saml-requirements";
import { parseArguments, reportStackFailure, stackOption } from "../day2/command-arguments";
import { colors } from "../day2/rendering";
import type { StackReader } from "../day2/stack-context";
import { EXIT } from "../shared/exit-codes";
import { exitCodeHelp } from "../shared/exit-code-help";
import { signInThroughBrowser } from "./browser-sign-in";
import { identityStackRules, renderSignInReport, rulesOf } from "./sign-in-report";
import { readSignInTarget, SignInTargetError, type SignInTarget } from "./sign-in-target";

export interface SignInEnvironment {
  stacks: StackReader;
  writeOut(text: string): void;
  writeErr(text: string): void;
  color: boolean;
  now(): Date;
  /** Who runs the CLI: under sudo, the browser runs as SUDO_USER and the listener drops root (privileges.ts). */
  env: NodeJS.ProcessEnv;
  uid: number | undefined;
  /** Starts the browser command with the URL (connect's openBrowser); it returns once the browser is started. */
  openBrowser(command: string[], url: URL): Promise<void>;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /**
   * The listener's port. AWS's client listens on 35001 and the application registers http://127.0.0.1:35001 as its
   * reply URL, which Entra requires the request's ACS URL to match; only tests use another port.
   */
  acsPort: number;
}

interface SignInFlags {
  stack: string;
  browser?: string;
  signInTimeout: number;
}

function seconds(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1 || number > 3600) throw new InvalidArgumentError("--sign-in-timeout must be a whole number of seconds from 1 to 3600.");
  return number;
}

export function signInCommand(): Command {
  return new Command("signin-check")
    .description(
      "Sign in through Entra as AWS Client VPN would, with no VPN client and no AWS, and judge the SAML response as AWS will; " +
        "show the user's memberOf groups and the networks they would reach.",
    )
    .addOption(stackOption("the identity stack, or a stack of mode all or endpoint (its identity is read through identityStack)"))
    .option("--browser <command>", "command that opens the sign-in URL, given as its last argument (default: xdg-open)")
    .option("--sign-in-timeout <seconds>", "how long to wait for the browser sign-in", seconds, 300)
    .addHelpText(
      "after",
      exitCodeHelp({
        ok: "AWS would accept the sign-in",
        failed: "a requirement fails (each with its fix), no sign-in arrived, the stack's config or identity is wrong, or Pulumi could not be asked",
        usage: "bad usage, or --stack names no stack, or an identity stack that is not deployed",
      }),
    );
}

export async function runSignInCommand(argv: readonly string[], env: SignInEnvironment): Promise<number> {
  const parsed = parseArguments<SignInFlags>(signInCommand(), argv, env);
  if ("exitCode" in parsed) return parsed.exitCode;
  const { flags } = parsed;
  const c = colors(env.color);
  let browser: string[];
  try {
    browser = browserCommand(flags.browser, browserUser(env.env, env.uid));
  } catch (error) {
    if (!(error instanceof BrowserCommandError)) throw error;
    env.writeErr(`signin-check: ${error.message}\n`);
    return EXIT.usage;
  }

  let target: SignInTarget;
  try {
    target = await readSignInTarget(env.stacks, flags.stack, env.now());
  } catch (error) {
    if (error instanceof SignInTargetError) {
      env.writeErr(`signin-check: ${error.message}\n`);
      return EXIT.failed;
    }
    return reportStackFailure("signin-check", error, env);
  }
  const through = target.identityStack === target.stackName ? "" : ` through its identity stack ${target.identityStack}`;
  env.writeOut(`Sign-in check of stack ${target.stackName} (mode ${target.mode})${through}: tenant ${target.tenantId}, ${target.cloud.name} cloud\n`);

  const signIn = await signInThroughBrowser({
    ssoUrl: target.ssoUrl,
    acsPort: env.acsPort,
    timeoutMs: flags.signInTimeout * 1000,
    now: env.now(),
    listenerCredentials: listenerCredentials(env.env, env.uid),
    openBrowser: (url) => env.openBrowser(browser, url),
    progress: (line) => env.writeErr(`${line}\n`),
    signal: env.signal,
  });
  if (signIn.kind === "failed") {
    const guide = signIn.timedOut ? entraErrorGuide(target.groupClaimRoute).map((line) => `      ${line}\n`).join("") : "";
    env.writeErr(`${c.red("FAIL")}  ${c.bold("a sign-in arrives")}: ${signIn.message}\n${signIn.fix ? `      ${c.dim("fix:")} ${signIn.fix}\n` : ""}${guide}`);
    return EXIT.failed;
  }

  let decoded;
  try {
    decoded = decodeSamlInput(signIn.samlResponse);
  } catch (error) {
    if (!(error instanceof SamlInputError)) throw error;
    env.writeErr(`${c.red("FAIL")}  ${c.bold("the sign-in is a SAML response")}: ${error.message}\n`);
    return EXIT.failed;
  }
  const rules = rulesOf(target);
  const verdict = judgeSamlResponse(decoded, {
    trustedCertificates: target.trustedCertificates,
    expectedIssuers: target.expectedIssuers,
    // The listener already refused any response not addressed to it; AWS's client listens on this URL too.
    allowedRecipients: [signIn.acsUrl],
    rules,
    rulesUnknown: rules ? undefined : identityStackRules(target),
    describeGroup: (id) => {
      const alias = Object.entries(target.groups).find(([, objectId]) => objectId === id.toLowerCase())?.[0];
      return alias ? `${alias} (${id})` : id;
    },
    trustSource: "identity-stack",
    groupClaimRoute: target.groupClaimRoute,
  });
  env.writeOut(`\n${renderSignInReport({ target, results: verdict.results, claims: verdict.claims }, c)}`);
  return verdict.results.some((result) => result.status === "fail") ? EXIT.failed : EXIT.ok;
}

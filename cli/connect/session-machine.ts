/**
 * The two-step SAML login as a pure state machine: management events and the listener's result go in; commands for
 * OpenVPN, a browser to open, stages to show, and the outcome come out. The driver (session.ts) does the I/O.
 *
 * The flow, with OpenVPN started with --management-hold, --management-query-passwords and --auth-retry interact:
 * 1. Any >HOLD is released.
 * 2. The first password prompt is answered with username N/A and password ACS::<listener port>. AWS's client does
 *    the same; the endpoint refuses it with a CRV1 challenge that carries the IdP URL (seed 004; OpenVPN's
 *    auth-retry interact then restarts and prompts again).
 * 3. The challenge starts the sign-in (the listener is armed for it, then the browser opens). The second prompt is
 *    answered once the SAML response has arrived, in either order, with CRV1::<state id>::<SAMLResponse>.
 * 4. CONNECTED ends the login. A later password prompt means the server dropped the session (its maximum duration,
 *    https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-max-duration.html, or an administrator's
 *    disconnect); with auth-nocache OpenVPN has no password left, so the whole flow starts again.
 */
import { challengeResponse, type SamlChallenge } from "./challenge";
import { quoteManagementArgument, type ManagementEvent } from "./management-events";
import { describeStockLimit } from "./openvpn-binary";

export type Stage = "resolving" | "challenge" | "waiting for browser sign-in" | "connecting" | "connected" | "reconnecting";

export type MachineInput =
  | ManagementEvent
  | { type: "saml-response"; value: string }
  /** OpenVPN answered a command with ERROR; the text may echo the secret and must never be shown. */
  | { type: "command-refused"; text: string };

export type MachineAction =
  | { type: "send"; commands: string[] }
  /** Arm the listener for this challenge's AuthnRequest, then open the browser at its sign-in URL. */
  | { type: "start-sign-in"; challenge: SamlChallenge }
  | { type: "stage"; stage: Stage; detail?: string }
  | { type: "secret"; value: string }
  /** The SAML response was handed to OpenVPN: the sign-in deadline, armed at start-sign-in, can be dropped. */
  | { type: "sign-in-used" }
  | { type: "fail"; message: string }
  | { type: "session-expired" };

type Phase =
  | "starting"
  | "awaiting-challenge"
  | "awaiting-sign-in"
  | "connecting"
  | "connected"
  | "reconnecting"
  | "finished";

export interface MachineState {
  phase: Phase;
  listenerPort: number;
  maxPasswordLength: number;
  challenge?: SamlChallenge;
  samlResponse?: string;
  promptPending: boolean;
}

export function initialState(listenerPort: number, maxPasswordLength: number): MachineState {
  return { phase: "starting", listenerPort, maxPasswordLength, promptPending: false };
}

const USERNAME = `username "Auth" ${quoteManagementArgument("N/A")}`;

function login(password: string): string[] {
  return [USERNAME, `password "Auth" ${quoteManagementArgument(password)}`];
}

function fail(state: MachineState, message: string): [MachineState, MachineAction[]] {
  return [{ ...state, phase: "finished" }, [{ type: "fail", message }]];
}

const TOO_LONG = /too long \((\d+) chars max\)/;

/** Answers the pending second prompt once both the prompt and the SAML response are there. */
function answerIfReady(state: MachineState): [MachineState, MachineAction[]] {
  if (!state.promptPending || state.samlResponse === undefined || !state.challenge) return [state, []];
  const password = challengeResponse(state.challenge.sessionId, state.samlResponse);
  if (password.length > state.maxPasswordLength) {
    return fail(state, describeStockLimit(state.maxPasswordLength));
  }
  return [
    { ...state, phase: "connecting", promptPending: false, samlResponse: undefined },
    [{ type: "secret", value: password }, { type: "stage", stage: "connecting" }, { type: "send", commands: login(password) }, { type: "sign-in-used" }],
  ];
}

export function step(state: MachineState, input: MachineInput): [MachineState, MachineAction[]] {
  if (state.phase === "finished") return [state, []];
  switch (input.type) {
    case "hold":
      return [state, [{ type: "send", commands: ["hold release"] }]];
    case "fatal":
      return fail(state, explainFatal(input.message));
    case "command-refused": {
      const tooLong = TOO_LONG.exec(input.text);
      if (tooLong) return fail(state, describeStockLimit(Number(tooLong[1])));
      return fail(state, "OpenVPN refused a management command; run with --verbose to see OpenVPN's log.");
    }
    case "password-needed":
      switch (state.phase) {
        case "starting":
          return [
            { ...state, phase: "awaiting-challenge" },
            [{ type: "stage", stage: "challenge" }, { type: "send", commands: login(`ACS::${state.listenerPort}`) }],
          ];
        // OpenVPN asks again only after it started over, so the endpoint dropped the connection instead of
        // answering (the profile names the endpoint, so it may be anyone's). Left unanswered, the prompt would
        // hold the CLI for ever; the sign-in cannot be sent twice either (its session id and response are spent).
        case "awaiting-challenge":
          return fail(state, "the endpoint dropped the connection instead of answering the first login with a sign-in challenge. Run the command again; if it keeps happening, check the profile's endpoint.");
        case "connecting":
          return fail(state, "the endpoint dropped the connection before it accepted the sign-in. Run the command again to sign in anew.");
        case "awaiting-sign-in":
          return answerIfReady({ ...state, promptPending: true });
        case "connected":
          return [
            { ...state, phase: "finished" },
            [{ type: "stage", stage: "reconnecting", detail: "the endpoint ended the session" }, { type: "session-expired" }],
          ];
        case "reconnecting":
          return [{ ...state, phase: "finished" }, [{ type: "session-expired" }]];
        default:
          return [state, []];
      }
    case "challenge":
      if (state.phase === "awaiting-challenge") {
        return [
          { ...state, phase: "awaiting-sign-in", challenge: input.challenge },
          [
            { type: "secret", value: input.challenge.sessionId },
            { type: "stage", stage: "waiting for browser sign-in" },
            { type: "start-sign-in", challenge: input.challenge },
          ],
        ];
      }
      return fail(state, "the endpoint refused the SAML response and asked to sign in again; check that your user is assigned to the Client VPN app in Entra ID.");
    case "bad-challenge":
      return fail(state, input.message);
    case "auth-failed":
      if (state.phase === "connected" || state.phase === "reconnecting") {
        // The server refused a silent re-login (an expired auth-token or session): sign in again from the start.
        return [
          { ...state, phase: "finished" },
          [{ type: "stage", stage: "reconnecting", detail: "the endpoint ended the session" }, { type: "session-expired" }],
        ];
      }
      if (state.phase === "awaiting-challenge") {
        return fail(state, "the endpoint refused the first login without a SAML challenge; is this profile for an endpoint with federated (SAML) authentication?");
      }
      return fail(state, "the endpoint refused the sign-in (AUTH_FAILED). Check that your user is assigned to the Client VPN app and allowed by its authorization rules.");
    case "saml-response":
      if (state.phase !== "awaiting-sign-in") return [state, []];
      return answerIfReady({ ...state, samlResponse: input.value });
    case "state":
      if (input.name === "CONNECTED" && (state.phase === "connecting" || state.phase === "reconnecting")) {
        // CONNECTED,ERROR means the tunnel is up but a route or script failed; OpenVPN's log says which.
        const detail = input.detail === "SUCCESS" ? undefined : "with errors, see OpenVPN's log (--verbose)";
        return [{ ...state, phase: "connected" }, [{ type: "stage", stage: "connected", detail }]];
      }
      if (input.name === "RECONNECTING" && state.phase === "connected") {
        // OpenVPN restarts on its own (ping timeout, server reset). If it can log in again without a password (an
        // auth-token the server pushed) it reaches CONNECTED again; if it asks for a password, the session is over.
        return [{ ...state, phase: "reconnecting" }, [{ type: "stage", stage: "reconnecting", detail: `(${input.detail})` }]];
      }
      return [state, []];
    case "other":
      return [state, []];
  }
}

function explainFatal(message: string): string {
  if (/TUN\/TAP|tun device|Operation not permitted/i.test(message)) {
    return `OpenVPN cannot create the tunnel (${message}). Run the CLI as root (sudo), since OpenVPN needs CAP_NET_ADMIN.`;
  }
  return `OpenVPN stopped: ${message}`;
}

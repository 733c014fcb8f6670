import { describe, expect, it } from "vitest";
import { parseManagementLine } from "../cli/connect/management-events";
import { initialState, step, type MachineAction, type MachineInput, type MachineState } from "../cli/connect/session-machine";

const STATE_ID = "instance-1/1234567890123456789/11111111-2222-3333-4444-555555555555";
const URL_TEXT = "https://login.microsoftonline.com/tenant/saml2?SAMLRequest=fZJRb9s&RelayState=a:b";
const LINES = {
  hold0: ">HOLD:Waiting for hold release:0",
  hold1: ">HOLD:Waiting for hold release:1",
  need: ">PASSWORD:Need 'Auth' username/password",
  challenge: `>PASSWORD:Verification Failed: 'Auth' ['CRV1:R,E:${STATE_ID}:Ti9B:${URL_TEXT}']`,
  refused: ">PASSWORD:Verification Failed: 'Auth'",
  reconnecting: ">STATE:1784222488,RECONNECTING,auth-failure,,,,,",
  resetByServer: ">STATE:1784222600,RECONNECTING,server-pushed-connection-reset,,,,,",
  connected: ">STATE:1784222495,CONNECTED,SUCCESS,10.8.0.133,203.0.113.10,443,,",
  connectedWithErrors: ">STATE:1784222495,CONNECTED,ERROR,10.8.0.133,203.0.113.10,443,,",
};
const SAML = "PHNhbWxwOlJlc3BvbnNlPmZvbytiYXIvYmF6PT0=";
const ANSWER = `password "Auth" "CRV1::${STATE_ID}::${encodeURIComponent(SAML)}"`;

type Step = string | MachineInput;

function run(steps: Step[], state: MachineState = initialState(35001, 131072)) {
  const actions: MachineAction[] = [];
  for (const input of steps) {
    const [next, produced] = step(state, typeof input === "string" ? parseManagementLine(input) : input);
    state = next;
    actions.push(...produced);
  }
  return {
    state,
    actions,
    commands: actions.flatMap((a) => (a.type === "send" ? a.commands : [])),
    stages: actions.flatMap((a) => (a.type === "stage" ? [a.stage] : [])),
    failure: actions.find((a) => a.type === "fail")?.type === "fail" ? (actions.find((a) => a.type === "fail") as { message: string }).message : undefined,
  };
}

const saml = (value = SAML): MachineInput => ({ type: "saml-response", value });
const FULL_FLOW: Step[] = [LINES.hold0, LINES.need, LINES.challenge, LINES.reconnecting, LINES.hold1, LINES.need, saml(), LINES.connected];

describe("the SAML login state machine", () => {
  // OpenVPN asks again only after it started over: the endpoint dropped the connection instead of answering.
  it.each([
    ["the placeholder login", [LINES.hold0, LINES.need, LINES.resetByServer, LINES.hold1, LINES.need], "instead of answering the first login with a sign-in challenge", 1],
    ["the sign-in", [...FULL_FLOW.slice(0, -1), LINES.resetByServer, LINES.hold1, LINES.need], "before it accepted the sign-in", 2],
  ])("fails, rather than waiting for ever, when OpenVPN asks for the password again after %s", (_name, steps, reason, passwordsSent) => {
    const { failure, state, commands } = run(steps as Step[]);
    expect(failure).toContain(`the endpoint dropped the connection ${reason}`);
    expect(state.phase).toBe("finished");
    // Nothing is sent to the prompt that came after the drop.
    expect(commands.filter((command) => command.startsWith("password"))).toHaveLength(passwordsSent as number);
  });

  it("walks the whole flow: placeholder login, challenge, browser, CRV1 answer, connected", () => {
    const { commands, stages, actions } = run(FULL_FLOW);
    expect(commands).toEqual([
      "hold release",
      'username "Auth" "N/A"',
      'password "Auth" "ACS::35001"',
      "hold release",
      'username "Auth" "N/A"',
      ANSWER,
    ]);
    expect(stages).toEqual(["challenge", "waiting for browser sign-in", "connecting", "connected"]);
    expect(actions).toContainEqual({ type: "start-sign-in", challenge: expect.objectContaining({ signInUrl: new URL(URL_TEXT) }) });
  });

  it("uses the listener's real port in the placeholder password", () => {
    expect(run([LINES.need], initialState(40123, 131072)).commands).toContain('password "Auth" "ACS::40123"');
  });

  it("waits for the SAML response when the prompt comes first, and for the prompt when the response comes first", () => {
    const responseFirst = run([LINES.hold0, LINES.need, LINES.challenge, saml(), LINES.hold1, LINES.need, LINES.connected]);
    expect(responseFirst.commands.at(-1)).toBe(ANSWER);
    expect(responseFirst.stages.at(-1)).toBe("connected");
    const promptFirst = run([LINES.hold0, LINES.need, LINES.challenge, LINES.need]);
    expect(promptFirst.commands).not.toContain(ANSWER);
  });

  // The driver arms the sign-in deadline at start-sign-in and drops it only at sign-in-used: a response that has
  // arrived but is still waiting for OpenVPN's prompt keeps the deadline running.
  it.each([
    ["response then prompt", [LINES.hold0, LINES.need, LINES.challenge, saml(), LINES.hold1, LINES.need], 1],
    ["prompt then response", [LINES.hold0, LINES.need, LINES.challenge, LINES.need, saml()], 1],
    ["a response that is still waiting for the prompt", [LINES.hold0, LINES.need, LINES.challenge, saml()], 0],
    ["a prompt that is still waiting for the response", [LINES.hold0, LINES.need, LINES.challenge, LINES.need], 0],
  ])("says the sign-in was used only once the response is handed to OpenVPN: %s", (_name, steps, used) => {
    const { actions } = run(steps as Step[]);
    expect(actions.filter((a) => a.type === "sign-in-used")).toHaveLength(used);
    if (used) expect(actions.at(-1)).toEqual({ type: "sign-in-used" });
  });

  it("marks the session id and the answer as secrets before anything could print them", () => {
    const { actions } = run(FULL_FLOW);
    const secrets = actions.flatMap((a) => (a.type === "secret" ? [a.value] : []));
    expect(secrets).toEqual([STATE_ID, `CRV1::${STATE_ID}::${encodeURIComponent(SAML)}`]);
    const firstSecret = actions.findIndex((a) => a.type === "secret");
    const firstStageAfterChallenge = actions.findIndex((a) => a.type === "stage" && a.stage === "waiting for browser sign-in");
    expect(firstSecret).toBeLessThan(firstStageAfterChallenge);
  });

  it("refuses to send a response longer than the binary can carry, naming the stock limit", () => {
    const realSized = "PHNhbWxw".repeat(1300); // about 10 KB, the size of a real Entra SAML response
    const { commands, failure } = run([LINES.need, LINES.challenge, LINES.need, saml(realSized)], initialState(35001, 255));
    expect(commands.some((command) => command.includes("CRV1::"))).toBe(false);
    expect(failure).toMatch(/stock build: it accepts at most 255 characters.*AWS's patch/);
  });

  it("recognises stock OpenVPN's refusal of a long password at runtime", () => {
    const refusal: MachineInput = { type: "command-refused", text: `ERROR: Options error: Parameter at TCP:0 is too long (256 chars max): CRV1::${STATE_ID}::x` };
    const { failure } = run([...FULL_FLOW.slice(0, -1), refusal]);
    expect(failure).toMatch(/at most 256 characters/);
    expect(failure).not.toContain(STATE_ID);
  });

  it.each([
    ["a refusal without a challenge on the first login", [LINES.need, LINES.refused], /without a SAML challenge/],
    ["a refusal of the SAML response", [...FULL_FLOW.slice(0, -1), LINES.refused], /refused the sign-in \(AUTH_FAILED\)/],
    ["a fresh challenge after the SAML response", [...FULL_FLOW.slice(0, -1), LINES.challenge], /refused the SAML response/],
    ["a malformed challenge", [LINES.need, ">PASSWORD:Verification Failed: 'Auth' ['CRV1:R:s:Ti9B:ftp://x']"], /no sign-in URL/],
    ["a tunnel OpenVPN cannot open", [">FATAL:Cannot open TUN/TAP dev /dev/net/tun: Permission denied (errno=13)"], /Run the CLI as root/],
  ])("fails on %s", (_name, steps, message) => {
    const { state, failure } = run(steps as Step[]);
    expect(failure).toMatch(message);
    expect(state.phase).toBe("finished");
  });

  it("ends the session when the server drops it and OpenVPN asks for a password again", () => {
    const { actions, stages } = run([...FULL_FLOW, LINES.resetByServer, LINES.hold1, LINES.need]);
    expect(stages.slice(-1)).toEqual(["reconnecting"]);
    expect(actions.at(-1)).toEqual({ type: "session-expired" });
  });

  it("ends the session on a password prompt even without a RECONNECTING state first", () => {
    const { actions, stages } = run([...FULL_FLOW, LINES.need]);
    expect(stages.at(-1)).toBe("reconnecting");
    expect(actions.at(-1)).toEqual({ type: "session-expired" });
  });

  it("ends the session when a silent re-login after a drop is refused", () => {
    const { actions, failure } = run([...FULL_FLOW, LINES.resetByServer, LINES.refused]);
    expect(failure).toBeUndefined();
    expect(actions.at(-1)).toEqual({ type: "session-expired" });
  });

  it("shows connected again when OpenVPN reconnects by itself without a password", () => {
    const { stages, actions } = run([...FULL_FLOW, LINES.resetByServer, LINES.connected]);
    expect(stages.slice(-2)).toEqual(["reconnecting", "connected"]);
    expect(actions.some((a) => a.type === "session-expired")).toBe(false);
  });

  it("reports a tunnel that came up with errors", () => {
    const { actions } = run([...FULL_FLOW.slice(0, -1), LINES.connectedWithErrors]);
    expect(actions.at(-1)).toEqual({ type: "stage", stage: "connected", detail: "with errors, see OpenVPN's log (--verbose)" });
  });

  it("ignores a SAML response that arrives when no challenge is pending", () => {
    expect(run([saml()]).actions).toEqual([]);
  });

  it("does nothing more once finished", () => {
    const failed = run([LINES.need, LINES.refused]);
    expect(run([LINES.hold1, LINES.need], failed.state).actions).toEqual([]);
  });
});

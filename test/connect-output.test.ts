import { describe, expect, it } from "vitest";
import { browserCommand, parseBrowserCommand } from "../cli/connect/browser";
import { browserUser } from "../cli/connect/privileges";
import { Redactor } from "../cli/connect/redactor";
import { consoleReporter } from "../cli/connect/reporter";

const STATE_ID = "instance-1/1234567890123456789/11111111-2222-3333-4444-555555555555";
const SAML = "PHNhbWxwOlJlc3BvbnNlPmZvbytiYXIvYmF6PT0=";

describe("Redactor", () => {
  it.each([
    ["OpenVPN's AUTH_FAILED log line", `AUTH: Received control message: AUTH_FAILED,CRV1:R,E:${STATE_ID}:Ti9B:https://idp/x`, "AUTH: Received control message: AUTH_FAILED,CRV1:[redacted]"],
    ["the management challenge line", `>PASSWORD:Verification Failed: 'Auth' ['CRV1:R:${STATE_ID}:Ti9B:https://idp/x']`, ">PASSWORD:Verification Failed: 'Auth' ['CRV1:[redacted]']"],
    ["a pushed auth-token", "PUSH_REPLY,route 10.0.0.0 255.255.0.0,auth-token SESS_ID_AT_abc,ping 1", "PUSH_REPLY,route 10.0.0.0 255.255.0.0,auth-token [redacted],ping 1"],
    ["a form body", `SAMLResponse=${encodeURIComponent(SAML)}&RelayState=x`, "SAMLResponse=[redacted]&RelayState=x"],
  ])("hides secrets in %s before they are known", (_name, text, expected) => {
    expect(new Redactor().redact(text)).toBe(expected);
  });

  it("hides a known secret raw and form-encoded", () => {
    const redactor = new Redactor();
    redactor.add(SAML);
    redactor.add(STATE_ID);
    const text = `raw ${SAML} encoded ${encodeURIComponent(SAML)} state ${STATE_ID}`;
    expect(redactor.redact(text)).toBe("raw [redacted] encoded [redacted] state [redacted]");
  });

  it("ignores secrets too short to be told from ordinary text", () => {
    const redactor = new Redactor();
    redactor.add("a");
    expect(redactor.redact("a cat")).toBe("a cat");
  });
});

describe("consoleReporter", () => {
  function capture(verbose: boolean) {
    const lines: string[] = [];
    const redactor = new Redactor();
    redactor.add(STATE_ID);
    const reporter = consoleReporter(redactor, { verbose, write: (text) => lines.push(text) });
    return { lines, reporter };
  }

  it("prints each stage with what it means", () => {
    const { lines, reporter } = capture(false);
    reporter.stage("waiting for browser sign-in");
    expect(lines.join("")).toContain("waiting for browser sign-in");
    expect(lines.join("")).toContain("sign in with your organisation account in the browser");
  });

  it("redacts every kind of line it prints", () => {
    const { lines, reporter } = capture(true);
    reporter.stage("connecting", STATE_ID);
    reporter.info(STATE_ID);
    reporter.warn(STATE_ID);
    reporter.error(STATE_ID);
    reporter.openvpnLog(STATE_ID);
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).not.toContain(STATE_ID);
  });

  it("prints OpenVPN's log only when verbose", () => {
    const quiet = capture(false);
    quiet.reporter.openvpnLog("Initialization Sequence Completed");
    expect(quiet.lines).toEqual([]);
    const verbose = capture(true);
    verbose.reporter.openvpnLog("Initialization Sequence Completed");
    expect(verbose.lines.join("")).toContain("Initialization Sequence Completed");
  });
});

describe("browser command", () => {
  it("splits --browser on blanks, with no shell", () => {
    expect(parseBrowserCommand("  firefox --new-window ")).toEqual(["firefox", "--new-window"]);
    expect(() => parseBrowserCommand("  ")).toThrow(/--browser needs a command/);
  });

  it.each([
    ["xdg-open for a normal user", undefined, {}, 1000, ["xdg-open"]],
    ["xdg-open as the invoking user, for root through sudo", undefined, { SUDO_USER: "alice" }, 0, ["sudo", "-u", "alice", "--", "xdg-open"]],
    ["xdg-open for root logged in directly", undefined, {}, 0, ["xdg-open"]],
    ["a --browser given by hand as the invoking user, for root through sudo", "firefox --new-window", { SUDO_USER: "alice" }, 0, ["sudo", "-u", "alice", "--", "firefox", "--new-window"]],
    ["a --browser given by hand as is, for a normal user", "firefox", { SUDO_USER: "alice" }, 1000, ["firefox"]],
  ])("opens %s", (_name, option, env, uid, expected) => {
    expect(browserCommand(option, browserUser(env, uid))).toEqual(expected);
  });
});

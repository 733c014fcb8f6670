/**
 * Parsing the real-time notifications of OpenVPN's management interface into the events the session reacts to.
 * Line formats: OpenVPN doc/management-notes.txt (https://github.com/OpenVPN/openvpn/blob/master/doc/management-notes.txt),
 * sections "COMMAND -- hold", "COMMAND -- password and username", "COMMAND -- state" and ">FATAL".
 */
import { ChallengeError, isChallengeLine, parseChallenge, type SamlChallenge } from "./challenge";

export type ManagementEvent =
  | { type: "hold" }
  | { type: "password-needed" }
  | { type: "challenge"; challenge: SamlChallenge }
  | { type: "bad-challenge"; message: string }
  | { type: "auth-failed" }
  | { type: "state"; name: string; detail: string }
  | { type: "fatal"; message: string }
  | { type: "other" };

const NEED_AUTH = ">PASSWORD:Need 'Auth' username/password";
const AUTH_FAILED = ">PASSWORD:Verification Failed: 'Auth'";

export function parseManagementLine(line: string): ManagementEvent {
  if (line.startsWith(">HOLD:")) return { type: "hold" };
  if (line.startsWith(NEED_AUTH)) return { type: "password-needed" };
  if (isChallengeLine(line)) {
    try {
      return { type: "challenge", challenge: parseChallenge(line) };
    } catch (error) {
      if (error instanceof ChallengeError) return { type: "bad-challenge", message: error.message };
      throw error;
    }
  }
  if (line.startsWith(AUTH_FAILED)) return { type: "auth-failed" };
  if (line.startsWith(">STATE:")) {
    // >STATE:<unix time>,<state name>,<detail>,<local ip>,<remote ip>,<remote port>,…
    const [, name = "", detail = ""] = line.slice(">STATE:".length).split(",");
    return { type: "state", name, detail };
  }
  if (line.startsWith(">FATAL:")) return { type: "fatal", message: line.slice(">FATAL:".length) };
  return { type: "other" };
}

/**
 * Quotes one argument of a management command. The management parser splits on blanks and understands double quotes
 * with backslash escapes (the same parser as config files), so any value is passed whole.
 */
export function quoteManagementArgument(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error("a management command argument cannot contain a line break");
  return `"${value.replace(/["\\]/g, (character) => `\\${character}`)}"`;
}

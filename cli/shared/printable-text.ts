/**
 * Text from outside (a reason the sign-in listener refused a POST, an address in the endpoint's AuthnRequest,
 * OpenVPN's log of what the server sent), made safe to write to the user's terminal, which under sudo is root's.
 *
 * Terminals act on control characters: the C0 set (U+0000–U+001F, with ESC starting escape sequences), DEL, and
 * the C1 set (U+0080–U+009F, where U+009B is a one-character CSI) (ECMA-48, 5th edition, sections 5 and 8.2:
 * https://ecma-international.org/publications-and-standards/standards/ecma-48/). Through them a sender can clear the
 * screen, move the cursor to fake the CLI's own lines, or, in xterm and terminals that copy it, write the clipboard
 * with OSC 52 ("Manipulate Selection Data", https://invisible-island.net/xterm/ctlseqs/ctlseqs.html) for the user to
 * paste later. Each such character is shown as "?". Line feeds and tabs stay: the CLI's own messages use them.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function printable(text: string): string {
  return text.replace(TERMINAL_CONTROLS, "?");
}

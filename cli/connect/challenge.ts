/**
 * The CRV1 dynamic challenge with which a Client VPN endpoint answers the first, placeholder login.
 *
 * OpenVPN's dynamic challenge format is `CRV1:<flags>:<state id>:<base64 username>:<challenge text>`, where flags
 * is a comma-separated list (`R` response required, `E` echo). See OpenVPN's doc/management-notes.txt, section
 * "Challenge/Response Protocol": https://github.com/OpenVPN/openvpn/blob/master/doc/management-notes.txt
 *
 * AWS puts the IdP sign-in URL in the challenge text. Through the management interface it arrives as:
 *   >PASSWORD:Verification Failed: 'Auth' ['CRV1:R,E:<state id>:<b64 user>:<IdP URL>']
 * The URL contains colons, so fields are taken by position rather than by splitting on every colon
 * (samm-git/aws-vpn-client's aws-connect.sh cuts the state id out by colon position and the URL from "https://":
 * https://github.com/samm-git/aws-vpn-client/blob/master/aws-connect.sh). Published captures differ in the details:
 * flags of `R` or `R,E`, and a username field that is bare base64 (`Ti9B`, "N/A") or a Python-style bytes literal
 * (`b'Ti9B'`). We could not check a live endpoint, so the parser keeps the username field opaque and accepts any
 * flags text, including one that itself carries colons such as an IPv6 address: it finds the URL first, then takes
 * the username and state id from the right of what remains.
 */

export interface SamlChallenge {
  /** Flags as sent, e.g. ["R", "E"]. */
  flags: string[];
  /** Opaque state id that the second login must echo. Secret: it identifies the pending session. */
  sessionId: string;
  /** The username field exactly as sent (base64, or AWS's `b'…'` rendering of it). */
  encodedUsername: string;
  /** Where the browser signs in. */
  signInUrl: URL;
}

export class ChallengeError extends Error {
  override readonly name = "ChallengeError";
}

const MANAGEMENT_PREFIX = ">PASSWORD:Verification Failed: 'Auth' ['";
const MANAGEMENT_SUFFIX = "']";
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** True when the management line is a refused login that carries a CRV1 challenge. */
export function isChallengeLine(line: string): boolean {
  return line.startsWith(`${MANAGEMENT_PREFIX}CRV1:`);
}

/**
 * Parses the CRV1 payload (`CRV1:…`) or the whole management line that carries it.
 * Throws ChallengeError with a message that never includes the state id.
 */
export function parseChallenge(input: string): SamlChallenge {
  let payload = input.trim();
  if (payload.startsWith(MANAGEMENT_PREFIX)) {
    if (!payload.endsWith(MANAGEMENT_SUFFIX)) {
      throw new ChallengeError("the endpoint's challenge line is cut short (no closing \"']\").");
    }
    payload = payload.slice(MANAGEMENT_PREFIX.length, -MANAGEMENT_SUFFIX.length);
  }
  if (!payload.startsWith("CRV1:")) {
    throw new ChallengeError("the endpoint refused the login without a CRV1 challenge; it does not look like a SAML (federated) Client VPN endpoint.");
  }
  const body = payload.slice("CRV1:".length);
  // The URL is the last field; find where it starts (":https://" or ":http://") and read the rest from the right.
  const urlStart = body.search(/:https?:\/\//i);
  if (urlStart < 0) {
    throw new ChallengeError("the endpoint's CRV1 challenge carries no sign-in URL.");
  }
  const head = body.slice(0, urlStart).split(":");
  const urlText = body.slice(urlStart + 1);
  if (head.length < 3) {
    throw new ChallengeError("the endpoint's CRV1 challenge has fewer fields than flags:state:username:URL.");
  }
  const encodedUsername = head.pop() as string;
  const sessionId = head.pop() as string;
  const flags = head.join(":").split(",").filter((flag) => flag !== "");
  if (sessionId === "") throw new ChallengeError("the endpoint's CRV1 challenge has an empty state id.");
  return { flags, sessionId, encodedUsername, signInUrl: parseSignInUrl(urlText) };
}

/**
 * The sign-in URL must be https, as the AWS client requires; plain http is accepted only for a loopback host so that
 * a local test identity provider can stand in for the real one.
 */
export function parseSignInUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ChallengeError("the sign-in URL in the endpoint's challenge is not a valid URL.");
  }
  if (url.protocol === "https:") return url;
  if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return url;
  throw new ChallengeError(`the sign-in URL in the endpoint's challenge uses ${url.protocol} on ${url.hostname}; only https is accepted.`);
}

/**
 * The password of the second login: `CRV1::<state id>::<SAMLResponse>`.
 *
 * The SAMLResponse goes in form-encoded, as the browser posted it. samm-git/aws-vpn-client, which connects to real
 * endpoints, applies url.QueryEscape to the decoded form field before building this password
 * (https://github.com/samm-git/aws-vpn-client/blob/master/server.go); for base64 that is what encodeURIComponent
 * gives (`+`, `/`, `=` become %2B, %2F, %3D).
 */
export function challengeResponse(sessionId: string, samlResponse: string): string {
  return `CRV1::${sessionId}::${encodeURIComponent(samlResponse)}`;
}

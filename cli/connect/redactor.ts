/**
 * Keeps the session id and the SAML response out of everything the CLI prints.
 *
 * Known secrets are replaced wherever they appear (raw and form-encoded). Patterns catch what OpenVPN itself logs
 * before the CLI has learned the secret, e.g. "AUTH: Received control message: AUTH_FAILED,CRV1:R,E:<state id>:…",
 * and an auth-token pushed by the server.
 */
const REDACTED = "[redacted]";
const PATTERNS: [RegExp, string][] = [
  [/CRV1:[^'"\s]*/g, `CRV1:${REDACTED}`],
  [/(auth-token(?:-user)?\s+)[^,'"\s]+/g, `$1${REDACTED}`],
  [/(SAMLResponse=)[^&\s]+/g, `$1${REDACTED}`],
];

export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string): void {
    if (secret.length < 4) return;
    this.secrets.add(secret);
    this.secrets.add(encodeURIComponent(secret));
  }

  redact(text: string): string {
    let result = text;
    // Longest first, so a secret that contains another is replaced whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      result = result.split(secret).join(REDACTED);
    }
    for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
    return result;
  }
}

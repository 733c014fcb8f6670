import { describe, expect, it } from "vitest";
import { ChallengeError, challengeResponse, isChallengeLine, parseChallenge } from "../cli/connect/challenge";

const STATE = "instance-1/1234567890123456789/11111111-2222-3333-4444-555555555555";
const IDP = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2?SAMLRequest=fZJRb9s%3D&RelayState=urn:x:y";
const line = (payload: string) => `>PASSWORD:Verification Failed: 'Auth' ['${payload}']`;

describe("parseChallenge on real-format management lines", () => {
  it.each([
    ["flags R,E, base64 user", line(`CRV1:R,E:${STATE}:Ti9B:${IDP}`), ["R", "E"], "Ti9B"],
    ["flags R only", line(`CRV1:R:${STATE}:Ti9B:${IDP}`), ["R"], "Ti9B"],
    ["AWS's b'…' rendering of the username", line(`CRV1:R:${STATE}:b'Ti9B':${IDP}`), ["R"], "b'Ti9B'"],
    ["an IPv4 address in the flags field", line(`CRV1:R,E,203.0.113.7:${STATE}:Ti9B:${IDP}`), ["R", "E", "203.0.113.7"], "Ti9B"],
    ["an IPv6 address in the flags field", line(`CRV1:R,2001:db8::7:${STATE}:Ti9B:${IDP}`), ["R", "2001:db8::7"], "Ti9B"],
    ["empty flags", line(`CRV1::${STATE}:Ti9B:${IDP}`), [], "Ti9B"],
    ["the bare payload", `CRV1:R,E:${STATE}:Ti9B:${IDP}`, ["R", "E"], "Ti9B"],
  ])("%s", (_name, input, flags, user) => {
    const challenge = parseChallenge(input);
    expect(challenge.flags).toEqual(flags);
    expect(challenge.sessionId).toBe(STATE);
    expect(challenge.encodedUsername).toBe(user);
    // The URL keeps its own colons (scheme, RelayState) whole.
    expect(challenge.signInUrl.href).toBe(IDP);
  });

  it("accepts http for a loopback IdP only", () => {
    expect(parseChallenge(`CRV1:R:s1:Ti9B:http://127.0.0.1:8080/saml2?a=b:c`).signInUrl.port).toBe("8080");
    expect(() => parseChallenge(`CRV1:R:s1:Ti9B:http://idp.example/saml2`)).toThrow(/only https/);
  });

  it.each([
    ["no CRV1 payload", line("plain refusal"), /without a CRV1 challenge/],
    ["no URL", line(`CRV1:R,E:${STATE}:Ti9B:Please enter token PIN`), /no sign-in URL/],
    ["too few fields", line(`CRV1:${STATE}:${IDP}`), /fewer fields/],
    ["an empty state id", line(`CRV1:R::Ti9B:${IDP}`), /empty state id/],
    ["a line cut short", `>PASSWORD:Verification Failed: 'Auth' ['CRV1:R:${STATE}:Ti9B:${IDP}`, /cut short/],
  ])("rejects %s", (_name, input, message) => {
    expect(() => parseChallenge(input)).toThrow(ChallengeError);
    expect(() => parseChallenge(input)).toThrow(message);
  });

  it("never puts the state id in an error message", () => {
    for (const input of [line(`CRV1:R:${STATE}:Ti9B:nourl`), line(`CRV1:R:${STATE}:Ti9B:http://evil.example/`)]) {
      expect(() => parseChallenge(input)).toThrow(ChallengeError);
      try {
        parseChallenge(input);
      } catch (error) {
        expect((error as Error).message).not.toContain(STATE);
      }
    }
  });

  it("recognises only refusals that carry a challenge", () => {
    expect(isChallengeLine(line(`CRV1:R:${STATE}:Ti9B:${IDP}`))).toBe(true);
    expect(isChallengeLine(">PASSWORD:Verification Failed: 'Auth'")).toBe(false);
    expect(isChallengeLine(">PASSWORD:Need 'Auth' username/password")).toBe(false);
  });
});

describe("challengeResponse", () => {
  it("joins state id and the form-encoded SAMLResponse as CRV1::<state>::<response>", () => {
    expect(challengeResponse(STATE, "PHNhbWw+Zm9v/YmFy==")).toBe(`CRV1::${STATE}::PHNhbWw%2BZm9v%2FYmFy%3D%3D`);
  });
});

import { describe, expect, it } from "vitest";
import { loginBannerOptions, loginBannerProblem, maxLoginBannerBytes } from "../components/login-banner";

describe("the login banner limit counts UTF-8 bytes, as the provider's Go len() does", () => {
  it.each([
    { case: "1,400 ASCII letters", text: "x".repeat(1400), fits: true },
    { case: "1,401 ASCII letters", text: "x".repeat(1401), fits: false },
    { case: "700 accented letters (1,400 bytes)", text: "é".repeat(700), fits: true },
    { case: "800 accented letters (1,600 bytes)", text: "é".repeat(800), fits: false },
    { case: "351 four-byte emoji (1,404 bytes)", text: "🔒".repeat(351), fits: false },
  ])("$case: fits = $fits", ({ text, fits }) => {
    expect(loginBannerProblem(text) === undefined).toBe(fits);
  });

  it("names both counts when they differ, so the user sees why 800 letters are too many", () => {
    expect(loginBannerProblem("é".repeat(800))).toBe(
      `is 1600 bytes in UTF-8 (800 characters); Client VPN accepts at most ${maxLoginBannerBytes} bytes, and letters outside ASCII take 2 to 4 bytes each: shorten it`,
    );
  });
});

describe("the banner block the endpoint gets", () => {
  it("turns the banner on with its text", () => {
    expect(loginBannerOptions("Authorized use only.")).toEqual({ enabled: true, bannerText: "Authorized use only." });
  });

  it.each([undefined, ""])("turns it off explicitly when there is none (%j), because the provider keeps a left-out block", (text) => {
    expect(loginBannerOptions(text)).toEqual({ enabled: false });
  });
});

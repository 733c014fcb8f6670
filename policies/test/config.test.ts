import { describe, expect, it } from "vitest";
import { readConfig } from "../lib/config";

const source = (given: Record<string, unknown>) => ({ getConfig: <T extends object>() => given as T });
const DEFAULTS = { days: 90, enabled: false, mode: "split", cidrs: [] as string[] };

describe("policy config", () => {
  it("falls back to every default when nothing is configured", () => {
    expect(readConfig(source({}), "p", DEFAULTS)).toEqual(DEFAULTS);
  });

  it("takes configured values over defaults and ignores unrelated keys", () => {
    expect(readConfig(source({ days: 365, cidrs: ["10.0.0.2/32"], other: 1 }), "p", DEFAULTS)).toEqual({
      ...DEFAULTS,
      days: 365,
      cidrs: ["10.0.0.2/32"],
    });
  });

  it.each([
    [{ days: "90" }, /p\.days must be a number, got "90"/],
    [{ enabled: "yes" }, /p\.enabled must be a boolean/],
    [{ cidrs: "10.0.0.2/32" }, /p\.cidrs must be a list of strings/],
    [{ cidrs: [10] }, /p\.cidrs must be a list of strings/],
  ])("rejects %j with an error naming the setting", (given, message) => {
    expect(() => readConfig(source(given), "p", DEFAULTS)).toThrow(message);
  });
});

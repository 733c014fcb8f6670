import { describe, expect, it } from "vitest";
import { sessionTimeout } from "../checks/session-timeout";
import { UNKNOWN_VALUE, endpoint, expectOneViolation, violationsOf } from "./support";

describe("client-vpn-session-timeout", () => {
  it("is advisory with a 12-hour default", () => {
    expect(sessionTimeout.enforcementLevel).toBe("advisory");
    expect(sessionTimeout.configSchema?.properties.maxHours.default).toBe(12);
  });

  it.each([
    ["24 hours", 24, "24 hours"],
    ["unset (AWS default 24)", undefined, "the AWS default"],
  ])("reports an endpoint whose sessions last %s, naming it and the fix", (_case, value, wording) => {
    const vpn = endpoint({ sessionTimeoutHours: value });
    const found = expectOneViolation(violationsOf(sessionTimeout, [vpn]), vpn, "sessionTimeoutHours to one of 8, 10, 12");
    expect(found.message).toContain(wording);
  });

  it.each([8, 10, 12])("accepts %i hours", (hours) => {
    expect(violationsOf(sessionTimeout, [endpoint({ sessionTimeoutHours: hours })])).toEqual([]);
  });

  it("uses the configured maximum", () => {
    const vpn = endpoint({ sessionTimeoutHours: 10 });
    expectOneViolation(violationsOf(sessionTimeout, [vpn], { "client-vpn-session-timeout": { maxHours: 8 } }), vpn, "one of 8");
  });

  it("neither crashes nor reports when the timeout is unknown during preview", () => {
    expect(violationsOf(sessionTimeout, [endpoint({ sessionTimeoutHours: UNKNOWN_VALUE })])).toEqual([]);
  });
});

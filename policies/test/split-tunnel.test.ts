import { describe, expect, it } from "vitest";
import { splitTunnel } from "../checks/split-tunnel";
import { UNKNOWN_VALUE, endpoint, expectOneViolation, violationsOf } from "./support";

describe("client-vpn-split-tunnel", () => {
  it("is advisory and configurable", () => {
    expect(splitTunnel.enforcementLevel).toBe("advisory");
    expect(splitTunnel.configSchema?.properties.mode.default).toBe("split");
  });

  it.each([
    ["split tunnel off", false],
    ["split tunnel unset (AWS default: off)", undefined],
  ])("reports an endpoint with %s, naming it and the fix", (_case, value) => {
    const vpn = endpoint({ splitTunnel: value });
    expectOneViolation(violationsOf(splitTunnel, [vpn]), vpn, "splitTunnel: true");
  });

  it("accepts split tunnel on", () => {
    expect(violationsOf(splitTunnel, [endpoint({ splitTunnel: true })])).toEqual([]);
  });

  it("requires full tunnel when configured with mode full", () => {
    const config = { "client-vpn-split-tunnel": { mode: "full" } };
    const vpn = endpoint({ splitTunnel: true });
    expectOneViolation(violationsOf(splitTunnel, [vpn], config), vpn, "splitTunnel: false");
    expect(violationsOf(splitTunnel, [endpoint({ splitTunnel: false })], config)).toEqual([]);
  });

  it("rejects an unknown mode with an error naming the setting", () => {
    expect(() => violationsOf(splitTunnel, [endpoint()], { "client-vpn-split-tunnel": { mode: "half" } })).toThrow(
      /client-vpn-split-tunnel\.mode must be "split" or "full"/,
    );
  });

  it("neither crashes nor reports when splitTunnel is unknown during preview", () => {
    expect(violationsOf(splitTunnel, [endpoint({ splitTunnel: UNKNOWN_VALUE })])).toEqual([]);
  });
});

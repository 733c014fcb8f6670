import { describe, expect, it } from "vitest";
import { unknownCheckingProxy } from "../lib/engine-proxy";
import { UNKNOWN, at, containsUnknown, knownString, knownStrings, snapshot } from "../lib/known";
import { UNKNOWN_VALUE } from "./support";

describe("snapshot of resource props", () => {
  const props = {
    splitTunnel: true,
    sessionTimeoutHours: UNKNOWN_VALUE,
    connectionLogOptions: { enabled: true, cloudwatchLogGroup: UNKNOWN_VALUE },
    authenticationOptions: [{ type: "federated-authentication", samlProviderArn: UNKNOWN_VALUE }],
    dnsServers: ["10.0.0.2", UNKNOWN_VALUE],
  };
  const expected = {
    splitTunnel: true,
    sessionTimeoutHours: UNKNOWN,
    connectionLogOptions: { enabled: true, cloudwatchLogGroup: UNKNOWN },
    authenticationOptions: [{ type: "federated-authentication", samlProviderArn: UNKNOWN }],
    dnsServers: ["10.0.0.2", UNKNOWN],
  };

  it("turns every unknown behind the engine's throwing proxy into UNKNOWN", () => {
    const proxied = unknownCheckingProxy(props);
    expect(() => proxied.sessionTimeoutHours).toThrow(/can't be known during preview/);
    expect(snapshot(proxied)).toEqual(expected);
  });

  it("recognises raw engine sentinels in props built outside the engine", () => {
    expect(snapshot(props)).toEqual(expected);
  });

  it("keeps undefined (absent) apart from unknown", () => {
    expect(snapshot({ splitTunnel: undefined })).toEqual({ splitTunnel: undefined });
  });
});

describe("reading snapshot data", () => {
  const data = { a: { b: [{ c: "x" }] }, pending: UNKNOWN, list: ["p", UNKNOWN], empty: "" };

  it.each([
    [["a", "b", 0, "c"], "x"],
    [["a", "missing", "c"], undefined],
    [["pending", "deeper"], UNKNOWN],
    [["empty", "length"], undefined],
  ])("at(%j) is %s", (path, value) => {
    expect(at(data, ...path)).toBe(value);
  });

  it("finds unknowns nested anywhere", () => {
    expect(containsUnknown(data)).toBe(true);
    expect(containsUnknown({ a: { b: [{ c: "x" }] } })).toBe(false);
  });

  it("reads non-empty strings only", () => {
    expect([knownString("x"), knownString(""), knownString(UNKNOWN), knownString(3)]).toEqual(["x", undefined, undefined, undefined]);
  });

  it("reads string lists only when every element is known", () => {
    expect([knownStrings(["a", "b"]), knownStrings(["a", UNKNOWN]), knownStrings(UNKNOWN), knownStrings("a")]).toEqual([
      ["a", "b"],
      UNKNOWN,
      UNKNOWN,
      undefined,
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { FleetUsageError, parseStackList, selectStacks } from "../cli/tenants/stack-selection";

describe("parseStackList", () => {
  it.each([
    { input: "dev,prod", names: ["dev", "prod"] },
    { input: " dev , prod ,", names: ["dev", "prod"] },
    { input: "dev,dev,prod", names: ["dev", "prod"] },
    { input: ",,", names: [] },
  ])("'$input' -> $names", ({ input, names }) => {
    expect(parseStackList(input)).toEqual(names);
  });
});

describe("selectStacks", () => {
  const known = ["acme", "globex", "other-org/globex", "initech"];

  it("selects every known stack when --stacks is absent", () => {
    expect(selectStacks(known, undefined)).toEqual(known);
  });

  it("keeps the requested order", () => {
    expect(selectStacks(known, ["initech", "acme"])).toEqual(["initech", "acme"]);
  });

  it("prefers an exact name over a suffix match", () => {
    expect(selectStacks(known, ["globex"])).toEqual(["globex"]);
  });

  it("matches a fully qualified name by its last segment", () => {
    expect(selectStacks(["acme/clientvpn-federation/prod"], ["prod"])).toEqual(["acme/clientvpn-federation/prod"]);
  });

  it("names --stacks, the unknown names and the known stacks when a name is unknown", () => {
    expect(() => selectStacks(known, ["acme", "hooli", "umbrella"])).toThrow(FleetUsageError);
    expect(() => selectStacks(known, ["acme", "hooli", "umbrella"])).toThrow(
      "--stacks names unknown stack(s): hooli, umbrella. Known stacks: acme, globex, other-org/globex, initech.",
    );
  });

  it("refuses a short name that matches stacks in two organisations", () => {
    expect(() => selectStacks(["a/p/prod", "b/p/prod"], ["prod"])).toThrow(/match more than one stack: prod \(a\/p\/prod, b\/p\/prod\)/);
  });

  it("refuses an empty --stacks", () => {
    expect(() => selectStacks(known, [])).toThrow(/--stacks is empty/);
  });
});

import { describe, expect, it } from "vitest";
import { compareDeclaredGraphs } from "../cli/plan/declared-graph-change";
import { RecordedResource } from "../cli/plan/recording-mocks";

const urn = (name: string, type = "test:index/thing:Thing") => `urn:pulumi:s::p::${type}::${name}`;
function resource(name: string, inputs: Record<string, unknown>, more: Partial<RecordedResource> = {}): RecordedResource {
  return { type: "test:index/thing:Thing", name, inputs, state: inputs, urn: urn(name), dependsOn: [], ...more };
}
const rules = { "test:index/thing:Thing": ["key"] };
const kinds = (before: RecordedResource[], after: RecordedResource[]) => {
  const change = compareDeclaredGraphs(before, after, rules);
  return Object.fromEntries(Object.entries(change).map(([kind, list]) => [kind, list.map((r: { name: string; properties: string[] }) => `${r.name}:${r.properties.join("+")}`)]));
};

describe("compareDeclaredGraphs", () => {
  it.each([
    { case: "a resource only in the new graph is created", before: [], after: [resource("a", {})], expected: { create: ["a:"], replace: [], update: [], delete: [] } },
    { case: "a resource only in the old graph is deleted", before: [resource("a", {})], after: [], expected: { create: [], replace: [], update: [], delete: ["a:"] } },
    { case: "a changed replacing input replaces", before: [resource("a", { key: 1 })], after: [resource("a", { key: 2 })], expected: { create: [], replace: ["a:key"], update: [], delete: [] } },
    { case: "another changed input updates", before: [resource("a", { key: 1, size: 1 })], after: [resource("a", { key: 1, size: 2 })], expected: { create: [], replace: [], update: ["a:size"], delete: [] } },
    { case: "equal inputs change nothing", before: [resource("a", { key: 1, list: [1, 2] })], after: [resource("a", { key: 1, list: [1, 2] })], expected: { create: [], replace: [], update: [], delete: [] } },
    { case: "an input that appears counts", before: [resource("a", {})], after: [resource("a", { size: 2 })], expected: { create: [], replace: [], update: ["a:size"], delete: [] } },
  ])("$case", ({ before, after, expected }) => {
    expect(kinds(before, after)).toEqual(expected);
  });

  it("treats an input taken from a replaced resource as changed, even when the fakes gave the same value", () => {
    const before = [resource("a", { key: 1 }), resource("b", { key: "from-a" }, { propertyDependencies: { key: [urn("a")] } })];
    const after = [resource("a", { key: 2 }), resource("b", { key: "from-a" }, { propertyDependencies: { key: [urn("a")] } })];
    expect(kinds(before, after).replace).toEqual(["a:key", "b:key"]);
  });

  it("does not treat an explicit dependsOn on a replaced resource as a change", () => {
    const before = [resource("a", { key: 1 }), resource("b", { key: 9 }, { dependsOn: [urn("a")] })];
    const after = [resource("a", { key: 2 }), resource("b", { key: 9 }, { dependsOn: [urn("a")] })];
    expect(kinds(before, after).replace).toEqual(["a:key"]);
  });

  it("marks a replacement that deletes first", () => {
    const change = compareDeclaredGraphs([resource("a", { key: 1 })], [resource("a", { key: 2 }, { deleteBeforeReplace: true })], rules);
    expect(change.replace[0].deleteFirst).toBe(true);
  });

  it("skips components and stack references, which only group or read", () => {
    const component = { ...resource("c", {}), type: "clientvpn-federation:entra:SamlApp", urn: urn("c", "clientvpn-federation:entra:SamlApp") };
    expect(compareDeclaredGraphs([], [component], rules)).toEqual({ create: [], replace: [], update: [], delete: [] });
  });

  it("ignores a dynamic resource's serialized provider", () => {
    expect(kinds([resource("a", { __provider: "v1" })], [resource("a", { __provider: "v2" })]).update).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { AccessEntry } from "../components/config";
import { describeAuthorizationRules, planAuthorizationRules, planReturnRoutes, planRoutes } from "../components/access-plan";

const engineers = { objectId: "3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74", alias: "engineers" };
const finance = { objectId: "0b7e4d2a-5c1f-4a3e-9d8b-7f6a2c1e0d93" };
const access: AccessEntry[] = [
  { name: "transit-dns", cidr: "10.2.0.0/16", description: "DNS", groups: "all" },
  { name: "local-services", cidr: "10.0.8.0/21", description: "inside the VPC", groups: "all" },
  { name: "payments", cidr: "10.3.0.0/16", description: "Payments", groups: [engineers, finance] },
  { name: "payments-admin", cidr: "10.3.0.0/16", description: "Payments again", groups: [{ objectId: "1c1c1c1c-2d2d-4e4e-8f8f-909090909090" }] },
];
const vpcCidrs = ["10.0.0.0/16"];
const subnets = ["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88"];

describe("authorization rules", () => {
  it("makes one allow-all rule for `groups: all`", () => {
    const rules = planAuthorizationRules(access).filter((r) => r.accessName === "transit-dns");
    expect(rules).toEqual([{ resourceName: "rule-transit-dns-all", accessName: "transit-dns", cidr: "10.2.0.0/16", description: "DNS" }]);
  });

  it("makes one rule per group object ID, named after the ID so renaming an alias changes nothing", () => {
    const rules = planAuthorizationRules(access).filter((r) => r.accessName === "payments");
    expect(rules.map((r) => [r.resourceName, r.groupObjectId])).toEqual([
      [`rule-payments-${engineers.objectId}`, engineers.objectId],
      [`rule-payments-${finance.objectId}`, finance.objectId],
    ]);
  });

  it("keeps every resource name unique", () => {
    const names = planAuthorizationRules(access).map((r) => r.resourceName);
    expect(new Set(names).size).toBe(names.length);
  });

  it("describes the rules for the stack output by alias and object ID", () => {
    expect(describeAuthorizationRules(access)[2]).toEqual({
      name: "payments",
      network: "10.3.0.0/16",
      groups: [`engineers (${engineers.objectId})`, finance.objectId],
    });
  });
});

describe("routes", () => {
  const routes = planRoutes(access, subnets, vpcCidrs);

  it("adds no route for a network inside the VPC: AWS adds that one and refuses a duplicate", () => {
    expect(routes.filter((r) => r.cidr === "10.0.8.0/21")).toEqual([]);
  });

  it("adds each outside network once per associated subnet, even when two entries grant it", () => {
    expect(routes.map((r) => `${r.cidr} via ${r.subnetId}`)).toEqual([
      `10.2.0.0/16 via ${subnets[0]}`,
      `10.2.0.0/16 via ${subnets[1]}`,
      `10.3.0.0/16 via ${subnets[0]}`,
      `10.3.0.0/16 via ${subnets[1]}`,
    ]);
  });

  it("treats a network inside a secondary VPC CIDR as inside the VPC", () => {
    expect(planRoutes(access, subnets, ["10.0.0.0/16", "10.2.0.0/16"]).map((r) => r.cidr)).not.toContain("10.2.0.0/16");
  });
});

describe("return routes", () => {
  it("lists the outside networks and the associated subnets their replies must go back to", () => {
    expect(planReturnRoutes(access, vpcCidrs, ["10.0.0.0/24", "10.0.1.0/24"])).toEqual([
      { name: "transit-dns", network: "10.2.0.0/16", returnTo: ["10.0.0.0/24", "10.0.1.0/24"] },
      { name: "payments", network: "10.3.0.0/16", returnTo: ["10.0.0.0/24", "10.0.1.0/24"] },
    ]);
  });

  it("asks for no return route for the internet", () => {
    const internet: AccessEntry[] = [{ name: "internet", cidr: "0.0.0.0/0", description: "", groups: "all" }];
    expect(planReturnRoutes(internet, vpcCidrs, ["10.0.0.0/24"])).toEqual([]);
  });
});

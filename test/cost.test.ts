import { describe, expect, it } from "vitest";
import { clientVpnPrices, findClientVpnPrice } from "../components/client-vpn-prices";
import { ConfigError } from "../components/config";
import { type CostInput, estimateMonthlyCost } from "../components/cost";

const walkthrough: CostInput = { region: "us-east-1", associations: 2, expectedUsers: 50, hoursPerUserPerWeek: 40 };

function problemsOf(input: CostInput): { setting: string; message: string }[] {
  try {
    estimateMonthlyCost(input);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected estimateMonthlyCost to refuse the input");
}

describe("the walkthrough's example", () => {
  const estimate = estimateMonthlyCost(walkthrough);

  it("comes to $544 a month", () => {
    expect(estimate.totalUsd).toBe(544);
  });

  it("bills 2 associations for 24 hours a day over 30 days at $0.10: $144", () => {
    expect(estimate.lines[0]).toEqual({ item: "Client VPN endpoint association", quantity: 2, hours: 720, unitPriceUsd: 0.1, usd: 144 });
  });

  it("bills 50 users for 40 hours a week over 4 weeks at $0.05: $400", () => {
    expect(estimate.lines[1]).toEqual({ item: "Client VPN connection", quantity: 50, hours: 160, unitPriceUsd: 0.05, usd: 400 });
  });

  it("states the month convention, the prices' source and what it leaves out", () => {
    expect(estimate.region).toBe("us-east-1");
    expect(estimate.assumptions.join("\n")).toMatch(/720 hours a month/);
    expect(estimate.assumptions.join("\n")).toMatch(/40 hours a week for 4 weeks \(160 connection-hours/);
    expect(estimate.assumptions.join("\n")).toContain("https://aws.amazon.com/vpn/pricing/");
    expect(estimate.assumptions.join("\n")).toMatch(/Not included: data transfer/);
  });
});

describe("arithmetic", () => {
  it.each([
    // Sums that drift in binary floating point: 0.1 * 3 * 720 is 216.00000000000003.
    [{ region: "us-east-1", associations: 3, expectedUsers: 7, hoursPerUserPerWeek: 33 }, 216, 46.2, 262.2],
    [{ region: "ap-northeast-1", associations: 2, expectedUsers: 10, hoursPerUserPerWeek: 40 }, 216, 80, 296],
    [{ region: "sa-east-1", associations: 1, expectedUsers: 0, hoursPerUserPerWeek: 0 }, 108, 0, 108],
    // Part-time hours, as cost.hoursPerUserPerWeek allows.
    [{ region: "us-west-2", associations: 0, expectedUsers: 3, hoursPerUserPerWeek: 37.5 }, 0, 22.5, 22.5],
  ])("%o costs $%s + $%s = $%s exactly", (input, associationsUsd, connectionsUsd, totalUsd) => {
    const estimate = estimateMonthlyCost(input);
    expect(estimate.lines.map((line) => line.usd)).toEqual([associationsUsd, connectionsUsd]);
    expect(estimate.totalUsd).toBe(totalUsd);
  });

  it("adds the lines up to the total for every priced region", () => {
    for (const { region } of clientVpnPrices) {
      const estimate = estimateMonthlyCost({ region, associations: 3, expectedUsers: 123, hoursPerUserPerWeek: 37 });
      const cents = estimate.lines.reduce((sum, line) => sum + Math.round(line.usd * 100), 0);
      expect(Math.round(estimate.totalUsd * 100)).toBe(cents);
    }
  });
});

describe("price table", () => {
  it.each(clientVpnPrices.map((entry) => [entry.region, entry]))("%s has positive prices and a cited source", (_region, entry) => {
    expect(entry.endpointAssociationUsdPerHour).toBeGreaterThan(0);
    expect(entry.connectionUsdPerHour).toBeGreaterThan(0);
    expect(entry.sourceUrl).toMatch(/^https:\/\/(aws\.amazon\.com\/vpn\/pricing\/|pricing\.us-east-1\.amazonaws\.com\/offers\/v1\.0\/aws\/AmazonVPC\/current\/)/);
    if (entry.sourceUrl.includes("/offers/")) expect(entry.sourceUrl).toContain(`/${entry.region}/`);
    expect(entry.evidence.length).toBeGreaterThan(20);
  });

  it("lists each region once", () => {
    const regions = clientVpnPrices.map((entry) => entry.region);
    expect(new Set(regions).size).toBe(regions.length);
  });

  it("holds the walkthrough's $0.10/$0.05 for us-east-1", () => {
    expect(findClientVpnPrice("us-east-1")).toMatchObject({ endpointAssociationUsdPerHour: 0.1, connectionUsdPerHour: 0.05 });
  });
});

describe("bad input", () => {
  it.each([
    ["negative users", { expectedUsers: -1 }, "cost.expectedUsers", /whole number of users/],
    ["fractional users", { expectedUsers: 2.5 }, "cost.expectedUsers", /whole number of users/],
    ["users that are not a number", { expectedUsers: Number.NaN }, "cost.expectedUsers", /whole number of users/],
    ["negative hours", { hoursPerUserPerWeek: -4 }, "cost.hoursPerUserPerWeek", /from 0 to 168/],
    ["more hours than a week has", { hoursPerUserPerWeek: 169 }, "cost.hoursPerUserPerWeek", /from 0 to 168/],
    ["infinite hours", { hoursPerUserPerWeek: Number.POSITIVE_INFINITY }, "cost.hoursPerUserPerWeek", /from 0 to 168/],
    ["a negative association count", { associations: -2 }, "vpn.subnetIds", /whole number/],
    ["a region without a price", { region: "eu-west-2" }, "aws:region", /has no Client VPN price for it/],
    ["an invented region", { region: "moon-base-1" }, "aws:region", /the cost estimate has no Client VPN price/],
  ])("refuses %s, naming the setting", (_name, change, setting, message) => {
    const problems = problemsOf({ ...walkthrough, ...change });
    expect(problems.map((problem) => problem.setting)).toEqual([setting]);
    expect(problems[0].message).toMatch(message);
  });

  it("reports every bad setting at once", () => {
    const problems = problemsOf({ region: "eu-west-2", associations: 2, expectedUsers: -1, hoursPerUserPerWeek: 200 });
    expect(problems.map((problem) => problem.setting)).toEqual(["cost.expectedUsers", "cost.hoursPerUserPerWeek", "aws:region"]);
  });

  it("accepts the edges: nobody connected, and users connected around the clock", () => {
    expect(estimateMonthlyCost({ ...walkthrough, expectedUsers: 0 }).totalUsd).toBe(144);
    expect(estimateMonthlyCost({ ...walkthrough, hoursPerUserPerWeek: 168 }).lines[1].hours).toBe(672);
  });
});

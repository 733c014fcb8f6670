import { ConfigError, type ConfigProblem } from "./config";
import { clientVpnPrices, findClientVpnPrice } from "./client-vpn-prices";

/**
 * Monthly Client VPN estimate, using the walkthrough's month: associations run 24 hours a day for
 * 30 days, and each user connects for their weekly hours over 4 weeks. Its example, 2 associations and
 * 50 users at 40 h/week with $0.10/$0.05 prices, comes to $144 + $400 = $544.
 * Billing units (per associated subnet-hour, per connection-hour): https://aws.amazon.com/vpn/pricing/
 */
export interface CostInput {
  region: string;
  /** Subnets associated with the endpoint (each is billed per hour while associated). */
  associations: number;
  expectedUsers: number;
  hoursPerUserPerWeek: number;
}

export interface CostLine {
  item: string;
  /** Associations or users. */
  quantity: number;
  /** Hours each of them is billed for in the month. */
  hours: number;
  unitPriceUsd: number;
  usd: number;
}

export interface CostEstimate {
  region: string;
  totalUsd: number;
  lines: CostLine[];
  assumptions: string[];
}

export const associationHoursPerMonth = 24 * 30;
export const weeksPerMonth = 4;
export const hoursPerWeek = 168;

/** Prices are exact in millionths of a dollar; lines round once, to the cent. */
const microsPerUsd = 1_000_000;
const microsPerCent = 10_000;

function cents(unitPriceUsd: number, quantity: number, hours: number): number {
  const unitPriceMicros = Math.round(unitPriceUsd * microsPerUsd);
  return Math.round((unitPriceMicros * quantity * hours) / microsPerCent);
}

function inputProblems(input: CostInput): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const wholeCount = (value: number) => Number.isSafeInteger(value) && value >= 0;
  if (!wholeCount(input.associations)) {
    problems.push({ setting: "vpn.subnetIds", message: `gives ${String(input.associations)} endpoint associations; the count must be a whole number, 0 or more` });
  }
  if (!wholeCount(input.expectedUsers)) {
    problems.push({ setting: "cost.expectedUsers", message: `is ${String(input.expectedUsers)}; it must be a whole number of users, 0 or more` });
  }
  const hours = input.hoursPerUserPerWeek;
  if (typeof hours !== "number" || !Number.isFinite(hours) || hours < 0 || hours > hoursPerWeek) {
    problems.push({
      setting: "cost.hoursPerUserPerWeek",
      message: `is ${String(hours)}; it must be a number of hours from 0 to ${hoursPerWeek} (the hours in a week)`,
    });
  }
  if (!findClientVpnPrice(input.region)) {
    problems.push({
      setting: "aws:region",
      message:
        `is "${input.region}", and the cost estimate has no Client VPN price for it (prices are kept only for ` +
        `${clientVpnPrices.map((entry) => entry.region).join(", ")}; see components/client-vpn-prices.ts and https://aws.amazon.com/vpn/pricing/)`,
    });
  }
  return problems;
}

/** The monthly estimate with its breakdown; throws ConfigError naming each bad setting. */
export function estimateMonthlyCost(input: CostInput): CostEstimate {
  const problems = inputProblems(input);
  const price = findClientVpnPrice(input.region);
  if (problems.length > 0 || !price) throw new ConfigError(problems);

  const connectionHours = input.hoursPerUserPerWeek * weeksPerMonth;
  const priced = [
    {
      item: "Client VPN endpoint association",
      quantity: input.associations,
      hours: associationHoursPerMonth,
      unitPriceUsd: price.endpointAssociationUsdPerHour,
    },
    {
      item: "Client VPN connection",
      quantity: input.expectedUsers,
      hours: connectionHours,
      unitPriceUsd: price.connectionUsdPerHour,
    },
  ].map((line) => ({ ...line, cents: cents(line.unitPriceUsd, line.quantity, line.hours) }));

  const totalCents = priced.reduce((sum, line) => sum + line.cents, 0);
  return {
    region: input.region,
    totalUsd: totalCents / 100,
    lines: priced.map(({ cents: lineCents, ...line }) => ({ ...line, usd: lineCents / 100 })),
    assumptions: [
      `Endpoint associations are billed ${associationHoursPerMonth} hours a month each (24 hours a day for 30 days).`,
      `Each user connects ${input.hoursPerUserPerWeek} hours a week for ${weeksPerMonth} weeks (${connectionHours} connection-hours a month).`,
      `${input.region} list prices: $${price.endpointAssociationUsdPerHour} per association-hour, $${price.connectionUsdPerHour} per connection-hour (${price.sourceUrl}).`,
      "Not included: data transfer out, CloudWatch Logs for connection logging, any public IPv4 address charges, and taxes.",
    ],
  };
}

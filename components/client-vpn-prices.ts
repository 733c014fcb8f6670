/**
 * AWS Client VPN list prices (USD, on-demand, before tax) by region: one price per endpoint
 * association (associated subnet) hour and one per active client connection hour.
 * Price page: https://aws.amazon.com/vpn/pricing/#AWS_Client_VPN_pricing
 * The same prices are in the AWS Price List offer file for AmazonVPC, usage types
 * `<prefix>-ClientVPN-EndpointHours` and `<prefix>-ClientVPN-ConnectionHours`, one file per region:
 * https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonVPC/current/<region>/index.json
 *
 * This machine has no internet, so neither AWS page could be read directly. A region is listed only
 * where a published source states its price; `evidence` says which. Regions not listed are refused
 * by the estimate rather than guessed. Re-check before quoting a customer: AWS changes prices.
 */
export interface ClientVpnRegionPrice {
  region: string;
  /** USD per associated subnet per hour. */
  endpointAssociationUsdPerHour: number;
  /** USD per connected client per hour. */
  connectionUsdPerHour: number;
  /** Where the price is published for this region. */
  sourceUrl: string;
  /** What confirmed the figure for this region, and when it was read. */
  evidence: string;
}

const pricePage = "https://aws.amazon.com/vpn/pricing/#AWS_Client_VPN_pricing";
const offerFile = (region: string) => `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonVPC/current/${region}/index.json`;

export const clientVpnPrices: readonly ClientVpnRegionPrice[] = [
  {
    region: "us-east-1",
    endpointAssociationUsdPerHour: 0.1,
    connectionUsdPerHour: 0.05,
    sourceUrl: pricePage,
    evidence:
      "10¢ per associated AZ-hour and 5¢ per connection-hour, 'US-East-1 region prices were checked March 20, 2025' " +
      "(https://github.com/sqlxpert/10-minute-aws-client-vpn#goals); the walkthrough's $0.10/$0.05 example matches.",
  },
  {
    region: "us-east-2",
    endpointAssociationUsdPerHour: 0.1,
    connectionUsdPerHour: 0.05,
    sourceUrl: pricePage,
    evidence: "The pricing page's own worked example, set in US East (Ohio), uses $0.10 per association-hour and $0.05 per connection-hour (as quoted by third-party documentation in 2026).",
  },
  {
    region: "us-west-2",
    endpointAssociationUsdPerHour: 0.1,
    connectionUsdPerHour: 0.05,
    sourceUrl: offerFile("us-west-2"),
    evidence: "Third-party region comparison read from the AWS Price List API in 2026: association 0.10, connection 0.05 USD/h.",
  },
  {
    region: "sa-east-1",
    endpointAssociationUsdPerHour: 0.15,
    connectionUsdPerHour: 0.05,
    sourceUrl: offerFile("sa-east-1"),
    evidence: "Third-party region comparison read from the AWS Price List API in 2026: association 0.15, connection 0.05 USD/h.",
  },
  {
    region: "ap-northeast-1",
    endpointAssociationUsdPerHour: 0.15,
    connectionUsdPerHour: 0.05,
    sourceUrl: offerFile("ap-northeast-1"),
    evidence:
      "AWS Price List API usage types APN1-ClientVPN-EndpointHours $0.15 and APN1-ClientVPN-ConnectionHours $0.05, read 2026-09-13 " +
      "(quoted by third-party notes); also https://qiita.com/kfukuie/items/846ee76b80a2142d2f98 (0.15 USD per association-hour).",
  },
];

/** The price entry for a region, or undefined when the table has none. */
export function findClientVpnPrice(region: string): ClientVpnRegionPrice | undefined {
  return clientVpnPrices.find((entry) => entry.region === region);
}

/**
 * The configuration reference: which schema documents which setting, and where its table goes. Each
 * section is a generated block of docs/configuration.md, rendered from the schema that validates it.
 */
import { z } from "zod";
import {
  accessEntrySchema,
  azureSchema,
  configNamespace,
  costSchema,
  providerSettingSchemas,
  stackSettingSchemas,
  vpnSchema,
} from "../../components/config";
import type { ClientVpnRegionPrice } from "../../components/client-vpn-prices";
import { planNetworkSchema } from "../plan/plan-network";
import { adoptedSchema } from "../../components/adopted-settings";
import { renderSettingsTable, settingRows } from "./settings-table";

export interface ConfigReferenceSection {
  /** The generated block's id in docs/configuration.md. */
  blockId: string;
  schema: z.ZodType;
  /** How the user writes the section's settings, e.g. `vpn.` for `vpn.clientCidr`. */
  prefix: string;
  /** The file that holds the schema, named in the message when a setting lacks its description. */
  source: string;
  /** The keys in the clientvpn-federation namespace this section documents. */
  namespaceKeys: readonly string[];
}

const configFile = "components/config.ts";

export const configReferenceSections: readonly ConfigReferenceSection[] = [
  { blockId: "config-providers", schema: z.object(providerSettingSchemas), prefix: "", source: `${configFile} (providerSettingSchemas)`, namespaceKeys: [] },
  {
    blockId: "config-stack",
    schema: z.object(stackSettingSchemas),
    prefix: `${configNamespace}:`,
    source: `${configFile} (stackSettingSchemas)`,
    namespaceKeys: Object.keys(stackSettingSchemas),
  },
  { blockId: "config-azure", schema: azureSchema, prefix: "azure.", source: `${configFile} (azureSchema)`, namespaceKeys: ["azure"] },
  { blockId: "config-vpn", schema: vpnSchema, prefix: "vpn.", source: `${configFile} (vpnSchema)`, namespaceKeys: ["vpn"] },
  { blockId: "config-access", schema: accessEntrySchema, prefix: "access[].", source: `${configFile} (accessEntrySchema)`, namespaceKeys: ["access"] },
  { blockId: "config-cost", schema: costSchema, prefix: "cost.", source: `${configFile} (costSchema)`, namespaceKeys: ["cost"] },
  {
    blockId: "config-planNetwork",
    schema: planNetworkSchema,
    prefix: "planNetwork.",
    source: "cli/plan/plan-network.ts (planNetworkSchema)",
    namespaceKeys: ["planNetwork"],
  },
  {
    blockId: "config-adopted",
    schema: adoptedSchema,
    prefix: "adopted.",
    source: "components/adopted-settings.ts (adoptedSchema)",
    namespaceKeys: ["adopted"],
  },
];

export function renderConfigSection(section: ConfigReferenceSection): string {
  return renderSettingsTable(settingRows(section.schema, section.prefix, section.source));
}

/** The region price table of docs/cost.md, from the prices the estimate uses. */
export function renderPriceTable(prices: readonly ClientVpnRegionPrice[]): string {
  const usd = (value: number) => value.toFixed(2);
  return [
    "| Region | Association $/h | Connection $/h | Source |",
    "| --- | --- | --- | --- |",
    ...prices.map((price) => `| ${price.region} | ${usd(price.endpointAssociationUsdPerHour)} | ${usd(price.connectionUsdPerHour)} | [price](${price.sourceUrl}) |`),
  ].join("\n");
}

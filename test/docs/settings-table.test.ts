import { describe, expect, it } from "vitest";
import { z } from "zod";
import { renderSettingsTable, settingRows, UndescribedSettingError } from "../../cli/docs/settings-table";

const schema = z.strictObject({
  name: z.string().max(63).describe("The name."),
  port: z.union([z.literal(443), z.literal(1194)]).default(443).describe("The port."),
  protocol: z.enum(["udp", "tcp"]).default("udp").describe("The transport."),
  hours: z.union([8, 10, 12, 24].map((hours) => z.literal(hours))).default(12).describe("Session length."),
  servers: z.array(z.string()).max(2).optional().describe("DNS servers."),
  emails: z.array(z.email()).optional().describe("Who to tell."),
  split: z.boolean().default(true).describe("Split tunnel."),
  users: z.number().int().min(0).default(0).describe("Users."),
  share: z.number().min(0).max(168).default(40).describe("Hours a week."),
  quotas: z.strictObject({ rules: z.number().int().positive().default(200).describe("Rules.") }).default({ rules: 200 }).describe("Quotas."),
  groups: z.record(z.string().describe("alias"), z.string().describe("group object ID")).describe("Groups."),
  subnets: z.record(z.string().describe("subnet ID"), z.strictObject({ cidr: z.string().describe("Its range.") })).optional().describe("Subnets."),
  access: z.union([z.literal("all"), z.array(z.string())]).describe("Who."),
});

describe("the settings table, read from a zod schema", () => {
  const rows = Object.fromEntries(settingRows(schema, "vpn.", "components/config.ts").map((row) => [row.setting, row]));

  it.each([
    ["vpn.name", "text, at most 63 characters", "**required**"],
    ["vpn.port", "`443` or `1194`", "`443`"],
    ["vpn.protocol", "`udp` or `tcp`", "`udp`"],
    ["vpn.hours", "`8`, `10`, `12` or `24`", "`12`"],
    ["vpn.servers", "list of text (at most 2)", "not set"],
    ["vpn.emails", "list, each email address", "not set"],
    ["vpn.split", "`true` or `false`", "`true`"],
    ["vpn.users", "whole number, at least 0", "`0`"],
    ["vpn.share", "number, 0 to 168", "`40`"],
    ["vpn.quotas", "object", "see its fields"],
    ["vpn.quotas.rules", "whole number, at least 1", "`200`"],
    ["vpn.groups", "map: alias → group object ID", "**required**"],
    ["vpn.subnets", "map: subnet ID → object", "not set"],
    ["vpn.subnets.<subnet ID>.cidr", "text", "**required**"],
    ["vpn.access", "`all` or list of text", "**required**"],
  ])("%s: %s, default %s", (setting, type, defaultValue) => {
    expect(rows[setting]).toMatchObject({ type, defaultValue });
  });

  it("takes each description from .describe()", () => {
    expect(rows["vpn.port"].description).toBe("The port.");
    expect(rows["vpn.subnets.<subnet ID>.cidr"].description).toBe("Its range.");
  });

  it("refuses a setting without a description, naming it, its file and the fix", () => {
    const undescribed = schema.extend({ banner: z.string().optional() });
    expect(() => settingRows(undescribed, "vpn.", "components/config.ts")).toThrow(UndescribedSettingError);
    expect(() => settingRows(undescribed, "vpn.", "components/config.ts")).toThrow(
      'vpn.banner has no description: add .describe("what it does, its limits, what changing it does") to it in components/config.ts, then run npm run docs',
    );
  });

  it("renders one Markdown row per setting, with pipes escaped", () => {
    const table = renderSettingsTable([{ setting: "a", type: "text", defaultValue: "not set", description: "x | y" }]);
    expect(table.split("\n")).toEqual(["| Setting | Type | Default | Meaning |", "| --- | --- | --- | --- |", "| `a` | text | not set | x \\| y |"]);
  });
});

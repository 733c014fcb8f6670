import { z } from "zod";
import { Ipv4Network, containsAddress, ipv4Network, isIpv4Address, overlaps, parseIpv4Cidr } from "./cidr";
import { entraCloudNames, findEntraCloud } from "./entra-cloud";
import { loginBannerProblem, maxLoginBannerBytes } from "./login-banner";
import { awsRegionProblem } from "./aws-region";
import { defaultGroupClaimRoute, GroupClaimRoute, groupClaimRoutes } from "./group-claim-route";
import { currentEndDateSetting, rotationSetting, rotationStepMeaning, rotationSteps, SigningRotationConfig } from "./signing-rotation";
import { AdoptedSettings, parseAdoptedSettings } from "./adopted-settings";

/**
 * The stack configuration: the user-facing contract, validated in one pure step that
 * reports every problem at once, each naming its setting and the fix.
 *
 * AWS facts used here:
 * - CreateClientVpnEndpoint (client CIDR, DNS servers, ports, transport, session timeout):
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateClientVpnEndpoint.html
 * - The login banner limit (1,400 UTF-8 bytes): see login-banner.ts.
 * - Client VPN quotas and rules (client CIDR /12../22, no overlap with the VPC or routes, quotas):
 *   https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/limits.html
 * - CloudWatch Logs retention values:
 *   https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 * - Target subnets (one per availability zone, a /27 or larger with at least 20 free addresses at all times):
 *   https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-target.html
 * - DNS servers (none: the device's own DNS is used; "Modifying the DNS server resets existing client connections"):
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyClientVpnEndpoint.html
 *
 * Each setting's `.describe()` text is its entry in docs/configuration.md (`npm run docs` writes it there), so
 * a setting and its documentation change together.
 */

export const configNamespace = "clientvpn-federation";

/**
 * Every key this program reads in its namespace. `planNetwork` is read only by the offline plan,
 * which cannot look the network up; `adopted` is written by `npm run adopt` for a federation it took over.
 */
export const namespaceSettings = ["azure", "vpn", "access", "cost", "mode", "identityStack", "planNetwork", "adopted"] as const;

/** What a stack may run: Entra side, AWS side, or both (one identity can serve several endpoint stacks). */
export const stackModes = ["all", "identity", "endpoint"] as const;
export type StackMode = (typeof stackModes)[number];

export { clientVpnIdentifierUri } from "./client-vpn-identifier";

/** Valid values of SessionTimeoutHours, per CreateClientVpnEndpoint. */
export const sessionTimeoutHoursAllowed = [8, 10, 12, 24] as const;
export const vpnPortsAllowed = [443, 1194] as const;
export const logRetentionDaysAllowed = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
/** Client CIDR size bounds: "/12 .. /22" (Client VPN rules and best practices). */
export const clientCidrPrefixRange = { widest: 12, narrowest: 22 } as const;
export const maxDnsServers = 2;
/**
 * Default, adjustable Client VPN quotas per endpoint (limits.html). Users who raised theirs
 * in Service Quotas say so in `vpn.quotas`, so validation follows their account, not ours.
 */
export const defaultQuotas = { authorizationRules: 200, routesPerAssociation: 100 } as const;
/** Description of an authorization rule or route: at most 255 characters (AuthorizeClientVpnIngress). */
export const maxRuleDescriptionLength = 255;

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const vpcIdPattern = /^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const subnetIdPattern = /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const acmArnPattern = /^arn:aws(?:-[a-z]+)*:acm:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const hostedZonePattern = /^Z[A-Z0-9]{1,31}$/;
const domainPattern = /^(?=.{1,253}$)(?:(?!-)[a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/i;
const accessNamePattern = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const aliasPattern = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,62})$/;
const rfc3339Pattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const identityStackPattern = /^[^/\s]+\/[^/\s]+\/[^/\s]+$/;

/**
 * The message for a number or true/false setting, unless the value is that number or word in quotes
 * (`vpnPort: "443"` in YAML is text): then the fix is to remove the quotes, whatever else is wrong.
 */
function numberError(message: string) {
  return (issue: { input?: unknown }): string => {
    const input = issue.input;
    return typeof input === "string" && input.trim() !== "" && Number.isFinite(Number(input))
      ? `is the text "${input}"; remove the quotes so it is the number ${input.trim()}`
      : message;
  };
}

function booleanError(issue: { input?: unknown }): string {
  const input = issue.input;
  return input === "true" || input === "false" ? `is the text "${input}"; remove the quotes so it is ${input}` : "must be true or false";
}

/**
 * The provider settings the program reads. The providers define them; these schemas say what the program
 * requires of them, and describe them in the configuration reference. parseStackConfig checks them by hand
 * (with the same checks) to word its messages for each.
 */
export const providerSettingSchemas = {
  "aws:region": z
    .string()
    .refine((region) => awsRegionProblem(region) === undefined)
    .describe(
      "Region of the endpoint, e.g. `us-east-1`: one of the regions the pinned AWS provider knows (`aws.Region` in `@pulumi/aws`), in " +
        "lowercase; a near miss is answered with the region meant. Required in `all` and `endpoint` mode; an identity stack has no AWS side.",
    ),
  "azuread:tenantId": z.string().regex(guidPattern).describe("The Entra tenant ID, a GUID."),
  "azuread:environment": z
    .enum(entraCloudNames as [string, ...string[]])
    .default("global")
    .describe(
      "The Entra national cloud: `global` (alias `public`), `usgovernmentl4` (alias `usgovernment`), `usgovernmentl5` (alias `dod`) " +
        "or `china`. It sets the provider's cloud, the Graph endpoint and the sign-in host in the IdP metadata.",
    ),
};

/** The program's own top-level settings that are not sections (sections have their schemas below). */
export const stackSettingSchemas = {
  mode: z
    .enum(stackModes)
    .default("all")
    .describe(
      "`all`: both clouds in one stack. `identity`: the Entra side only, one stack per tenant. " +
        "`endpoint`: the AWS side only, using the application of the identity stack named in `identityStack`.",
    ),
  identityStack: z
    .string()
    .regex(identityStackPattern)
    .optional()
    .describe(
      "Endpoint mode, required there: the identity stack as `org/project/stack`. Its metadata, group map and IDs are read " +
        "through a StackReference.",
    ),
};

export const azureSchema = z.strictObject({
  displayName: z
    .string({ error: "must be a string" })
    .trim()
    .min(1, { error: "must not be empty" })
    .max(256, { error: "must be at most 256 characters" })
    .default("AWS Client VPN")
    .describe("Name of the application in Entra ID (App registrations, Enterprise applications)."),
  signingCertificateEndDate: z
    .string({ error: "must be an RFC 3339 date such as 2029-11-01T00:00:00Z" })
    .regex(rfc3339Pattern, { error: "must be an RFC 3339 date such as 2029-11-01T00:00:00Z" })
    .optional()
    .describe(
      "End date of the token signing certificate, in RFC 3339 (`2029-11-01T00:00:00Z`). It is fixed here, never computed from the clock, " +
        "and must be in the future. Left out, Entra's default applies: three years from creation. " +
        "Do not edit it to rotate the certificate: Entra would sign with a key IAM does not trust yet, so `pulumi up` refuses; " +
        "use `signingCertificateRotation` (docs/rotating-the-signing-certificate.md).",
    ),
  signingCertificateRotation: z
    .strictObject({
      endDate: z
        .string({ error: "must be the new certificate's end date, an RFC 3339 date such as 2032-10-01T00:00:00Z" })
        .regex(rfc3339Pattern, { error: "must be an RFC 3339 date such as 2032-10-01T00:00:00Z" })
        .describe("End date of the new certificate, at most three years ahead."),
      step: z
        .enum(rotationSteps, { error: `must be one of ${rotationSteps.join(", ")}, in that order (immediate only in an emergency)` })
        .describe(rotationSteps.map((step) => `\`${step}\` ${rotationStepMeaning[step]}`).join("; ") + "."),
    })
    .optional()
    .describe(
      "A rotation of the token signing certificate without a sign-in outage: one `pulumi up` per step, `publish`, then (after IAM " +
        "and every endpoint stack hold the new certificate) `activate`, then `retire`. `signingCertificateEndDate` keeps naming " +
        "the certificate being replaced until the end. Procedure: docs/rotating-the-signing-certificate.md.",
    ),
  groups: z.record(
    z.string().regex(aliasPattern, { error: "group aliases use letters, digits, '.', '_' and '-'" }).describe("alias"),
    z
      .string({ error: "must be an Entra group object ID (a GUID)" })
      .regex(guidPattern, {
        error: "must be an Entra group object ID (a GUID such as 3f2a9c1e-0000-4000-8000-000000000001)",
      })
      .describe("group object ID"),
    { error: "must map group aliases to Entra group object IDs" },
  ).describe(
    "The Entra groups that may use the VPN, as `alias: <group object ID>`. Every group is assigned to the application, and only " +
      "assigned groups appear in the `memberOf` claim. Access entries name groups by alias or object ID. At least one.",
  ),
  notificationEmails: z
    .array(z.email({ error: "must be an email address" }), { error: "must be a list of email addresses, e.g. [it-security@example.com]" })
    .optional()
    .describe("Who Entra emails before the signing certificate expires."),
  /** Identity mode: whether endpoint stacks may use the self-service portal (adds its reply URL). */
  selfServicePortal: z
    .boolean({ error: booleanError })
    .optional()
    .describe(
      "Identity mode: also accept the self-service portal's reply URL, so endpoint stacks may turn the portal on. " +
        "In all mode leave it out: `vpn.selfServicePortal` decides both sides.",
    ),
  groupClaim: z
    .enum(groupClaimRoutes, { error: `must be ${groupClaimRoutes.map((route) => `"${route}"`).join(" or ")}` })
    .default(defaultGroupClaimRoute)
    .describe(
      "How Entra puts the user's groups into the SAML attribute memberOf. " +
        '"claims-mapping-policy" (default): an app registration of this stack with a claims-mapping policy that copies the groups claim into memberOf. ' +
        '"gallery-app": Microsoft\'s gallery application "AWS ClientVPN", whose preset claims include memberOf; no claims-mapping policy. ' +
        "Changing it replaces the Entra application, its signing certificate and the IAM metadata; run npm run signin-check after the first deploy to see which route works in your tenant.",
    ),
});

const serverCertificateSchema = z.strictObject({
  domainName: z
    .string({ error: "must be a DNS name" })
    .regex(domainPattern, { error: "must be a DNS name such as vpn.example.com" })
    .describe("The endpoint's server name, e.g. `vpn.example.com`."),
  hostedZoneId: z
    .string({ error: "must be a Route 53 hosted zone ID" })
    .regex(hostedZonePattern, {
      error: "must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ",
    })
    .describe("The Route 53 hosted zone that holds the domain; ACM validates the certificate through a DNS record there."),
});

const quotaSchema = z
  .number({ error: numberError("must be your account's quota, a whole number such as 200") })
  .int({ error: "must be a whole number" })
  .min(1, { error: "must be at least 1" });

export const vpnSchema = z.strictObject({
  vpcId: z
    .string({ error: "is required: the VPC the endpoint's subnets live in" })
    .regex(vpcIdPattern, {
      error: "must be a VPC ID such as vpc-0a1b2c3d",
    })
    .describe("The VPC of the subnets, `vpc-…`."),
  subnetIds: z
    .array(z.string().regex(subnetIdPattern, { error: "must be a subnet ID such as subnet-0a1b2c3d" }), {
      error: "must list the subnets to associate, one per availability zone",
    })
    .min(1, { error: "must list at least one subnet to associate" })
    .superRefine((ids, ctx) => {
      ids.forEach((id, index) => {
        if (ids.indexOf(id) !== index) {
          ctx.addIssue({ code: "custom", path: [index], message: `${id} is listed twice; associate each subnet once` });
        }
      });
    })
    .describe(
      "The subnets to associate, all in `vpcId`: at most one per availability zone (AWS allows one per zone). " +
        "Each is billed per hour, and needs at least 20 free addresses at all times.",
    ),
  clientCidr: z
    .string({ error: "is required: the IPv4 range clients get addresses from, e.g. 172.20.0.0/22" })
    .superRefine((value, ctx) => {
      const problem = clientCidrProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .describe(
      "IPv4 range clients get their addresses from, /12 to /22, outside the VPC and every access network. " +
        "**Changing it replaces the endpoint.**",
    ),
  serverCertificateArn: z
    .string()
    .regex(acmArnPattern, { error: "must be an ACM certificate ARN such as arn:aws:acm:eu-west-2:123456789012:certificate/<uuid>" })
    .optional()
    .describe("The endpoint's server certificate: an ACM certificate ARN in the endpoint's region. Set this or `serverCertificate`."),
  serverCertificate: serverCertificateSchema
    .optional()
    .describe("Instead of `serverCertificateArn`: issue a public ACM certificate for `domainName`, validated through DNS in the hosted zone."),
  serverCertificateCaChain: z
    .string()
    .optional()
    .describe(
      "PEM of the CA chain the client profile trusts for the server certificate. For a certificate imported into ACM (or issued by a " +
        "private CA): the chain that issued it. For one ACM issued, leave it out (the profile carries Amazon's public roots) or set ACM's own " +
        "chain (`aws acm get-certificate --query CertificateChain`), which adds its intermediate, as `npm run doctor` advises when it warns.",
    ),
  dnsServers: z
    .array(z.string().refine(isIpv4Address, { error: (issue) => `"${String(issue.input)}" is not an IPv4 address` }))
    .max(maxDnsServers, { error: (issue) => `lists ${(issue.input as unknown[]).length} servers; Client VPN accepts at most ${maxDnsServers}` })
    .optional()
    .describe(
      "DNS servers pushed to clients. Each must be inside an access network, or clients cannot reach it. " +
        "Left out, clients keep their own DNS. Changing them resets existing client connections.",
    ),
  splitTunnel: z
    .boolean({ error: booleanError })
    .default(true)
    .describe("Send only the access networks through the VPN; the rest of the user's traffic goes directly."),
  transportProtocol: z
    .enum(["udp", "tcp"], { error: "must be udp or tcp" })
    .default("udp")
    .describe("Transport of the VPN tunnel. **Changing it replaces the endpoint.**"),
  vpnPort: z
    .union(vpnPortsAllowed.map((port) => z.literal(port)), { error: numberError("must be 443 or 1194, the ports Client VPN listens on") })
    .default(443)
    .describe("Port the endpoint listens on."),
  sessionTimeoutHours: z
    .union(sessionTimeoutHoursAllowed.map((hours) => z.literal(hours)), { error: numberError("must be one of 8, 10, 12 or 24 hours") })
    .default(12)
    .describe("Hours after which a VPN session ends and the user signs in again."),
  selfServicePortal: z
    .boolean({ error: booleanError })
    .default(false)
    .describe(
      "Turn on the self-service portal, where users download their profile. It gets its own IAM SAML provider and reply URL. " +
        "**Changing it replaces the endpoint** (the authentication options change).",
    ),
  loginBanner: z
    .string({ error: "must be text" })
    .superRefine((text, ctx) => {
      const problem = loginBannerProblem(text);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional()
    .describe(`Text the AWS VPN Client shows when a session starts, at most ${maxLoginBannerBytes.toLocaleString("en-US")} bytes in UTF-8 (a letter outside ASCII counts 2 to 4).`),
  logRetentionDays: z
    .union(logRetentionDaysAllowed.map((days) => z.literal(days)), {
      error: numberError(`must be a retention CloudWatch Logs accepts: ${logRetentionDaysAllowed.join(", ")}`),
    })
    .default(365)
    .describe("Days CloudWatch Logs keeps the connection log (its own log group)."),
  quotas: z
    .strictObject({
      authorizationRules: quotaSchema
        .default(defaultQuotas.authorizationRules)
        .describe("Your account's quota of authorization rules per endpoint, if you had it raised in Service Quotas."),
      routesPerAssociation: quotaSchema
        .default(defaultQuotas.routesPerAssociation)
        .describe("Your account's quota of routes per associated subnet, if you had it raised in Service Quotas."),
    })
    .default({ ...defaultQuotas })
    .describe("Client VPN quotas of your account; validation checks the stack against them."),
});

export const accessEntrySchema = z.strictObject({
  name: z
    .string({ error: "is required" })
    .regex(accessNamePattern, {
      error: "must be lowercase letters, digits and '-' (at most 63), e.g. payments",
    })
    .describe("Unique name of the entry: lowercase letters, digits and `-`. It names the rules and routes, so renaming an entry replaces them."),
  cidr: z
    .string({ error: "is required: the destination network, e.g. 10.1.0.0/16" })
    .describe("The destination network, an IPv4 CIDR written with its network address, such as `10.1.0.0/16`."),
  groups: z
    .union([z.literal("all"), z.array(z.string())], {
      error: "must be `all` or a list of group aliases or object IDs from azure.groups",
    })
    .describe("`all` (every assigned user) or a list of aliases or object IDs from `azure.groups`. Each group gets its own authorization rule."),
  description: z
    .string()
    .max(maxRuleDescriptionLength, { error: `must be at most ${maxRuleDescriptionLength} characters` })
    .optional()
    .describe("Description of the entry's rules and routes. Defaults to `name`."),
});

const accessSchema = z.array(accessEntrySchema, { error: "must be a list of {name, cidr, groups} entries" });

export const costSchema = z.strictObject({
  expectedUsers: z
    .number({ error: numberError("must be a whole number") })
    .int({ error: "must be a whole number" })
    .min(0, { error: "must be at least 0" })
    .default(0)
    .describe("Users connected in a typical week."),
  hoursPerUserPerWeek: z
    .number({ error: numberError("must be a number of hours") })
    .min(0, { error: "must not be negative" })
    .max(168, { error: "must be at most 168 (the hours in a week)" })
    .default(40)
    .describe("Hours each of them is connected per week; fractions such as 37.5 are fine."),
});

/** Raw values as Pulumi hands them to the program: objects already decoded from JSON. */
export interface RawStackConfig {
  /** Keys in this program's namespace that it does not know: usually a misspelling. */
  unknownSettings?: string[];
  /**
   * Near misses of a key the program reads, whose real key is absent (azuread:tenantid, clientvpn-federation:acess);
   * their value is read in its place.
   */
  misspelledSettings?: { written: string; meant: string }[];
  awsRegion?: unknown;
  tenantId?: unknown;
  environment?: unknown;
  mode?: unknown;
  identityStack?: unknown;
  azure?: unknown;
  vpn?: unknown;
  access?: unknown;
  cost?: unknown;
  /** Written by `npm run adopt` for a stack that took over a federation built by hand. */
  adopted?: unknown;
}

export interface ConfigProblem {
  /** The setting as the user writes it, e.g. "vpn.clientCidr" or "azuread:tenantId". */
  setting: string;
  message: string;
}

export interface AccessEntry {
  name: string;
  cidr: string;
  description: string;
  /** "all" or group object IDs, lowercase, in the order given. */
  groups: "all" | ResolvedGroup[];
}

export interface ResolvedGroup {
  objectId: string;
  /** The alias from azure.groups, when the entry named the group by alias or its ID has one. */
  alias?: string;
}

export type ServerCertificateConfig =
  | { kind: "existing"; arn: string; caChainPem?: string }
  | { kind: "issued"; domainName: string; hostedZoneId: string; caChainPem?: string };

export interface AzureConfig {
  displayName: string;
  /** How memberOf is made: see components/group-claim-route.ts. */
  groupClaim: GroupClaimRoute;
  /** Whether the application accepts the self-service portal's reply URL. */
  selfServicePortal: boolean;
  signingCertificateEndDate?: string;
  /** A rotation under way: see components/signing-rotation.ts. */
  signingCertificateRotation?: SigningRotationConfig;
  /** alias -> object ID (lowercase). */
  groups: Record<string, string>;
  notificationEmails: string[];
}

export interface VpnConfig {
  vpcId: string;
  subnetIds: string[];
  clientCidr: string;
  serverCertificate: ServerCertificateConfig;
  dnsServers: string[];
  splitTunnel: boolean;
  transportProtocol: "udp" | "tcp";
  vpnPort: 443 | 1194;
  sessionTimeoutHours: (typeof sessionTimeoutHoursAllowed)[number];
  selfServicePortal: boolean;
  loginBanner?: string;
  logRetentionDays: number;
  quotas: { authorizationRules: number; routesPerAssociation: number };
}

export interface StackConfig {
  mode: StackMode;
  awsRegion: string;
  tenantId: string;
  environment: string;
  identityStack?: string;
  azure: AzureConfig;
  vpn: VpnConfig;
  access: AccessEntry[];
  cost: { expectedUsers: number; hoursPerUserPerWeek: number };
  adopted: AdoptedSettings;
}

export type ConfigResult = { ok: true; config: StackConfig } | { ok: false; problems: ConfigProblem[] };

/** Thrown by the program when validation fails; carries every problem so nothing is lost. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = "ConfigError";
  }
}

export function formatProblems(problems: ConfigProblem[]): string {
  const lines = problems.map((p) => `  - ${p.setting}: ${p.message}`);
  return `The stack configuration has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was created:\n${lines.join("\n")}`;
}

/** Zod issues as problems named by their setting path, e.g. "access[2].cidr". */
export function zodProblems(section: string, error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => {
    const path = [section, ...issue.path.map(String)];
    if (issue.code === "unrecognized_keys") {
      return {
        setting: path.join(".").replace(/\.(\d+)(?=\.|$)/g, "[$1]"),
        message: `unknown setting${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}; check the spelling against the configuration reference`,
      };
    }
    return { setting: path.join(".").replace(/\.(\d+)(?=\.|$)/g, "[$1]"), message: issue.message };
  });
}

/**
 * Validates the stack configuration. `now` is only used to refuse a signing certificate end
 * date already in the past; it never computes a value that ends up in a resource.
 */
export function parseStackConfig(raw: RawStackConfig, now: Date): ConfigResult {
  const problems: ConfigProblem[] = [];
  const problem = (setting: string, message: string) => problems.push({ setting, message });

  for (const { written, meant } of raw.misspelledSettings ?? []) {
    problem(
      written,
      written.toLowerCase() === meant.toLowerCase()
        ? `is not a setting: config keys are case-sensitive, write it ${meant}`
        : `is not a setting of this program; did you mean ${meant}?`,
    );
  }
  for (const key of raw.unknownSettings ?? []) {
    problem(key, `is not a setting of this program; the settings are ${namespaceSettings.join(", ")}`);
  }
  const mode = parseMode(raw.mode, problem);
  const awsRegion = typeof raw.awsRegion === "string" ? raw.awsRegion : "";
  // Only a region that exists is compared with anything else (the certificate's region), so a mistyped
  // region is one problem, not several.
  let knownRegion = "";
  if (awsRegion === "") {
    if (mode !== "identity") {
      problem("aws:region", "is required: the AWS region of the endpoint, e.g. eu-west-2 (pulumi config set aws:region eu-west-2)");
    }
  } else {
    const regionProblem = awsRegionProblem(awsRegion);
    if (regionProblem) problem("aws:region", regionProblem);
    else knownRegion = awsRegion;
  }
  const tenantId = typeof raw.tenantId === "string" ? raw.tenantId.trim().toLowerCase() : "";
  if (!guidPattern.test(tenantId)) {
    problem("azuread:tenantId", "must be the Entra tenant ID, a GUID (pulumi config set azuread:tenantId <GUID>)");
  }
  const environment = typeof raw.environment === "string" && raw.environment !== "" ? raw.environment : "global";
  if (!findEntraCloud(environment)) {
    problem("azuread:environment", `"${environment}" is not a cloud the azuread provider knows; use one of ${entraCloudNames.join(", ")}`);
  }
  let identityStack: string | undefined;
  if (mode === "endpoint") {
    if (typeof raw.identityStack !== "string" || !identityStackPattern.test(raw.identityStack)) {
      problem(`${configNamespace}:identityStack`, "is required in endpoint mode: the identity stack as org/project/stack");
    } else {
      identityStack = raw.identityStack;
    }
  }

  // A setting the mode does not use is refused rather than ignored: it says the stack is not
  // doing what its author thinks.
  const belongsElsewhere = (section: string, where: string) => problem(section, `is not used in ${mode} mode; ${where}`);
  if (mode === "endpoint" && raw.azure !== undefined) belongsElsewhere("azure", "Entra settings belong to the identity stack named in identityStack");
  if (mode === "identity" && raw.vpn !== undefined) belongsElsewhere("vpn", "endpoint settings belong to the endpoint stacks that reference this one");
  if (mode === "identity" && raw.access !== undefined) belongsElsewhere("access", "access rules belong to the endpoint stacks");
  const azure = mode === "endpoint" ? undefined : parseSection("azure", azureSchema, raw.azure ?? {}, problems);
  const vpn = mode === "identity" ? undefined : parseSection("vpn", vpnSchema, raw.vpn, problems);
  const access = mode === "identity" ? undefined : parseSection("access", accessSchema, raw.access, problems);
  const cost = parseSection("cost", costSchema, raw.cost ?? {}, problems);

  const groups = azure ? normalizeGroups(azure.groups, problem) : {};
  if (azure) {
    checkAzure(azure, now, problem);
    // (An endpoint stack has no azure section: its groups are the identity stack's.)
    if (Object.keys(groups).length === 0) {
      problem(
        "azure.groups",
        "must assign at least one Entra group to the application: sign-in requires assignment, so with no group nobody can connect",
      );
    }
  }

  let vpnConfig: VpnConfig | undefined;
  let clientNetwork: Ipv4Network | undefined;
  if (vpn) {
    ({ vpnConfig, clientNetwork } = checkVpn(vpn, knownRegion, problem));
  }

  if (mode === "all" && azure?.selfServicePortal !== undefined && vpnConfig && azure.selfServicePortal !== vpnConfig.selfServicePortal) {
    problem("azure.selfServicePortal", "disagrees with vpn.selfServicePortal; in all mode leave it out, vpn.selfServicePortal decides both sides");
  }

  let accessEntries: AccessEntry[] | undefined;
  if (access) {
    // A mistake elsewhere in azure must not make every alias in access look unknown: then resolve
    // against azure.groups on its own, or, if that is broken too, leave the aliases unchecked.
    const knownGroups = mode === "endpoint" ? undefined : azure ? groups : groupsOfRaw(raw.azure);
    accessEntries = checkAccess(access, knownGroups, problem);
  }

  if (accessEntries && mode !== "identity") {
    // Cross-checks read the raw vpn values too, so a mistake elsewhere in vpn hides none of them.
    const rawVpn = (typeof raw.vpn === "object" && raw.vpn !== null ? raw.vpn : {}) as Record<string, unknown>;
    const rawClient = typeof rawVpn.clientCidr === "string" ? parseIpv4Cidr(rawVpn.clientCidr) : undefined;
    const rawDns = Array.isArray(rawVpn.dnsServers) ? rawVpn.dnsServers.filter((d): d is string => typeof d === "string") : [];
    checkAccessAgainstVpn(accessEntries, {
      clientNetwork: clientNetwork ?? (rawClient?.ok ? rawClient.network : undefined),
      dnsServers: vpnConfig?.dnsServers ?? rawDns,
      ruleQuota: vpnConfig?.quotas.authorizationRules ?? readRuleQuota(rawVpn),
    }, problem);
  }

  const adopted = parseAdoptedSettings(raw.adopted, {
    mode,
    selfServicePortal: vpnConfig?.selfServicePortal,
    accessCidrs: accessEntries?.map((entry) => entry.cidr),
  });
  problems.push(...adopted.problems);

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      mode,
      awsRegion,
      tenantId,
      environment,
      identityStack,
      azure: {
        displayName: azure?.displayName ?? "AWS Client VPN",
        groupClaim: azure?.groupClaim ?? defaultGroupClaimRoute,
        selfServicePortal: azure?.selfServicePortal ?? vpnConfig?.selfServicePortal ?? false,
        signingCertificateEndDate: azure?.signingCertificateEndDate,
        signingCertificateRotation: azure?.signingCertificateRotation,
        groups,
        notificationEmails: azure?.notificationEmails ?? [],
      },
      vpn: vpnConfig ?? emptyVpn(),
      access: accessEntries ?? [],
      cost: cost!,
      adopted: adopted.settings,
    },
  };
}

function emptyVpn(): VpnConfig {
  return {
    vpcId: "",
    subnetIds: [],
    clientCidr: "",
    serverCertificate: { kind: "existing", arn: "" },
    dnsServers: [],
    splitTunnel: true,
    transportProtocol: "udp",
    vpnPort: 443,
    sessionTimeoutHours: 12,
    selfServicePortal: false,
    logRetentionDays: 365,
    quotas: { ...defaultQuotas },
  };
}

/** Why a client CIDR is unusable, or undefined when Client VPN accepts it. */
function clientCidrProblem(value: string): string | undefined {
  const client = parseIpv4Cidr(value);
  if (!client.ok) return client.reason;
  const { prefixLength } = client.network;
  if (prefixLength > clientCidrPrefixRange.narrowest) {
    return `/${prefixLength} is smaller than the /${clientCidrPrefixRange.narrowest} AWS requires; use a /22 or larger`;
  }
  if (prefixLength < clientCidrPrefixRange.widest) {
    return `/${prefixLength} is larger than the /${clientCidrPrefixRange.widest} AWS allows; use /12 to /22`;
  }
  return undefined;
}

function parseMode(value: unknown, problem: (s: string, m: string) => void): StackMode {
  if (value === undefined || value === "") return "all";
  if ((stackModes as readonly unknown[]).includes(value)) return value as StackMode;
  problem(`${configNamespace}:mode`, `"${String(value)}" is not a mode; use all (default), identity or endpoint`);
  return "all";
}

function parseSection<T extends z.ZodType>(
  section: string,
  schema: T,
  value: unknown,
  problems: ConfigProblem[],
): z.output<T> | undefined {
  if (value === undefined) {
    problems.push({ setting: section, message: `is required (pulumi config set --path '${configNamespace}:${section}...')` });
    return undefined;
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  problems.push(...zodProblems(section, parsed.error));
  return undefined;
}

/** azure.groups when it is valid on its own although another azure setting is not; undefined otherwise. */
function groupsOfRaw(rawAzure: unknown): Record<string, string> | undefined {
  const parsed = azureSchema.shape.groups.safeParse((rawAzure as { groups?: unknown } | undefined)?.groups);
  if (!parsed.success) return undefined;
  return Object.fromEntries(Object.entries(parsed.data).map(([alias, id]) => [alias, id.toLowerCase()]));
}

function normalizeGroups(groups: Record<string, string>, problem: (s: string, m: string) => void): Record<string, string> {
  const byId = new Map<string, string>();
  const normalized: Record<string, string> = {};
  for (const [alias, id] of Object.entries(groups)) {
    const objectId = id.toLowerCase();
    const earlier = byId.get(objectId);
    if (earlier) {
      // Still resolvable, so an access entry naming this alias is not blamed for the same mistake.
      problem(`azure.groups.${alias}`, `is the same object ID as azure.groups.${earlier}; give each group one alias`);
    } else {
      byId.set(objectId, alias);
    }
    normalized[alias] = objectId;
  }
  return normalized;
}

/**
 * Entra's limit on a token signing certificate's life: "The endDateTime can be up to three years after the
 * certificate is created." https://learn.microsoft.com/graph/api/serviceprincipal-addtokensigningcertificate?view=graph-rest-1.0
 */
const maxCertificateYears = 3;

function checkAzure(azure: z.output<typeof azureSchema>, now: Date, problem: (s: string, m: string) => void): void {
  checkSigningCertificates(azure, now, problem);
}

/**
 * The signing certificate settings, one message per mistake. `now` only refuses dates; it never becomes a value.
 * No certificate the stack publishes may have expired: Client VPN refused an endpoint whose IAM metadata held an
 * expired certificate (hashicorp/terraform-provider-aws#14171), and whether IAM accepts one is not documented.
 */
function checkSigningCertificates(azure: z.output<typeof azureSchema>, now: Date, problem: (s: string, m: string) => void): void {
  const rotation = azure.signingCertificateRotation;
  const current = parseDate(azure.signingCertificateEndDate, currentEndDateSetting, problem);
  const next = rotation ? parseDate(rotation.endDate, `${rotationSetting}.endDate`, problem) : undefined;
  const publishesCurrent = !rotation || rotation.step === "publish" || rotation.step === "activate";
  if (current !== undefined && current <= now.getTime() && publishesCurrent) {
    problem(currentEndDateSetting, currentExpiredMessage(azure.signingCertificateEndDate!, rotation?.step));
  }
  if (!rotation || next === undefined) return;
  const nextSetting = `${rotationSetting}.endDate`;
  if (next <= now.getTime()) {
    problem(nextSetting, `${rotation.endDate} is in the past: Entra would issue an expired certificate, which IAM and Client VPN may refuse; choose a date up to ${maxCertificateYears} years ahead`);
  } else if (next > addYears(now, maxCertificateYears).getTime() && (rotation.step === "publish" || rotation.step === "immediate")) {
    problem(nextSetting, `${rotation.endDate} is more than ${maxCertificateYears} years ahead; Entra issues token signing certificates for at most ${maxCertificateYears} years`);
  } else if (current !== undefined && next <= current) {
    problem(
      nextSetting,
      `${rotation.endDate} is not after ${currentEndDateSetting} (${azure.signingCertificateEndDate}); the new certificate must outlive the one it replaces`,
    );
  }
}

function currentExpiredMessage(endDate: string, step: SigningRotationConfig["step"] | undefined): string {
  if (step === undefined) {
    return (
      `${endDate} is in the past: the certificate has expired (or Entra would issue an expired one) and nobody can sign in; ` +
      `add ${rotationSetting} with a new endDate and step: immediate (docs/rotating-the-signing-certificate.md)`
    );
  }
  // Entra: "If both an expired and an inactive valid certificate exist on the application, Microsoft Entra ID
  // automatically utilizes the valid certificate" (tutorial-manage-certificates-for-federated-single-sign-on).
  return (
    `the certificate being replaced expired on ${endDate}; Entra already signs with the new one by itself, and the expired one ` +
    `must not stay in the IAM metadata: set ${rotationSetting}.step to retire`
  );
}

function parseDate(value: string | undefined, setting: string, problem: (s: string, m: string) => void): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    problem(setting, "is not a real date; use an RFC 3339 date such as 2029-11-01T00:00:00Z");
    return undefined;
  }
  return time;
}

function addYears(date: Date, years: number): Date {
  const later = new Date(date.getTime());
  later.setUTCFullYear(later.getUTCFullYear() + years);
  return later;
}

function checkVpn(
  vpn: z.output<typeof vpnSchema>,
  awsRegion: string,
  problem: (s: string, m: string) => void,
): { vpnConfig?: VpnConfig; clientNetwork?: Ipv4Network } {
  const clientNetwork = ipv4Network(vpn.clientCidr);
  const dnsServers = vpn.dnsServers ?? [];

  let serverCertificate: ServerCertificateConfig | undefined;
  if (vpn.serverCertificateArn && vpn.serverCertificate) {
    problem("vpn.serverCertificateArn", "and vpn.serverCertificate are both set; keep one: an existing ACM certificate, or a domain to issue one for");
  } else if (vpn.serverCertificateArn) {
    const certRegion = acmArnPattern.exec(vpn.serverCertificateArn)?.[1];
    if (awsRegion && certRegion !== awsRegion) {
      problem(
        "vpn.serverCertificateArn",
        `is in ${certRegion} but the endpoint is in ${awsRegion}; Client VPN needs the server certificate in ACM in the endpoint's region`,
      );
    }
    serverCertificate = { kind: "existing", arn: vpn.serverCertificateArn, caChainPem: vpn.serverCertificateCaChain };
  } else if (vpn.serverCertificate) {
    // A chain given here is ACM's own (its intermediates), pinned into the profile: see server-ca-chain.ts.
    serverCertificate = {
      kind: "issued",
      ...vpn.serverCertificate,
      domainName: vpn.serverCertificate.domainName.toLowerCase(),
      caChainPem: vpn.serverCertificateCaChain,
    };
  } else {
    problem(
      "vpn.serverCertificateArn",
      "is required (an ACM certificate ARN), or set vpn.serverCertificate: {domainName, hostedZoneId} to issue one validated in Route 53",
    );
  }

  if (!serverCertificate) return {};
  return {
    clientNetwork,
    vpnConfig: {
      vpcId: vpn.vpcId,
      subnetIds: vpn.subnetIds,
      clientCidr: clientNetwork.cidr,
      serverCertificate,
      dnsServers,
      splitTunnel: vpn.splitTunnel,
      transportProtocol: vpn.transportProtocol,
      vpnPort: vpn.vpnPort,
      sessionTimeoutHours: vpn.sessionTimeoutHours,
      selfServicePortal: vpn.selfServicePortal,
      loginBanner: vpn.loginBanner,
      logRetentionDays: vpn.logRetentionDays,
      quotas: vpn.quotas,
    },
  };
}

function checkAccess(
  access: z.output<typeof accessSchema>,
  groups: Record<string, string> | undefined,
  problem: (s: string, m: string) => void,
): AccessEntry[] | undefined {
  if (access.length === 0) {
    problem("access", "lists no networks; add at least one {name, cidr, groups} entry, or clients can reach nothing");
    return undefined;
  }
  const aliasById = aliasesById(groups ?? {});
  const names = new Set<string>();
  const entries: AccessEntry[] = [];
  let valid = true;
  access.forEach((entry, index) => {
    const at = `access[${index}]`;
    if (names.has(entry.name)) {
      problem(`${at}.name`, `"${entry.name}" is used by an earlier entry; names must be unique`);
      valid = false;
    }
    names.add(entry.name);
    const network = parseIpv4Cidr(entry.cidr);
    if (!network.ok) {
      problem(`${at}.cidr`, network.reason);
      valid = false;
    }
    let resolved: AccessEntry["groups"] = "all";
    if (entry.groups !== "all") {
      if (entry.groups.length === 0) {
        problem(`${at}.groups`, "is empty; list the groups that may reach this network, or write `all`");
        valid = false;
      }
      const seen = new Set<string>();
      resolved = [];
      for (const [groupIndex, reference] of entry.groups.entries()) {
        const group = resolveGroup(reference, groups, aliasById);
        if (typeof group === "string") {
          problem(`${at}.groups[${groupIndex}]`, group);
          valid = false;
          continue;
        }
        // An endpoint stack resolves aliases later (objectId still empty): until then the alias is the key.
        const key = groupKey(group);
        if (seen.has(key)) {
          problem(`${at}.groups[${groupIndex}]`, `"${reference}" names a group already listed in this entry`);
          valid = false;
          continue;
        }
        seen.add(key);
        resolved.push(group);
      }
    }
    if (network.ok) {
      entries.push({ name: entry.name, cidr: network.network.cidr, description: entry.description ?? entry.name, groups: resolved });
    }
  });
  return valid ? entries : undefined;
}

/** Resolves a group reference; returns the problem text when it cannot. */
function resolveGroup(
  reference: string,
  groups: Record<string, string> | undefined,
  aliasById: Map<string, string>,
): ResolvedGroup | string {
  if (guidPattern.test(reference)) {
    const objectId = reference.toLowerCase();
    if (groups && !aliasById.has(objectId)) {
      return `${reference} is not one of azure.groups; add it there so it is assigned to the application (only assigned groups appear in the memberOf claim)`;
    }
    return { objectId, alias: aliasById.get(objectId) };
  }
  if (!groups) {
    // Endpoint stacks resolve aliases against the identity stack's group map later.
    return aliasPattern.test(reference) ? { objectId: "", alias: reference } : `"${reference}" is not a group alias or object ID`;
  }
  const objectId = groups[reference];
  if (!objectId) {
    const known = Object.keys(groups);
    return `"${reference}" is not an alias in azure.groups${known.length ? ` (known: ${known.join(", ")})` : ""}, nor a group object ID`;
  }
  return { objectId, alias: reference };
}

function readRuleQuota(rawVpn: Record<string, unknown>): number {
  const quotas = rawVpn.quotas as { authorizationRules?: unknown } | undefined;
  const value = quotas?.authorizationRules;
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : defaultQuotas.authorizationRules;
}

function checkAccessAgainstVpn(
  access: AccessEntry[],
  vpn: { clientNetwork?: Ipv4Network; dnsServers: string[]; ruleQuota: number },
  problem: (s: string, m: string) => void,
): void {
  const { clientNetwork } = vpn;
  const networks = access.map((entry) => parseIpv4Cidr(entry.cidr)).map((r) => (r.ok ? r.network : undefined));
  access.forEach((entry, index) => {
    const network = networks[index];
    // The default route is how full-tunnel internet access is granted; AWS documents it
    // (CreateClientVpnRoute: "To add a route for Internet access, enter 0.0.0.0/0").
    if (clientNetwork && network && network.prefixLength > 0 && overlaps(clientNetwork, network)) {
      problem(
        "vpn.clientCidr",
        `${clientNetwork.cidr} overlaps access network ${entry.name} (${entry.cidr}); Client VPN cannot route to a network that overlaps its client range, choose a client CIDR outside it`,
      );
    }
  });

  for (const duplicate of duplicateRuleProblems(access)) problem(duplicate.setting, duplicate.message);
  const ruleCount = access.reduce((count, entry) => count + (entry.groups === "all" ? 1 : entry.groups.length), 0);
  if (ruleCount > vpn.ruleQuota) {
    problem(
      "access",
      `makes ${ruleCount} authorization rules but the endpoint quota is ${vpn.ruleQuota}; request an increase in Service Quotas and set vpn.quotas.authorizationRules, or grant fewer groups per network`,
    );
  }

  vpn.dnsServers.forEach((server, index) => {
    if (!isIpv4Address(server)) return;
    const reachable = networks.some((network) => network && containsAddress(network, server));
    if (!reachable) {
      problem(
        `vpn.dnsServers[${index}]`,
        `${server} is in no access network, so clients are not authorized to reach it and names will not resolve; add an access entry for it (groups: all)`,
      );
    }
  });
}

/** How a group is told apart before and after an endpoint stack resolves its aliases. */
function groupKey(group: ResolvedGroup): string {
  return group.objectId || `alias:${group.alias}`;
}

/** object ID -> the first alias that names it. */
function aliasesById(groups: Record<string, string>): Map<string, string> {
  const byId = new Map<string, string>();
  for (const [alias, id] of Object.entries(groups)) if (!byId.has(id.toLowerCase())) byId.set(id.toLowerCase(), alias);
  return byId;
}

/** Two entries granting one network to one group: AWS refuses the second authorization rule. */
function duplicateRuleProblems(access: AccessEntry[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const ruleKeys = new Map<string, string>();
  access.forEach((entry, index) => {
    const keys = entry.groups === "all" ? ["all"] : entry.groups.map(groupKey);
    for (const key of keys) {
      const ruleKey = `${entry.cidr}|${key}`;
      const earlier = ruleKeys.get(ruleKey);
      if (earlier) {
        problems.push({
          setting: `access[${index}]`,
          message: `grants ${entry.cidr} to the same group${key === "all" ? "s (all)" : ""} as ${earlier}; AWS refuses a duplicate authorization rule, merge the entries`,
        });
      }
      ruleKeys.set(ruleKey, entry.name);
    }
  });
  return problems;
}

/** The distinct destination networks, in first-seen order (several entries may grant one network). */
export function distinctNetworks(access: AccessEntry[]): { name: string; cidr: string }[] {
  const seen = new Map<string, string>();
  for (const entry of access) if (!seen.has(entry.cidr)) seen.set(entry.cidr, entry.name);
  return [...seen].map(([cidr, name]) => ({ name, cidr }));
}


/**
 * Endpoint mode: resolves the access entries' group references against the identity stack's
 * group map, once it has been read, with the same rules and messages as in all mode. Two references
 * to one group (an alias and its object ID) only show up now, so duplicates are checked again.
 */
export function resolveAccessGroups(
  access: AccessEntry[],
  groups: Record<string, string>,
  identityStack: string,
): { access: AccessEntry[]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const normalized = Object.fromEntries(Object.entries(groups).map(([alias, id]) => [alias, id.toLowerCase()]));
  const aliasById = aliasesById(normalized);
  const resolved = access.map((entry, index): AccessEntry => {
    if (entry.groups === "all") return entry;
    const seen = new Set<string>();
    return {
      ...entry,
      groups: entry.groups.flatMap((group, groupIndex) => {
        const reference = group.objectId || group.alias || "";
        const result = resolveGroup(reference, normalized, aliasById);
        const at = `access[${index}].groups[${groupIndex}]`;
        if (typeof result === "string") {
          problems.push({ setting: at, message: `${result} (groups come from ${identityStack})` });
          return [];
        }
        if (seen.has(result.objectId)) {
          problems.push({ setting: at, message: `"${reference}" names a group already listed in this entry (groups come from ${identityStack})` });
          return [];
        }
        seen.add(result.objectId);
        return [result];
      }),
    };
  });
  if (problems.length === 0) problems.push(...duplicateRuleProblems(resolved));
  return { access: resolved, problems };
}

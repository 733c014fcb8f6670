import { z } from "zod";
import { Ipv4Network, containsAddress, ipv4Network, isIpv4Address, overlaps, parseIpv4Cidr } from "./cidr";
import { entraCloudNames, findEntraCloud } from "./entra-cloud";

/**
 * The stack configuration: the user-facing contract, validated in one pure step that
 * reports every problem at once, each naming its setting and the fix.
 *
 * AWS facts used here:
 * - CreateClientVpnEndpoint (client CIDR, DNS servers, ports, transport, session timeout):
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateClientVpnEndpoint.html
 * - ClientLoginBannerOptions (banner of at most 1,400 UTF-8 characters):
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ClientLoginBannerOptions.html
 * - Client VPN quotas and rules (client CIDR /12../22, no overlap with the VPC or routes, quotas):
 *   https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/limits.html
 * - CloudWatch Logs retention values:
 *   https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */

export const configNamespace = "clientvpn-federation";

/** What a stack may run: Entra side, AWS side, or both (one identity can serve several endpoint stacks). */
export type StackMode = "all" | "identity" | "endpoint";

export const clientVpnIdentifierUri = "urn:amazon:webservices:clientvpn";

/** Valid values of SessionTimeoutHours, per CreateClientVpnEndpoint. */
export const sessionTimeoutHoursAllowed = [8, 10, 12, 24] as const;
export const vpnPortsAllowed = [443, 1194] as const;
export const logRetentionDaysAllowed = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
/** Client CIDR size bounds: "/12 .. /22" (Client VPN rules and best practices). */
export const clientCidrPrefixRange = { widest: 12, narrowest: 22 } as const;
export const maxDnsServers = 2;
export const maxLoginBannerLength = 1400;
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

const azureSchema = z.strictObject({
  displayName: z
    .string({ error: "must be a string" })
    .trim()
    .min(1, { error: "must not be empty" })
    .max(256, { error: "must be at most 256 characters" })
    .default("AWS Client VPN"),
  signingCertificateEndDate: z
    .string({ error: "must be an RFC 3339 date such as 2029-11-01T00:00:00Z" })
    .regex(rfc3339Pattern, { error: "must be an RFC 3339 date such as 2029-11-01T00:00:00Z" })
    .optional(),
  groups: z.record(
    z.string().regex(aliasPattern, { error: "group aliases use letters, digits, '.', '_' and '-'" }),
    z.string({ error: "must be an Entra group object ID (a GUID)" }).regex(guidPattern, {
      error: "must be an Entra group object ID (a GUID such as 3f2a9c1e-0000-4000-8000-000000000001)",
    }),
    { error: "must map group aliases to Entra group object IDs" },
  ),
  notificationEmails: z.array(z.email({ error: "must be an email address" })).optional(),
  /** Identity mode: whether endpoint stacks may use the self-service portal (adds its reply URL). */
  selfServicePortal: z.boolean({ error: "must be true or false" }).optional(),
});

const serverCertificateSchema = z.strictObject({
  domainName: z.string({ error: "must be a DNS name" }).regex(domainPattern, { error: "must be a DNS name such as vpn.example.com" }),
  hostedZoneId: z.string({ error: "must be a Route 53 hosted zone ID" }).regex(hostedZonePattern, {
    error: "must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ",
  }),
});

const vpnSchema = z.strictObject({
  vpcId: z.string({ error: "is required: the VPC the endpoint's subnets live in" }).regex(vpcIdPattern, {
    error: "must be a VPC ID such as vpc-0a1b2c3d",
  }),
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
    }),
  clientCidr: z
    .string({ error: "is required: the IPv4 range clients get addresses from, e.g. 172.20.0.0/22" })
    .superRefine((value, ctx) => {
      const problem = clientCidrProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  serverCertificateArn: z
    .string()
    .regex(acmArnPattern, { error: "must be an ACM certificate ARN such as arn:aws:acm:eu-west-2:123456789012:certificate/<uuid>" })
    .optional(),
  serverCertificate: serverCertificateSchema.optional(),
  serverCertificateCaChain: z.string().optional(),
  dnsServers: z
    .array(z.string().refine(isIpv4Address, { error: (issue) => `"${String(issue.input)}" is not an IPv4 address` }))
    .max(maxDnsServers, { error: (issue) => `lists ${(issue.input as unknown[]).length} servers; Client VPN accepts at most ${maxDnsServers}` })
    .optional(),
  splitTunnel: z.boolean({ error: "must be true or false" }).default(true),
  transportProtocol: z.enum(["udp", "tcp"], { error: "must be udp or tcp" }).default("udp"),
  vpnPort: z
    .union(vpnPortsAllowed.map((port) => z.literal(port)), { error: "must be 443 or 1194, the ports Client VPN listens on" })
    .default(443),
  sessionTimeoutHours: z
    .union(sessionTimeoutHoursAllowed.map((hours) => z.literal(hours)), { error: "must be one of 8, 10, 12 or 24 hours" })
    .default(12),
  selfServicePortal: z.boolean({ error: "must be true or false" }).default(false),
  loginBanner: z
    .string({ error: "must be text" })
    .refine((text) => [...text].length <= maxLoginBannerLength, {
      error: (issue) =>
        `is ${[...String(issue.input)].length} characters; Client VPN shows at most ${maxLoginBannerLength}, shorten it`,
    })
    .optional(),
  logRetentionDays: z
    .union(logRetentionDaysAllowed.map((days) => z.literal(days)), {
      error: `must be a retention CloudWatch Logs accepts: ${logRetentionDaysAllowed.join(", ")}`,
    })
    .default(365),
  quotas: z
    .strictObject({
      authorizationRules: z.number().int().positive().default(defaultQuotas.authorizationRules),
      routesPerAssociation: z.number().int().positive().default(defaultQuotas.routesPerAssociation),
    })
    .default({ ...defaultQuotas }),
});

const accessEntrySchema = z.strictObject({
  name: z.string({ error: "is required" }).regex(accessNamePattern, {
    error: "must be lowercase letters, digits and '-' (at most 63), e.g. payments",
  }),
  cidr: z.string({ error: "is required: the destination network, e.g. 10.1.0.0/16" }),
  groups: z.union([z.literal("all"), z.array(z.string())], {
    error: "must be `all` or a list of group aliases or object IDs from azure.groups",
  }),
  description: z.string().max(maxRuleDescriptionLength, { error: `must be at most ${maxRuleDescriptionLength} characters` }).optional(),
});

const accessSchema = z.array(accessEntrySchema, { error: "must be a list of {name, cidr, groups} entries" });

const costSchema = z.strictObject({
  expectedUsers: z.number({ error: "must be a whole number" }).int({ error: "must be a whole number" }).min(0).default(0),
  hoursPerUserPerWeek: z
    .number({ error: "must be a number of hours" })
    .min(0, { error: "must not be negative" })
    .max(168, { error: "must be at most 168 (the hours in a week)" })
    .default(40),
});

/** Raw values as Pulumi hands them to the program: objects already decoded from JSON. */
export interface RawStackConfig {
  /** Keys in this program's namespace that it does not know: usually a misspelling. */
  unknownSettings?: string[];
  awsRegion?: unknown;
  tenantId?: unknown;
  environment?: unknown;
  mode?: unknown;
  identityStack?: unknown;
  azure?: unknown;
  vpn?: unknown;
  access?: unknown;
  cost?: unknown;
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
  | { kind: "issued"; domainName: string; hostedZoneId: string };

export interface AzureConfig {
  displayName: string;
  /** Whether the application accepts the self-service portal's reply URL. */
  selfServicePortal: boolean;
  signingCertificateEndDate?: string;
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

  for (const key of raw.unknownSettings ?? []) {
    problem(key, "is not a setting of this program; check the spelling against the configuration reference (azure, vpn, access, cost, mode, identityStack)");
  }
  const mode = parseMode(raw.mode, problem);
  const awsRegion = typeof raw.awsRegion === "string" ? raw.awsRegion : "";
  if (mode !== "identity" && !/^[a-z]{2}(?:-[a-z]+)+-\d$/.test(awsRegion)) {
    problem("aws:region", "is required: the AWS region of the endpoint, e.g. eu-west-2 (pulumi config set aws:region eu-west-2)");
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
    if (typeof raw.identityStack !== "string" || !/^[^/\s]+\/[^/\s]+\/[^/\s]+$/.test(raw.identityStack)) {
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
    if (Object.keys(groups).length === 0 && mode !== "endpoint") {
      problem(
        "azure.groups",
        "must assign at least one Entra group to the application: sign-in requires assignment, so with no group nobody can connect",
      );
    }
  }

  let vpnConfig: VpnConfig | undefined;
  let clientNetwork: Ipv4Network | undefined;
  if (vpn) {
    ({ vpnConfig, clientNetwork } = checkVpn(vpn, awsRegion, problem));
  }

  if (mode === "all" && azure?.selfServicePortal !== undefined && vpnConfig && azure.selfServicePortal !== vpnConfig.selfServicePortal) {
    problem("azure.selfServicePortal", "disagrees with vpn.selfServicePortal; in all mode leave it out, vpn.selfServicePortal decides both sides");
  }

  let accessEntries: AccessEntry[] | undefined;
  if (access) {
    accessEntries = checkAccess(access, mode === "endpoint" ? undefined : groups, problem);
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
        selfServicePortal: azure?.selfServicePortal ?? vpnConfig?.selfServicePortal ?? false,
        signingCertificateEndDate: azure?.signingCertificateEndDate,
        groups,
        notificationEmails: azure?.notificationEmails ?? [],
      },
      vpn: vpnConfig ?? emptyVpn(),
      access: accessEntries ?? [],
      cost: cost!,
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
  if (value === "all" || value === "identity" || value === "endpoint") return value;
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

function normalizeGroups(groups: Record<string, string>, problem: (s: string, m: string) => void): Record<string, string> {
  const byId = new Map<string, string>();
  const normalized: Record<string, string> = {};
  for (const [alias, id] of Object.entries(groups)) {
    const objectId = id.toLowerCase();
    const earlier = byId.get(objectId);
    if (earlier) {
      problem(`azure.groups.${alias}`, `is the same object ID as azure.groups.${earlier}; give each group one alias`);
      continue;
    }
    byId.set(objectId, alias);
    normalized[alias] = objectId;
  }
  return normalized;
}

function checkAzure(azure: z.output<typeof azureSchema>, now: Date, problem: (s: string, m: string) => void): void {
  if (azure.signingCertificateEndDate !== undefined) {
    const end = Date.parse(azure.signingCertificateEndDate);
    if (Number.isNaN(end)) {
      problem("azure.signingCertificateEndDate", "is not a real date; use an RFC 3339 date such as 2029-11-01T00:00:00Z");
    } else if (end <= now.getTime()) {
      problem(
        "azure.signingCertificateEndDate",
        `${azure.signingCertificateEndDate} is in the past: Entra would issue an expired certificate and IAM rejects metadata with one; choose a future date`,
      );
    }
  }
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
    if (vpn.serverCertificateCaChain) {
      problem("vpn.serverCertificateCaChain", "applies only to an imported certificate (vpn.serverCertificateArn); an issued one chains to Amazon's roots");
    }
    serverCertificate = { kind: "issued", ...vpn.serverCertificate, domainName: vpn.serverCertificate.domainName.toLowerCase() };
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
  const aliasById = new Map(Object.entries(groups ?? {}).map(([alias, id]) => [id, alias]));
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
        if (seen.has(group.objectId)) {
          problem(`${at}.groups[${groupIndex}]`, `"${reference}" names a group already listed in this entry`);
          valid = false;
          continue;
        }
        seen.add(group.objectId);
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

  const ruleKeys = new Map<string, string>();
  let ruleCount = 0;
  access.forEach((entry, index) => {
    const keys = entry.groups === "all" ? ["all"] : entry.groups.map((g) => g.objectId || `alias:${g.alias}`);
    for (const key of keys) {
      ruleCount += 1;
      const ruleKey = `${entry.cidr}|${key}`;
      const earlier = ruleKeys.get(ruleKey);
      if (earlier) {
        problem(`access[${index}]`, `grants ${entry.cidr} to the same group${key === "all" ? "s (all)" : ""} as ${earlier}; AWS refuses a duplicate authorization rule, merge the entries`);
      }
      ruleKeys.set(ruleKey, entry.name);
    }
  });
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

/** The distinct destination networks, in first-seen order (several entries may grant one network). */
export function distinctNetworks(access: AccessEntry[]): { name: string; cidr: string }[] {
  const seen = new Map<string, string>();
  for (const entry of access) if (!seen.has(entry.cidr)) seen.set(entry.cidr, entry.name);
  return [...seen].map(([cidr, name]) => ({ name, cidr }));
}


/**
 * Endpoint mode: resolves the access entries' group references against the identity stack's
 * group map, once it has been read, with the same rules and messages as in all mode.
 */
export function resolveAccessGroups(
  access: AccessEntry[],
  groups: Record<string, string>,
  identityStack: string,
): { access: AccessEntry[]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const aliasById = new Map(Object.entries(groups).map(([alias, id]) => [id.toLowerCase(), alias]));
  const resolved = access.map((entry, index): AccessEntry => {
    if (entry.groups === "all") return entry;
    return {
      ...entry,
      groups: entry.groups.flatMap((group, groupIndex) => {
        const result = resolveGroup(group.objectId || group.alias || "", groups, aliasById);
        if (typeof result === "string") {
          problems.push({ setting: `access[${index}].groups[${groupIndex}]`, message: `${result} (groups come from ${identityStack})` });
          return [];
        }
        return [result];
      }),
    };
  });
  return { access: resolved, problems };
}

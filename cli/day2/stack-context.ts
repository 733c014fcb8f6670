/**
 * Reads what the Day-2 commands need from a deployed stack: its outputs and its config.
 *
 * The reading itself is behind `StackReader`, so tests hand in plain objects; the real reader uses the
 * Pulumi Automation API over the project folder (it needs the Pulumi CLI and a backend login, like
 * `pulumi stack output`). Parsing is pure and names each missing output with the fix.
 */
import type { PulumiCommand } from "@pulumi/pulumi/automation";
import { configNamespace } from "../../components/config";
import { isPulumiCliMissing, pulumiCliMessage } from "../shared/pulumi-cli-error";

export interface StackReader {
  /** Output name -> value (secrets decrypted: the caller never prints them). */
  outputs(stackName: string): Promise<Record<string, unknown>>;
  /** Config key with namespace (`aws:region`) -> value as the engine stores it (objects JSON-encoded). */
  config(stackName: string): Promise<Record<string, string>>;
}

/**
 * The stack could not be read. `usage`: the --stack named on the command line is wrong (no such stack, or it
 * does not deploy what the command needs). `failed`: the name may be right but Pulumi could not be asked (not
 * logged in, no token, a backend error, no CLI); the message is Pulumi's own.
 */
export class StackContextError extends Error {
  constructor(
    message: string,
    readonly kind: "usage" | "failed" = "usage",
  ) {
    super(message);
    this.name = "StackContextError";
  }
}

/** Starts the Pulumi CLI the Automation API runs; tests hand in a stand-in binary. */
export type PulumiCommandFactory = () => Promise<PulumiCommand>;

/** The Automation API reader: `LocalWorkspace.selectStack` + `stack.outputs()` / `stack.getAllConfig()`. */
export function automationStackReader(projectDir: string, pulumiCommand?: PulumiCommandFactory): StackReader {
  const select = async (stackName: string) => {
    // Loaded on use: the Automation API is heavy, and tests inject their own reader.
    const { LocalWorkspace, StackNotFoundError } = await import("@pulumi/pulumi/automation");
    try {
      const command = pulumiCommand ? await pulumiCommand() : undefined;
      return await LocalWorkspace.selectStack({ stackName, workDir: projectDir }, command ? { pulumiCommand: command } : undefined);
    } catch (error) {
      throw stackReadError(stackName, error, error instanceof StackNotFoundError);
    }
  };
  return {
    async outputs(stackName) {
      const stack = await select(stackName);
      const outputs = await stack.outputs().catch((error: unknown) => Promise.reject(stackReadError(stackName, error, false)));
      return Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.value]));
    },
    async config(stackName) {
      const stack = await select(stackName);
      const config = await stack.getAllConfig().catch((error: unknown) => Promise.reject(stackReadError(stackName, error, false)));
      return Object.fromEntries(Object.entries(config).map(([key, item]) => [key, item.value]));
    },
  };
}

/** Pulumi's own words for why the stack could not be read, with what to do where we know it. */
export function stackReadError(stackName: string, error: unknown, notFound: boolean): StackContextError {
  if (isPulumiCliMissing(error)) {
    return new StackContextError(
      "the Pulumi CLI was not found on PATH; install it (https://www.pulumi.com/docs/install/) and log in to the stack's backend",
      "failed",
    );
  }
  const said = pulumiCliMessage(error).map((line) => line.replace(/^error:\s*/i, "")).join("; ");
  if (notFound) {
    return new StackContextError(`stack ${stackName} was not found (Pulumi: ${said}); check the name with \`pulumi stack ls\``, "usage");
  }
  return new StackContextError(`could not read stack ${stackName}: ${said}`, "failed");
}

export interface RuleOutput {
  name: string;
  network: string;
  /** "all", or the group object IDs (lowercase). */
  groups: "all" | string[];
}

export interface ReturnRouteOutput {
  name: string;
  network: string;
  returnTo: string[];
}

/** Everything the commands read, typed. Fields of the side a stack does not deploy are undefined. */
export interface DeploymentContext {
  stackName: string;
  region?: string;
  tenantId?: string;
  environment?: string;
  clientVpnEndpointId?: string;
  samlProviderArn?: string;
  selfServiceSamlProviderArn?: string;
  applicationClientId?: string;
  servicePrincipalObjectId?: string;
  signingCertificateThumbprint?: string;
  signingCertificateExpiry?: string;
  /** Every certificate the identity publishes to IAM (thumbprints); undefined for stacks deployed before rotations. */
  publishedSigningCertificateThumbprints?: string[];
  /** When the program last switched Entra to its signing key; undefined when not known. */
  signingKeyActivatedAt?: string;
  authorizationRules: RuleOutput[];
  returnRoutes: ReturnRouteOutput[];
  /** alias -> group object ID, exported by identity (and all) stacks. */
  groups: Record<string, string>;
  /** group object ID -> alias, from the groups output and the rules' "alias (id)" entries, for display. */
  groupAliases: Record<string, string>;
  /**
   * Whether the application must accept the self-service portal's reply URL: the identity stack's
   * exported flag when present, else whether this endpoint turns the portal on.
   */
  selfServicePortal: { required: boolean; exact: boolean };
  /** The AWS VPN Client profile the stack exports (its `<ca>` block is what users trust). */
  clientConfig?: string;
  /** Whether the stack sets vpn.serverCertificateCaChain. */
  serverCertificateCaChainSet: boolean;
  /** Stack config, for the Graph credential (`azuread:*` sign-in settings). */
  config: Record<string, string>;
}

const GUID_AT_END = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)?$/i;

export async function readDeploymentContext(reader: StackReader, stackName: string): Promise<DeploymentContext> {
  const [outputs, config] = await Promise.all([reader.outputs(stackName), reader.config(stackName)]);
  return deploymentContextFrom(stackName, outputs, config);
}

/** Pure: outputs and config -> context. */
export function deploymentContextFrom(stackName: string, outputs: Record<string, unknown>, config: Record<string, string>): DeploymentContext {
  if (Object.keys(outputs).length === 0) {
    throw new StackContextError(`stack ${stackName} has no outputs; deploy it first with \`pulumi up --stack ${stackName}\``);
  }
  const text = (name: string): string | undefined => {
    const value = outputs[name];
    return typeof value === "string" && value.trim() ? value.trim() : undefined;
  };
  const vpn = parseJson(config[`${configNamespace}:vpn`]) as { selfServicePortal?: unknown; serverCertificateCaChain?: unknown } | undefined;
  const exportedPortal = outputs.selfServicePortalReplyUrl;
  return {
    stackName,
    region: config["aws:region"] || undefined,
    tenantId: text("tenantId") ?? (config["azuread:tenantId"] || undefined),
    environment: config["azuread:environment"] || undefined,
    clientVpnEndpointId: text("clientVpnEndpointId"),
    samlProviderArn: text("samlProviderArn"),
    selfServiceSamlProviderArn: text("selfServiceSamlProviderArn"),
    applicationClientId: text("azureApplicationClientId"),
    servicePrincipalObjectId: text("azureServicePrincipalObjectId"),
    signingCertificateThumbprint: text("signingCertificateThumbprint"),
    signingCertificateExpiry: text("signingCertificateExpiry"),
    publishedSigningCertificateThumbprints: parseThumbprints(outputs.publishedSigningCertificateThumbprints),
    signingKeyActivatedAt: text("signingKeyActivatedAt"),
    authorizationRules: parseRules(outputs.authorizationRules),
    returnRoutes: parseReturnRoutes(outputs.returnRoutes),
    groups: parseGroups(outputs.groups),
    groupAliases: groupAliasesFrom(outputs),
    selfServicePortal:
      typeof exportedPortal === "boolean"
        ? { required: exportedPortal, exact: true }
        : { required: vpn?.selfServicePortal === true, exact: false },
    clientConfig: typeof outputs.clientConfig === "string" ? outputs.clientConfig : undefined,
    serverCertificateCaChainSet: typeof vpn?.serverCertificateCaChain === "string" && vpn.serverCertificateCaChain.trim() !== "",
    config,
  };
}

/** What the identity stack publishes now, for an endpoint stack whose own copy dates from its last deployment. */
export type RotationOutputs = Pick<DeploymentContext, "publishedSigningCertificateThumbprints" | "signingKeyActivatedAt">;

/** The identity stack an endpoint stack reads (config clientvpn-federation:identityStack), if any. */
export function identityStackOf(context: DeploymentContext): string | undefined {
  const value = context.config[`${configNamespace}:identityStack`];
  return value && value.trim() ? value.trim() : undefined;
}

/** The rotation outputs of another stack (the identity stack), parsed like the stack's own. */
export async function readRotationOutputs(reader: StackReader, stackName: string): Promise<RotationOutputs> {
  const outputs = await reader.outputs(stackName);
  const text = outputs.signingKeyActivatedAt;
  return {
    publishedSigningCertificateThumbprints: parseThumbprints(outputs.publishedSigningCertificateThumbprints),
    signingKeyActivatedAt: typeof text === "string" && text.trim() ? text.trim() : undefined,
  };
}

/** Names an output the command needs and the stack lacks, with the fix. */
export function requireOutput<T>(value: T | undefined, output: string, context: DeploymentContext): T {
  if (value === undefined) {
    throw new StackContextError(
      `stack ${context.stackName} exports no ${output}; run the command against a stack that deploys that side (mode all or endpoint for AWS, all or identity for Entra) after \`pulumi up\``,
    );
  }
  return value;
}

function parseJson(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function parseThumbprints(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || !value.every((item) => typeof item === "string" && item.trim() !== "")) return undefined;
  return value.map((item: string) => item.trim().toUpperCase());
}

function parseRules(value: unknown): RuleOutput[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): RuleOutput[] => {
    const rule = item as { name?: unknown; network?: unknown; groups?: unknown };
    if (typeof rule?.name !== "string" || typeof rule.network !== "string") return [];
    const groups =
      rule.groups === "all"
        ? "all"
        : Array.isArray(rule.groups)
          ? rule.groups.flatMap((group) => {
              // describeAuthorizationRules writes "alias (object id)" or the bare object ID.
              const match = typeof group === "string" ? GUID_AT_END.exec(group.trim()) : null;
              return match ? [match[1].toLowerCase()] : [];
            })
          : [];
    return [{ name: rule.name, network: rule.network, groups }];
  });
}

function parseReturnRoutes(value: unknown): ReturnRouteOutput[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): ReturnRouteOutput[] => {
    const route = item as { name?: unknown; network?: unknown; returnTo?: unknown };
    if (typeof route?.name !== "string" || typeof route.network !== "string" || !Array.isArray(route.returnTo)) return [];
    return [{ name: route.name, network: route.network, returnTo: route.returnTo.filter((cidr): cidr is string => typeof cidr === "string") }];
  });
}

function groupAliasesFrom(outputs: Record<string, unknown>): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const [alias, id] of Object.entries(parseGroups(outputs.groups))) aliases[id.toLowerCase()] = alias;
  for (const rule of Array.isArray(outputs.authorizationRules) ? outputs.authorizationRules : []) {
    for (const group of Array.isArray((rule as { groups?: unknown })?.groups) ? (rule as { groups: unknown[] }).groups : []) {
      const match = typeof group === "string" ? /^(.+) \(([0-9a-f-]{36})\)$/i.exec(group.trim()) : null;
      if (match) aliases[match[2].toLowerCase()] = match[1];
    }
  }
  return aliases;
}

/** "alias (id)" when the alias is known, else the ID. */
export function describeGroup(context: DeploymentContext, id: string): string {
  const alias = context.groupAliases[id.toLowerCase()];
  return alias ? `${alias} (${id})` : id;
}

function parseGroups(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

/** The group object IDs the stack's rules name (or, for an identity stack, the groups it assigns). */
export function ruleGroupIds(context: DeploymentContext): string[] {
  const fromRules = context.authorizationRules.flatMap((rule) => (rule.groups === "all" ? [] : rule.groups));
  const ids = fromRules.length > 0 || context.authorizationRules.length > 0 ? fromRules : Object.values(context.groups);
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}

/**
 * What the sign-in check needs from a stack, read as the program reads it: the stack's config validated by the
 * program's own parser, and the identity from the stack itself (mode identity or all) or, for an endpoint stack,
 * from the identity stack its `identityStack` names, judged and joined to the access list exactly as the program
 * does (identityReferenceProblems, resolveAccessGroups, selfServicePortalProblems). Only the identity stack must be deployed: an endpoint stack
 * is read from its config, so the check runs before the endpoint exists.
 *
 * The IdP facts come from the identity stack's metadata output (`samlMetadataXml`), the document the program hands
 * to IAM, so the request goes where AWS would send it and the response is verified with the certificate IAM will
 * hold. No AWS call is made.
 */
import { type AccessEntry, type ConfigProblem, formatProblems, parseStackConfig, resolveAccessGroups, type StackMode } from "../../components/config";
import { type EntraCloud, entraCloud } from "../../components/entra-cloud";
import { defaultGroupClaimRoute, type GroupClaimRoute, groupClaimRoutes } from "../../components/group-claim-route";
import { identityOutputNames, identityReferenceProblems, selfServicePortalProblems } from "../../components/identity-outputs";
import { rawConfigFromEngine } from "../../components/stack-config-source";
import { entityIdsInMetadata, redirectSignOnUrlInMetadata, signingCertificatesInMetadata } from "../day2/idp-metadata";
import { StackContextError, type StackReader } from "../day2/stack-context";

export interface SignInTarget {
  /** The stack named on the command line. */
  stackName: string;
  mode: StackMode;
  /** The stack that holds the Entra application: the same stack, or the endpoint's identityStack. */
  identityStack: string;
  tenantId: string;
  cloud: EntraCloud;
  /** Where the IdP takes HTTP-Redirect sign-in requests, from the metadata. */
  ssoUrl: string;
  trustedCertificates: string[];
  expectedIssuers: string[];
  /** alias -> group object ID (lowercase), as the identity stack exports it. */
  groups: Record<string, string>;
  /** The stack's access list with every group resolved; undefined for an identity stack, which has none. */
  access?: AccessEntry[];
  /** The identity stack's azure.groupClaim; undefined when its config could not be read. */
  groupClaimRoute?: GroupClaimRoute;
}

/** The stack cannot be signed in to as it is: its config or its identity is wrong. The message names the fix. */
export class SignInTargetError extends Error {
  override readonly name = "SignInTargetError";
}

export async function readSignInTarget(reader: StackReader, stackName: string, now: Date): Promise<SignInTarget> {
  const rawConfig = await reader.config(stackName);
  const parsed = parseStackConfig(rawConfigFromEngine(rawConfig), now);
  if (!parsed.ok) throw configError(stackName, parsed.problems);
  const config = parsed.config;
  const identityStack = config.mode === "endpoint" ? config.identityStack! : stackName;

  const outputs = await reader.outputs(identityStack);
  if (Object.keys(outputs).length === 0) {
    const problem = `${identityStack} has no outputs: deploy the identity first (\`pulumi up --stack ${identityStack}\`), then run the sign-in check`;
    if (config.mode === "endpoint") throw new SignInTargetError(problem);
    throw new StackContextError(problem);
  }
  const groups = exportedGroups(outputs[identityOutputNames.groups]);
  let access: AccessEntry[] | undefined = config.mode === "identity" ? undefined : config.access;
  if (config.mode === "endpoint") {
    const problems = identityReferenceProblems(identityStack, config.tenantId, { groups: outputs[identityOutputNames.groups], tenantId: outputs[identityOutputNames.tenantId] });
    const resolved = problems.length === 0 ? resolveAccessGroups(config.access, groups, identityStack) : undefined;
    problems.push(...(resolved?.problems ?? []));
    problems.push(...selfServicePortalProblems(identityStack, config.vpn.selfServicePortal, outputs[identityOutputNames.selfServicePortal] === true));
    if (problems.length > 0) throw configError(stackName, problems);
    access = resolved!.access;
  }

  const metadata = outputs[identityOutputNames.metadataXml];
  const redeploy = `run \`pulumi up --stack ${identityStack}\``;
  if (typeof metadata !== "string" || metadata.trim() === "") {
    throw new SignInTargetError(`${identityStack} exports no ${identityOutputNames.metadataXml}, the IdP metadata this check signs in with; ${redeploy}`);
  }
  const ssoUrl = redirectSignOnUrlInMetadata(metadata);
  const trustedCertificates = signingCertificatesInMetadata(metadata);
  if (!ssoUrl || trustedCertificates.length === 0) {
    throw new SignInTargetError(`${identityStack}'s ${identityOutputNames.metadataXml} names no ${!ssoUrl ? "HTTP-Redirect sign-on URL" : "signing certificate"}; ${redeploy}`);
  }
  checkSignOnUrl(ssoUrl, identityStack);

  return {
    stackName,
    mode: config.mode,
    identityStack,
    tenantId: config.tenantId,
    cloud: entraCloud(config.environment),
    ssoUrl,
    trustedCertificates,
    expectedIssuers: entityIdsInMetadata(metadata),
    groups: Object.keys(groups).length > 0 ? groups : config.azure.groups,
    access,
    groupClaimRoute: config.mode === "endpoint" ? await identityGroupClaimRoute(reader, identityStack) : config.azure.groupClaim,
  };
}

function configError(stackName: string, problems: ConfigProblem[]): SignInTargetError {
  return new SignInTargetError(`${formatProblems(problems).replace(/; nothing was created:/, ` (stack ${stackName}); fix them first, as \`pulumi up\` would ask:`)}`);
}

function exportedGroups(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).flatMap(([alias, id]) => (typeof id === "string" ? [[alias, id.toLowerCase()]] : [])),
  );
}

/**
 * The browser is sent where the metadata says, so that must be Entra over https. Plain http is accepted only on a
 * loopback address, where a local test identity provider stands in for Entra (as connect's challenge parser does).
 */
function checkSignOnUrl(ssoUrl: string, identityStack: string): void {
  let url: URL;
  try {
    url = new URL(ssoUrl);
  } catch {
    throw new SignInTargetError(`${identityStack}'s metadata names a sign-on URL that is not a URL; run \`pulumi up --stack ${identityStack}\``);
  }
  if (url.protocol === "https:" || (url.protocol === "http:" && (url.hostname === "127.0.0.1" || url.hostname === "[::1]"))) return;
  throw new SignInTargetError(`${identityStack}'s metadata sends sign-ins to ${url.origin}, not over https; run \`pulumi up --stack ${identityStack}\``);
}

/**
 * azure.groupClaim of another stack's config as the engine stores it (the program's default when unset); undefined
 * when it is no route. That stack's other settings are not this check's business, so only this one is read.
 */
export function groupClaimRouteOf(rawConfig: Record<string, string>): GroupClaimRoute | undefined {
  const azure = rawConfigFromEngine(rawConfig).azure;
  const value = azure && typeof azure === "object" ? (azure as { groupClaim?: unknown }).groupClaim : undefined;
  if (value === undefined) return defaultGroupClaimRoute;
  return (groupClaimRoutes as readonly unknown[]).includes(value) ? (value as GroupClaimRoute) : undefined;
}

/** An endpoint stack's identity stack may live elsewhere; when its config cannot be read, the fix names both routes. */
async function identityGroupClaimRoute(reader: StackReader, identityStack: string): Promise<GroupClaimRoute | undefined> {
  try {
    return groupClaimRouteOf(await reader.config(identityStack));
  } catch {
    return undefined;
  }
}

import { z } from "zod";
import type { ConfigProblem, StackMode } from "./config";
import { parseIpv4Cidr } from "./cidr";

/**
 * `clientvpn-federation:adopted`: what a stack that took over a federation built by hand (`npm run adopt`)
 * must keep exactly as it found it. Each value is one the program would otherwise choose itself, and a
 * different choice would replace a resource users depend on. A stack the program built from scratch never
 * sets this section.
 *
 * Why each one forces a replacement:
 * - IAM SAML provider `name` is ForceNew, and without a name Pulumi generates one (an imported resource's
 *   name is not kept: the bridge's `__defaults` list is empty after import, so the autonamer runs again).
 *   A new provider changes the endpoint's `authentication_options`, which is ForceNew: a new endpoint, a
 *   new DNS name, every user's profile void.
 *   terraform-provider-aws internal/service/iam/saml_provider.go (name: Required, ForceNew);
 *   internal/service/ec2/vpnclient_endpoint.go (authentication_options and self_service_saml_provider_arn: ForceNew);
 *   pulumi/pulumi-terraform-bridge pkg/tfbridge/schema.go (applyDefaults: an old value is reused only when
 *   it was itself a default) and extractSchemaInputs (imported inputs get an empty `__defaults`).
 * - Client VPN route `description` is ForceNew and AWS has no call to change it.
 *   terraform-provider-aws internal/service/ec2/vpnclient_route.go.
 * - AppRoleAssignment `app_role_id` is ForceNew; the portal assigns groups with the app's own "User" role,
 *   not the Default Access role the program uses for apps it creates.
 *   terraform-provider-azuread internal/services/approleassignments/app_role_assignment_resource.go.
 * - The application's client ID: the tenant has exactly one application with the Client VPN identifier,
 *   and the program refuses to deploy next to one it does not own (identity-uniqueness.ts). This names the
 *   one this stack took over until `pulumi up` writes the stack's marker into its notes.
 */
export interface AdoptedSettings {
  applicationClientId?: string;
  assignmentAppRoleId?: string;
  samlProviderName?: string;
  /** The self-service portal's provider: one of its own (by name), the endpoint's main one, or none named. */
  selfServiceSamlProvider?: SelfServiceSamlProvider;
  /** Route description by destination CIDR, for every associated subnet's route to it. */
  routeDescriptions: Record<string, string>;
}

export type SelfServiceSamlProvider = { kind: "own"; name?: string } | { kind: "shared" } | { kind: "none" };

/**
 * The IAM SAML providers the endpoint signs in through. `main.name` is undefined for a stack built from scratch
 * (Pulumi names it). `portal` is undefined with the portal off; otherwise the portal's own provider (named when
 * adopted), the main one ("shared"), or none named on the endpoint ("none"), as an adopted endpoint was built.
 */
export interface SamlProviderPlan {
  main: { name?: string };
  portal?: SelfServiceSamlProvider;
}

export function samlProviderPlan(selfServicePortal: boolean, adopted?: Pick<AdoptedSettings, "samlProviderName" | "selfServiceSamlProvider">): SamlProviderPlan {
  const main = { name: adopted?.samlProviderName };
  if (!selfServicePortal) return { main };
  return { main, portal: adopted?.selfServiceSamlProvider ?? { kind: "own" } };
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * IAM SAML provider names: 1 to 128 letters and digits, and any of _+=,.@- (CreateSAMLProvider, Name):
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateSAMLProvider.html
 */
const samlProviderNamePattern = /^[A-Za-z0-9_+=,.@-]{1,128}$/;

const providerName = z
  .string({ error: "must be the IAM SAML provider's name, as its ARN ends (saml-provider/<name>)" })
  .regex(samlProviderNamePattern, { error: "must be 1 to 128 letters, digits and _+=,.@- (IAM's rule for SAML provider names)" });

/** Each setting's `.describe()` text is its row in docs/configuration.md (`npm run docs`). */
export const adoptedSchema = z.strictObject({
  applicationClientId: z
    .string({ error: "must be the Entra application's client (app) ID, a GUID" })
    .regex(guidPattern, { error: "must be the Entra application's client (app) ID, a GUID" })
    .optional()
    .describe(
      "The client ID of the tenant's Client VPN application this stack took over. The program refuses to deploy next to such an " +
        "application it did not make; this names the one that is its own until the first `pulumi up` marks it. Not in `endpoint` mode.",
    ),
  assignmentAppRoleId: z
    .string({ error: "must be an app role ID, a GUID" })
    .regex(guidPattern, { error: "must be an app role ID, a GUID" })
    .optional()
    .describe(
      "The app role the groups were assigned with, when it is not the one the program uses (Default Access, or the gallery app's " +
        "`msiam_access`): the portal assigns with the application's User role, and a new role would replace every assignment. " +
        "Not in `endpoint` mode.",
    ),
  samlProviderName: providerName
    .optional()
    .describe("The name of the IAM SAML provider the endpoint signs in through. A new name would mean a new provider and a new endpoint. Not in `identity` mode."),
  selfServiceSamlProvider: z
    .union([z.literal("shared"), z.literal("none"), z.strictObject({ name: providerName.describe("The name of the portal's own IAM SAML provider.") })], {
      error: "must be shared (the endpoint's own provider), none, or {name: <IAM SAML provider name>}",
    })
    .optional()
    .describe(
      "The IAM SAML provider of the self-service portal as the endpoint has it: `{name: ...}` for one of its own, `shared` when the " +
        "portal signs in through the endpoint's provider, `none` when the endpoint names none. Changing it replaces the endpoint. " +
        "Only with `vpn.selfServicePortal` on.",
    ),
  routeDescriptions: z
    .record(
      z.string().describe("destination CIDR"),
      z.string().max(255, { error: "must be at most 255 characters (CreateClientVpnRoute)" }).describe("the routes' description"),
    )
    .optional()
    .describe(
      "The description of the routes to each network, by the access entry's CIDR, where it is not the program's own " +
        "(`<name> via <subnet>`): a route's description cannot be changed, only the route replaced. Not in `identity` mode.",
    ),
});

/** Settings each mode uses; a setting the mode does not use is refused, as everywhere in this config. */
const awsSide = ["samlProviderName", "selfServiceSamlProvider", "routeDescriptions"] as const;
const entraSide = ["applicationClientId", "assignmentAppRoleId"] as const;

export function parseAdoptedSettings(
  raw: unknown,
  context: { mode: StackMode; selfServicePortal?: boolean; accessCidrs?: string[] },
): { settings: AdoptedSettings; problems: ConfigProblem[] } {
  if (raw === undefined) return { settings: { routeDescriptions: {} }, problems: [] };
  const parsed = adoptedSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      settings: { routeDescriptions: {} },
      problems: parsed.error.issues.map((issue) => ({
        setting: ["adopted", ...issue.path.map(String)].join("."),
        message: issue.code === "unrecognized_keys" ? `unknown setting${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}; npm run adopt writes this section, keep what it wrote` : issue.message,
      })),
    };
  }
  const value = parsed.data;
  const problems: ConfigProblem[] = [];
  const unused = (keys: readonly string[], where: string) => {
    for (const key of keys) {
      if (value[key as keyof typeof value] !== undefined) problems.push({ setting: `adopted.${key}`, message: `is not used in ${context.mode} mode; ${where}` });
    }
  };
  if (context.mode === "identity") unused(awsSide, "it belongs to the endpoint stack that took over the endpoint");
  if (context.mode === "endpoint") unused(entraSide, "it belongs to the identity stack that took over the application");
  if (value.selfServiceSamlProvider !== undefined && context.selfServicePortal === false) {
    problems.push({ setting: "adopted.selfServiceSamlProvider", message: "is set but vpn.selfServicePortal is off; remove it, or turn the portal on" });
  }
  const accessCidrs = new Set((context.accessCidrs ?? []).map(canonicalCidr));
  for (const cidr of Object.keys(value.routeDescriptions ?? {})) {
    const parsedCidr = parseIpv4Cidr(cidr);
    if (!parsedCidr.ok) {
      problems.push({ setting: `adopted.routeDescriptions.${cidr}`, message: parsedCidr.reason });
    } else if (context.accessCidrs && !accessCidrs.has(parsedCidr.network.cidr)) {
      problems.push({ setting: `adopted.routeDescriptions.${cidr}`, message: "is not the cidr of any access entry; only routes the program declares take a description from here" });
    }
  }
  const selfService = value.selfServiceSamlProvider;
  return {
    settings: {
      applicationClientId: value.applicationClientId?.toLowerCase(),
      assignmentAppRoleId: value.assignmentAppRoleId?.toLowerCase(),
      samlProviderName: value.samlProviderName,
      selfServiceSamlProvider:
        selfService === undefined ? undefined : typeof selfService === "string" ? { kind: selfService } : { kind: "own", name: selfService.name },
      routeDescriptions: Object.fromEntries(Object.entries(value.routeDescriptions ?? {}).map(([cidr, text]) => [canonicalCidr(cidr), text])),
    },
    problems,
  };
}

function canonicalCidr(value: string): string {
  const parsed = parseIpv4Cidr(value);
  return parsed.ok ? parsed.network.cidr : value;
}

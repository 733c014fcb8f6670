/**
 * What each change of the first `pulumi up` means, in the report's words: which of the program's guardrails it
 * is, and whether users notice. Pure; one explanation per change the adoption plan predicts, nothing invented.
 */
import { effectiveSigningPolicy, policyHolders, responseAndToken, type PolicyHolder } from "../../components/graph/saml-signing-plan";
import { signingCertificatesInMetadata, entityIdsInMetadata } from "../day2/idp-metadata";
import { checkGalleryInputs } from "../../components/gallery-app/gallery-app-inputs";
import { planGalleryPatches } from "../../components/gallery-app/gallery-app-plan";
import type { ResourceChange } from "./adoption-plan";
import type { LiveFederation } from "./live-federation";

export interface ExplainedChange {
  /** guardrail: a rule of this program; label: names, descriptions, tags; other: anything else that changes. */
  kind: "guardrail" | "label" | "other";
  text: string;
  /** How users notice, when they do. */
  affectsUsers?: string;
}

const types = {
  endpoint: "aws:ec2clientvpn/endpoint:Endpoint",
  samlProvider: "aws:iam/samlProvider:SamlProvider",
  application: "azuread:index/applicationRegistration:ApplicationRegistration",
  redirectUris: "azuread:index/applicationRedirectUris:ApplicationRedirectUris",
  servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
  certificate: "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate",
  assignment: "azuread:index/appRoleAssignment:AppRoleAssignment",
  claimsPolicy: "azuread:index/claimsMappingPolicy:ClaimsMappingPolicy",
  claimsAssignment: "azuread:index/servicePrincipalClaimsMappingPolicyAssignment:ServicePrincipalClaimsMappingPolicyAssignment",
  signing: "pulumi-nodejs:dynamic/entra:SamlSigningSettings",
  gallerySettings: "pulumi-nodejs:dynamic/entra:GalleryAppSettings",
  route: "aws:ec2clientvpn/route:Route",
  // Made only as part of another change, which explains them.
  folded: [
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudwatch/logStream:LogStream",
  ],
} as const;

const holderNames: Record<PolicyHolder, string> = { application: "application", servicePrincipal: "enterprise application (service principal)" };

const show = (value: unknown): string => {
  const empty = Array.isArray(value) ? value.length === 0 : typeof value === "object" && value !== null && Object.keys(value).length === 0;
  if (value === undefined || value === null || value === "" || empty) return "(not set)";
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value.join(", ");
  return typeof value === "string" ? value : JSON.stringify(value);
};

export function explainChanges(changes: ResourceChange[], live: LiveFederation, retentionDays: number): ExplainedChange[] {
  const explained: ExplainedChange[] = [];
  const add = (change: ExplainedChange) => explained.push(change);
  const creates = (type: string) => changes.filter((change) => change.kind === "create" && change.type === type);

  for (const change of changes) {
    if (change.kind === "create") {
      if ((types.folded as readonly string[]).includes(change.type)) continue;
      if (change.type === types.claimsAssignment && creates(types.claimsPolicy).length) continue;
      explainCreate(change, live, add);
      continue;
    }
    for (const property of change.properties) explainProperty(change, property, live, retentionDays, add);
  }
  return explained;
}

function explainCreate(change: Extract<ResourceChange, { kind: "create" }>, live: LiveFederation, add: (change: ExplainedChange) => void): void {
  switch (change.type) {
    case types.signing: {
      // The program assigns its policy to both holders (saml-signing-plan.ts, policyHolders); Entra signs as
      // the weaker of the two says until then.
      const assigned = { application: live.entra.tokenIssuancePolicies.onApplication, servicePrincipal: live.entra.tokenIssuancePolicies.onServicePrincipal };
      const found = policyHolders.map((holder) => effectiveSigningPolicy(undefined, assigned[holder])).find((signing) => signing !== responseAndToken);
      add(
        found
          ? { kind: "guardrail", text: `Entra signs the SAML response and the assertion (${responseAndToken}; now ${found})` }
          : { kind: "other", text: `the program's own token issuance policy takes over the signing (${responseAndToken}, as now)` },
      );
      for (const holder of policyHolders) {
        for (const policy of assigned[holder]) {
          add({
            kind: "other",
            text: `token issuance policy "${policy.displayName}" is unassigned from the ${holderNames[holder]} (not deleted): the program's own policy replaces it`,
          });
        }
      }
      return;
    }
    case types.gallerySettings:
      explainGallerySettings(change, live, add);
      return;
    case types.claimsPolicy:
      add({
        kind: "guardrail",
        text: "claims come from the program's claims-mapping policy (NameID from the UPN, FirstName, LastName, memberOf with assigned groups); it supersedes the portal's claims blade, whose claims Graph v1.0 cannot show",
        affectsUsers: "only if memberOf does not arrive: group rules would stop matching. Run the sign-in check right after pulumi up",
      });
      return;
    case types.assignment: {
      const groupId = String(change.inputs.principalObjectId ?? "");
      const name = live.entra.unassignedRuleGroups[groupId.toLowerCase()];
      add({
        kind: "guardrail",
        text: `group ${name ? `"${name}" ` : ""}${groupId} is assigned to the application: an authorization rule names it, and only assigned groups reach the memberOf claim`,
        affectsUsers: "its members who were not assigned before can now sign in",
      });
      return;
    }
    case types.route:
      add({
        kind: "guardrail",
        text: `route to ${show(change.inputs.destinationCidrBlock)} via ${show(change.inputs.targetVpcSubnetId)} is added: every associated subnet carries the same routes`,
      });
      return;
    case types.certificate:
      add({
        kind: "other",
        text: "a new token signing certificate is made and becomes Entra's active key; IAM's SAML providers follow in the same pulumi up",
        affectsUsers: "sign-ins fail from the moment Entra switches keys until IAM holds the new metadata (the same pulumi up, usually under a minute)",
      });
      return;
    default:
      add({ kind: "other", text: `${change.type} ${change.name} is created${change.reason ? ` (${change.reason})` : ""}` });
  }
}

/**
 * The gallery app's settings are created, not imported: what their create writes (gallery-app-plan.ts
 * planGalleryPatches, given the declared inputs and what adopt read) is said as the same change on the
 * application or the service principal would be.
 */
function explainGallerySettings(change: Extract<ResourceChange, { kind: "create" }>, live: LiveFederation, add: (change: ExplainedChange) => void): void {
  const { application: app, servicePrincipal: sp } = live.entra;
  const { inputs } = checkGalleryInputs(change.inputs);
  const patches = planGalleryPatches(
    inputs,
    {
      application: {
        appId: app.appId,
        identifierUris: app.identifierUris,
        groupMembershipClaims: app.groupMembershipClaims ?? null,
        requestedAccessTokenVersion: app.api?.requestedAccessTokenVersion ?? null,
        notes: app.notes ?? null,
      },
      servicePrincipal: {
        appRoleAssignmentRequired: sp.appRoleAssignmentRequired,
        preferredSingleSignOnMode: sp.preferredSingleSignOnMode ?? null,
        notificationEmailAddresses: sp.notificationEmailAddresses,
        appRoles: sp.appRoles,
      },
    },
    { onCreate: true },
  );
  type Update = Extract<ResourceChange, { kind: "update" | "replace" }>;
  const onApplication: Update = { kind: "update", type: types.application, name: change.name, urn: change.urn, label: `application "${app.displayName}" (${app.appId})`, properties: [] };
  const onServicePrincipal: Update = { ...onApplication, type: types.servicePrincipal, label: `enterprise application (service principal ${sp.id})` };
  const before: Record<string, unknown> = {
    requestedAccessTokenVersion: app.api?.requestedAccessTokenVersion ?? 1,
    groupMembershipClaims: app.groupMembershipClaims,
    notes: app.notes,
    identifierUris: app.identifierUris,
    preferredSingleSignOnMode: sp.preferredSingleSignOnMode,
    appRoleAssignmentRequired: sp.appRoleAssignmentRequired,
    notificationEmailAddresses: sp.notificationEmailAddresses,
  };
  const explain = (on: Update, property: string, declared: unknown) =>
    explainProperty(on, { property, live: before[property], declared, replaces: false }, live, 0, add);
  for (const [property, value] of Object.entries(patches.application ?? {})) {
    if (property === "api") explain(onApplication, "requestedAccessTokenVersion", (value as { requestedAccessTokenVersion: number }).requestedAccessTokenVersion);
    else explain(onApplication, property, value);
  }
  for (const [property, value] of Object.entries(patches.servicePrincipal ?? {})) explain(onServicePrincipal, property, value);
}

function explainProperty(
  change: Extract<ResourceChange, { kind: "update" | "replace" }>,
  property: { property: string; live: unknown; declared: unknown; replaces: boolean },
  live: LiveFederation,
  retentionDays: number,
  add: (change: ExplainedChange) => void,
): void {
  const { property: name, live: before, declared: after } = property;
  const replaced = property.replaces ? " (replaces it)" : "";
  const generic = () => add({ kind: "other", text: `${change.label}: ${name} ${show(before)} -> ${show(after)}${replaced}` });
  if (name === "tags" || name === "description" || name === "displayName" || name === "notificationEmailAddresses") {
    add({ kind: "label", text: `${change.label}: ${name} ${show(before)} -> ${show(after)}` });
    return;
  }
  switch (`${change.type}.${name}`) {
    case `${types.endpoint}.securityGroupIds`: {
      const groups = live.aws.securityGroups.map((group) => (group.isVpcDefault ? `the VPC's default security group ${group.id}` : `security group ${group.id} (${group.name})`));
      add({
        kind: "guardrail",
        text: `a dedicated security group instead of ${groups.join(" and ") || "the endpoint's current groups"}: VPN clients reach the access networks only; the old group stays as it is`,
      });
      return;
    }
    case `${types.endpoint}.connectionLogOptions`: {
      const log = live.aws.connectionLog;
      add({
        kind: "guardrail",
        text: log.enabled
          ? `connection logs go to the stack's own log group (kept ${retentionDays} days) instead of ${log.logGroup}, which keeps what it has`
          : `connection logging is turned on: every connection attempt is logged to the stack's log group (kept ${retentionDays} days)`,
      });
      return;
    }
    case `${types.endpoint}.dnsServers`:
      add({
        kind: "other",
        text: `${change.label}: DNS servers ${show(before)} -> ${show(after)}`,
        affectsUsers: "modifying the DNS servers resets existing client connections (ModifyClientVpnEndpoint)",
      });
      return;
    case `${types.samlProvider}.samlMetadataDocument`: {
      const sameTrust =
        JSON.stringify(signingCertificatesInMetadata(String(before))) === JSON.stringify(signingCertificatesInMetadata(String(after))) &&
        JSON.stringify(entityIdsInMetadata(String(before))) === JSON.stringify(entityIdsInMetadata(String(after)));
      add(
        sameTrust
          ? { kind: "other", text: `${change.label}: metadata is rewritten from Entra's active certificate (same certificate and issuer)` }
          : {
              kind: "other",
              text: `${change.label}: metadata is rewritten to trust the certificate Entra signs with now, which the current metadata does not hold`,
              affectsUsers: "sign-ins IAM refuses today start to work",
            },
      );
      return;
    }
    case `${types.application}.groupMembershipClaims`:
      add({
        kind: "guardrail",
        text: `group claims are limited to groups assigned to the application (now ${show(before)}): a user in more than 150 groups still gets memberOf, not an overage link AWS cannot follow`,
      });
      return;
    case `${types.application}.requestedAccessTokenVersion`:
      add({ kind: "guardrail", text: `access tokens version 2 (now ${show(before)}): newer tenants refuse non-verified identifier URIs on version 1 applications` });
      return;
    case `${types.application}.notes`:
      add({ kind: "guardrail", text: "the application's notes mark it as this stack's, so a second stack in the tenant is refused instead of fighting over it" });
      return;
    case `${types.application}.signInAudience`:
      add({ kind: "guardrail", text: `sign-in limited to this tenant (AzureADMyOrg; now ${show(before)})` });
      return;
    case `${types.redirectUris}.redirectUris`:
      add({ kind: "guardrail", text: `reply URLs exactly ${show(after)} (now ${show(before)}): AWS posts to http://127.0.0.1:35001 as written` });
      return;
    case `${types.servicePrincipal}.owners`:
      // The program declares the identity that runs pulumi up as the one owner (entra-application.ts,
      // azuread.getClientConfig), which adopt cannot know: it names the role, not a placeholder.
      add({
        kind: "other",
        text: `${change.label}: owners ${show(before)} -> the identity that runs pulumi up (the program keeps it as the one owner and removes the others)`,
      });
      return;
    case `${types.servicePrincipal}.preferredSingleSignOnMode`:
      add({
        kind: "other",
        text: `${change.label}: single sign-on mode ${show(before)} -> saml: the signing key the program makes active applies to SAML applications only`,
      });
      return;
    case `${types.servicePrincipal}.appRoleAssignmentRequired`:
      add({
        kind: "guardrail",
        text: "assignment required: only assigned users and groups may sign in",
        affectsUsers: "users who are neither assigned nor in an assigned group can no longer sign in",
      });
      return;
    case `${types.assignment}.appRoleId`:
      add({
        kind: "other",
        text: `${change.label}: re-made with app role ${show(after)} instead of ${show(before)}`,
        affectsUsers: "its members cannot sign in for the moment between removal and re-creation",
      });
      return;
    case `${types.claimsPolicy}.definitions`:
      add({
        kind: "guardrail",
        text: `${change.label} gets the program's definition (NameID, FirstName, LastName, memberOf with assigned groups)`,
        affectsUsers: "only if memberOf does not arrive: group rules would stop matching. Run the sign-in check right after pulumi up",
      });
      return;
    default:
      if ((after === undefined || after === "" || after === false) && before !== undefined) {
        add({ kind: "other", text: `${change.label}: ${name} ${show(before)} is cleared (the program does not set it)` });
        return;
      }
      generic();
  }
}

import type { ResourceValidationPolicy } from "@pulumi/policy";
import { violation } from "../lib/describe";
import { UNKNOWN, at, knownStrings } from "../lib/known";
import { readResource } from "../lib/resource";
import { ResourceType } from "../lib/resource-types";

// AWS reads the memberOf attribute (required) and FirstName/LastName; attribute names are
// case-sensitive, and the NameID must be in email address format.
// https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html#saml-requirements
const GROUP_ATTRIBUTE = "memberOf";
const CASE_SENSITIVE_ATTRIBUTES = [GROUP_ATTRIBUTE, "FirstName", "LastName"];
// Claims-mapping policy schema (ClaimsSchema entries of Source/ID/SamlClaimType):
// https://learn.microsoft.com/en-us/entra/identity-platform/reference-claims-customization
const NAME_ID_CLAIM_TYPE = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier";
// User attributes that hold an email-shaped value.
const EMAIL_SHAPED_SOURCES = new Set(["userprincipalname", "mail"]);

/** The problems of one definition string, in words; empty when AWS can read its claims. */
function definitionProblems(definition: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(definition);
  } catch {
    return ["has a definition that is not JSON"];
  }
  const schema = at(parsed, "ClaimsMappingPolicy", "ClaimsSchema");
  if (!Array.isArray(schema)) return [];
  const emitted = schema.filter((entry) => typeof at(entry, "SamlClaimType") === "string");
  const claimTypes = emitted.map((entry) => at(entry, "SamlClaimType") as string);
  const problems: string[] = [];
  for (const claimType of claimTypes) {
    const meant = CASE_SENSITIVE_ATTRIBUTES.find((name) => name.toLowerCase() === claimType.toLowerCase() && name !== claimType);
    if (meant) problems.push(`emits "${claimType}", which AWS ignores: the attribute is "${meant}" (case-sensitive)`);
  }
  if (!claimTypes.some((claimType) => claimType.toLowerCase() === GROUP_ATTRIBUTE.toLowerCase())) {
    problems.push(`emits no "${GROUP_ATTRIBUTE}" attribute, so no group-based authorization rule can match`);
  }
  const nameId = emitted.find((entry) => at(entry, "SamlClaimType") === NAME_ID_CLAIM_TYPE);
  const nameIdSource = nameId ? at(nameId, "ID") : undefined;
  if (nameId && at(nameId, "Source") === "user" && typeof nameIdSource === "string" && !EMAIL_SHAPED_SOURCES.has(nameIdSource.toLowerCase())) {
    problems.push(`takes the NameID from "${nameIdSource}", not an email address (userprincipalname or mail) as AWS requires`);
  }
  return problems;
}

export const samlClaims: ResourceValidationPolicy = {
  name: "entra-claims-for-client-vpn",
  description:
    "The claims-mapping policy emits what AWS Client VPN reads: memberOf, FirstName and LastName spelled exactly, " +
    "and an email-format NameID.",
  remediationSteps:
    "In the ClaimsMappingPolicy definition, emit SamlClaimType \"memberOf\" (the app's groups), \"FirstName\", " +
    "\"LastName\" with that exact case, and take the NameID from userprincipalname or mail.",
  enforcementLevel: "advisory",
  severity: "medium",
  validateResource: (args, reportViolation) => {
    if (args.type !== ResourceType.claimsMappingPolicy) return;
    const policy = readResource(args);
    const definitions = knownStrings(policy.props.definitions);
    if (definitions === UNKNOWN || definitions === undefined) return;
    const problems = definitions.flatMap(definitionProblems);
    if (problems.length === 0) return;
    reportViolation(
      violation(
        "Entra claims-mapping policy",
        policy,
        `${problems.join("; ")}.`,
        "emit memberOf, FirstName and LastName with exactly that case and the NameID from userprincipalname or mail, " +
          "as components/saml-claims.ts does.",
      ),
    );
  },
};

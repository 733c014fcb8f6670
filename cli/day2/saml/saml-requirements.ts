/**
 * Checks a captured SAMLResponse against what AWS Client VPN accepts, one verdict per requirement,
 * each failing one with its fix. Pure: the certificates and rules are passed in.
 *
 * AWS requirements (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html,
 * "Requirements and considerations"): the assertion and the response must be signed; responses of at
 * most 128 KB; NameID in email format and the attributes FirstName, LastName and memberOf (names are
 * case-sensitive, "Supported SAML attributes"); audience urn:amazon:webservices:clientvpn; the client's
 * ACS http://127.0.0.1:35001, the self-service portal's its own.
 * Entra: a SAML token carries at most 150 groups; beyond that the groups are replaced by a link claim
 * http://schemas.microsoft.com/claims/groups.link ("groups overage"), which AWS cannot follow.
 * https://learn.microsoft.com/en-us/entra/identity-platform/reference-saml-tokens and
 * https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/how-to-connect-fed-group-claims
 */
import { clientVpnIdentifierUri } from "../../../components/config";
import type { GroupClaimRoute } from "../../../components/group-claim-route";
import { samlAttributeNames } from "../../../components/saml-claims";
import { type CheckResult, fail, notCheckable, pass } from "../check-result";
import type { RuleOutput } from "../stack-context";
import { explainEntraError } from "./entra-errors";
import { defaultGroupsClaim, missingMemberOfDetail, missingMemberOfFix } from "./group-claim-fix";
import type { DecodedSamlResponse } from "./saml-input";
import { ASSERTION_NS, PROTOCOL_NS, type SignatureVerdict, childElements, parseXml, verifyEnvelopedSignature } from "./saml-signatures";

export const maxResponseBytes = 128 * 1024;
export const maxSamlGroups = 150;
export const groupsOverageClaim = "http://schemas.microsoft.com/claims/groups.link";
export const emailNameIdFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
const SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Where the trusted certificate and metadata come from: the endpoint's IAM SAML provider (what AWS verifies with;
 * saml-check reads it), or the identity stack's metadata output, which the program hands to IAM (the sign-in
 * check reads it, needing no AWS).
 */
export type TrustSource = "iam" | "identity-stack";

export interface SamlCheckOptions {
  /** Base64 DER certificates from the trusted metadata. */
  trustedCertificates: readonly string[];
  /** entityIDs of the trusted metadata: the assertion's Issuer must be one of them. */
  expectedIssuers: readonly string[];
  /** Where AWS accepts the response (client and, for the portal, its ACS). */
  allowedRecipients: readonly string[];
  /** The stack's rules, to say which ones the user's groups open; undefined when not known. */
  rules?: readonly RuleOutput[];
  /** Why the rules are unknown, when `rules` is undefined for a reason the caller knows. */
  rulesUnknown?: { detail: string; fix: string };
  describeGroup?: (id: string) => string;
  /** Default "iam". */
  trustSource?: TrustSource;
  /** The identity stack's azure.groupClaim, when known, so a missing memberOf names the other route. */
  groupClaimRoute?: GroupClaimRoute;
}

/** The claims of a response as a trusted signature covers them. */
export interface SignedClaims {
  nameId: string;
  /** Attribute name -> its values, in order. */
  attributes: Map<string, string[]>;
}

export interface SamlVerdict {
  results: CheckResult[];
  /** Only when a signature by a trusted certificate covers the assertion. */
  claims?: SignedClaims;
}

const trustWords: Record<TrustSource, { holder: string; untrustedFix: string }> = {
  iam: {
    holder: "the IAM provider",
    untrustedFix: "make IAM hold Entra's active certificate: run `pulumi up` on the identity stack, then on the endpoint stack (`npm run doctor` shows both sides)",
  },
  "identity-stack": {
    holder: "the identity stack",
    untrustedFix:
      "Entra signs with a key the identity stack did not make active (a certificate made active in the Entra admin center, or a deploy that stopped early): " +
      "run `pulumi up` on the identity stack, which makes its own certificate the active signing key (`npm run doctor` shows the active key)",
  },
};

function checkNames(trust: TrustSource) {
  const { holder } = trustWords[trust];
  return {
    size: "response is at most 128 KB",
    status: "Entra reports success",
    responseSignature: `response is signed by ${holder}'s certificate`,
    assertionSignature: `assertion is signed by ${holder}'s certificate`,
    issuer: `issuer is the IdP in ${holder}'s metadata`,
    audience: `audience is ${clientVpnIdentifierUri}`,
    recipient: "recipient is the AWS client (or the self-service portal)",
    nameId: "NameID is an email address",
    names: "FirstName and LastName are present",
    groups: "memberOf is present, with at most 150 groups",
    rules: "memberOf values match the endpoint's rules",
  } as const;
}

type Names = ReturnType<typeof checkNames>;

export function checkSamlResponse(decoded: DecodedSamlResponse, options: SamlCheckOptions): CheckResult[] {
  return judgeSamlResponse(decoded, options).results;
}

/** The verdicts, and the claims a trusted signature covers (to show who signed in and their groups). */
export function judgeSamlResponse(decoded: DecodedSamlResponse, options: SamlCheckOptions): SamlVerdict {
  const trust = options.trustSource ?? "iam";
  const names = checkNames(trust);
  const results: CheckResult[] = [];
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  results.push(
    decoded.xmlBytes <= maxResponseBytes
      ? pass(names.size, kb(decoded.xmlBytes))
      : fail(names.size, `${kb(decoded.xmlBytes)}, over AWS's 128 KB`, "emit fewer claims: restrict groupMembershipClaims to groups assigned to the app and drop optional claims"),
  );

  let document: Document;
  try {
    document = parseXml(decoded.xml);
  } catch (error) {
    return { results: [...results, fail("response is a SAML Response", (error as Error).message, "save the SAMLResponse form field exactly as the browser sent it")] };
  }
  const root = document.documentElement;
  if (root.namespaceURI !== PROTOCOL_NS || root.localName !== "Response") {
    return { results: [...results, fail("response is a SAML Response", `the root element is ${root.nodeName}`, "save the SAMLResponse form field (a samlp:Response), not another message")] };
  }
  // Status first: a failed sign-in carries no assertion, and that is not tampering.
  const status = checkStatus(names, root, options.groupClaimRoute);
  results.push(status);
  const allAssertions = document.getElementsByTagNameNS(ASSERTION_NS, "Assertion").length;
  if (status.status === "fail" && allAssertions === 0) return { results };
  const directAssertions = childElements(root, ASSERTION_NS, "Assertion");
  if (allAssertions !== 1 || directAssertions.length !== 1) {
    const encrypted = document.getElementsByTagNameNS(ASSERTION_NS, "EncryptedAssertion").length;
    return {
      results: [
        ...results,
        fail(
          "response carries exactly one assertion",
          encrypted > 0 ? "the assertion is encrypted" : `it carries ${allAssertions} assertion(s), ${directAssertions.length} in place: Entra sends exactly one, so this response was altered (signature wrapping?)`,
          encrypted > 0 ? "turn off token encryption for the application: AWS Client VPN reads plain assertions" : "do not trust this response; capture a fresh one straight from the browser",
        ),
      ],
    };
  }

  const { holder } = trustWords[trust];
  const responseVerdict = verifyEnvelopedSignature(root, options.trustedCertificates, holder);
  const assertionVerdict = verifyEnvelopedSignature(directAssertions[0], options.trustedCertificates, holder);
  results.push(signatureResult(names.responseSignature, responseVerdict, trust), signatureResult(names.assertionSignature, assertionVerdict, trust));

  // Read from what was signed: the assertion's own signed bytes, else the assertion inside the signed response.
  const signedResponse = responseVerdict.signedXml ? parseXml(responseVerdict.signedXml).documentElement : undefined;
  const claimsSource = assertionVerdict.signedXml
    ? parseXml(assertionVerdict.signedXml).documentElement
    : signedResponse
      ? childElements(signedResponse, ASSERTION_NS, "Assertion")[0]
      : undefined;
  const verified = claimsSource !== undefined;
  const assertion = claimsSource ?? directAssertions[0];
  const responseElement = signedResponse ?? root;
  const caveat = verified ? "" : " (read from an unverified response)";

  const attributes = readAttributes(assertion);
  const claimResults = [
    checkIssuer(names, assertion, options.expectedIssuers, caveat),
    checkAudience(names, assertion, caveat),
    checkRecipient(names, assertion, responseElement, options.allowedRecipients, caveat),
    checkNameId(names, assertion, caveat),
    checkFirstAndLastName(names, attributes, caveat),
    checkGroups(names, attributes, options.groupClaimRoute, caveat),
    checkRules(names, attributes.get(samlAttributeNames.groups) ?? [], options, caveat),
  ];
  // Nothing unsigned earns a pass: what would pass is only shown, and a problem is still a problem.
  const unverifiedPass = (result: CheckResult): CheckResult =>
    result.status !== "pass" ? result : { ...result, status: "not-checkable", fix: `no signature by ${holder}'s certificate covers this claim; fix the signatures first` };
  return {
    results: [...results, ...(verified ? claimResults : claimResults.map(unverifiedPass))],
    claims: verified ? { nameId: text(descendants(assertion, "NameID")[0]), attributes } : undefined,
  };
}

/**
 * Entra reports a failed sign-in in the Status: a StatusCode other than Success and a StatusMessage that starts
 * with the AADSTS code (https://learn.microsoft.com/en-us/entra/identity-platform/single-sign-on-saml-protocol#status).
 */
function checkStatus(names: Names, root: Element, route: GroupClaimRoute | undefined): CheckResult {
  const status = childElements(root, PROTOCOL_NS, "Status")[0];
  const code = status ? childElements(status, PROTOCOL_NS, "StatusCode")[0]?.getAttribute("Value") : undefined;
  if (code === SUCCESS) return pass(names.status, "Success");
  const message = status ? text(childElements(status, PROTOCOL_NS, "StatusMessage")[0]) : "";
  const explained = explainEntraError(message, route);
  return fail(
    names.status,
    `status ${code ?? "missing"}${explained ? `; ${explained.detail}` : ""}`,
    explained?.fix ?? "the sign-in itself failed in Entra: look up the error in the Entra sign-in logs for this user and time",
  );
}

function signatureResult(name: string, verdict: SignatureVerdict, trust: TrustSource): CheckResult {
  if (verdict.status === "valid") return pass(name, verdict.detail);
  if (verdict.status === "missing") {
    return fail(name, verdict.detail, "set the signing option to ResponseAndToken: run `pulumi up` on the identity stack (portal: Signing Option > Sign SAML response and assertion)");
  }
  if (verdict.status === "untrusted-certificate") {
    return fail(name, verdict.detail, trustWords[trust].untrustedFix);
  }
  return fail(name, verdict.detail, "do not trust this response: it was changed after Entra signed it; capture a fresh one");
}

function text(element: Element | undefined): string {
  return (element?.textContent ?? "").trim();
}

function descendants(parent: Element, localName: string): Element[] {
  const list = parent.getElementsByTagNameNS(ASSERTION_NS, localName);
  return Array.from({ length: list.length }, (_, index) => list.item(index)!);
}

/**
 * The assertion's Issuer "MUST contain the unique identifier of the issuing identity provider" (SAML 2.0
 * profiles, 4.1.4.2), which the relying party knows as the metadata's entityID.
 * https://docs.oasis-open.org/security/saml/v2.0/saml-profiles-2.0-os.pdf
 */
function checkIssuer(names: Names, assertion: Element, expected: readonly string[], caveat: string): CheckResult {
  const issuer = text(childElements(assertion, ASSERTION_NS, "Issuer")[0]);
  if (expected.includes(issuer)) return pass(names.issuer, `${issuer}${caveat}`);
  return fail(
    names.issuer,
    `issuer is ${issuer || "missing"}, the metadata names ${expected.join(", ") || "no entityID"}${caveat}`,
    "the IAM provider's metadata belongs to another tenant or cloud: check azuread:tenantId and azuread:environment, then run `pulumi up` on the endpoint stack",
  );
}

function checkAudience(names: Names, assertion: Element, caveat: string): CheckResult {
  const audiences = descendants(assertion, "Audience").map(text);
  if (audiences.length === 1 && audiences[0] === clientVpnIdentifierUri) return pass(names.audience, `${audiences[0]}${caveat}`);
  return fail(
    names.audience,
    `audience is ${audiences.join(", ") || "missing"}${caveat}`,
    `set the application's identifier (Entity ID) to exactly ${clientVpnIdentifierUri}: run \`pulumi up\` on the identity stack`,
  );
}

function checkRecipient(names: Names, assertion: Element, response: Element, allowed: readonly string[], caveat: string): CheckResult {
  const recipients = descendants(assertion, "SubjectConfirmationData").map((data) => data.getAttribute("Recipient") ?? "");
  const destination = response.getAttribute("Destination");
  const wrong = [...recipients.map((value) => ["Recipient", value] as const), ...(destination ? [["Destination", destination] as const] : [])].filter(([, value]) => !allowed.includes(value));
  if (recipients.length > 0 && wrong.length === 0) return pass(names.recipient, `${recipients[0]}${caveat}`);
  return fail(
    names.recipient,
    recipients.length === 0 ? `no SubjectConfirmationData Recipient${caveat}` : `${wrong.map(([field, value]) => `${field} ${value}`).join(", ")} is not ${allowed.join(" or ")}${caveat}`,
    "the sign-in used a reply URL AWS does not listen on: put the reply URLs back with `pulumi up` on the identity stack and start the sign-in from the AWS VPN Client",
  );
}

function checkNameId(names: Names, assertion: Element, caveat: string): CheckResult {
  const nameId = descendants(assertion, "NameID")[0];
  const format = nameId?.getAttribute("Format") ?? "";
  const value = text(nameId);
  if (nameId && format === emailNameIdFormat && EMAIL.test(value)) return pass(names.nameId, `${value}${caveat}`);
  const problem = !nameId ? "no NameID" : format !== emailNameIdFormat ? `NameID format is ${format || "unspecified"}` : `NameID "${value}" is not an email address`;
  return fail(names.nameId, `${problem}${caveat}`, "emit the user principal name as NameID in email format: run `pulumi up` on the identity stack (its claims mapping does this)");
}

function readAttributes(assertion: Element): Map<string, string[]> {
  const attributes = new Map<string, string[]>();
  for (const attribute of descendants(assertion, "Attribute")) {
    const name = attribute.getAttribute("Name") ?? "";
    attributes.set(name, [...(attributes.get(name) ?? []), ...descendants(attribute, "AttributeValue").map(text)]);
  }
  return attributes;
}

/** "firstname is named FirstName in AWS" hints for attributes present under another case. */
function caseHint(attributes: Map<string, string[]>, wanted: string): string {
  const near = [...attributes.keys()].find((name) => name !== wanted && name.toLowerCase() === wanted.toLowerCase());
  return near ? ` (found "${near}"; names are case-sensitive)` : "";
}

function checkFirstAndLastName(names: Names, attributes: Map<string, string[]>, caveat: string): CheckResult {
  const missing = [samlAttributeNames.firstName, samlAttributeNames.lastName].filter((name) => !(attributes.get(name) ?? []).some(Boolean));
  if (missing.length === 0) return pass(names.names, `present${caveat}`);
  return fail(
    names.names,
    `${missing.map((name) => `${name} missing${caseHint(attributes, name)}`).join("; ")}${caveat}`,
    "emit them exactly as FirstName and LastName: run `pulumi up` on the identity stack; a user without a given name or surname in Entra gets none, so fill those in",
  );
}

function checkGroups(names: Names, attributes: Map<string, string[]>, route: GroupClaimRoute | undefined, caveat: string): CheckResult {
  const fix = "emit only the groups assigned to the application (groupMembershipClaims ApplicationGroup, which the identity stack sets) and assign fewer than 150 groups";
  if (attributes.has(groupsOverageClaim)) {
    return fail(names.groups, `Entra sent the groups overage claim ${groupsOverageClaim} instead of the groups${caveat}`, fix);
  }
  const groups = attributes.get(samlAttributeNames.groups);
  if (!groups || groups.length === 0) {
    const hint = caseHint(attributes, samlAttributeNames.groups);
    if (hint) {
      return fail(names.groups, `memberOf missing${hint}${caveat}`, "emit the group claim named exactly memberOf: run `pulumi up` on the identity stack");
    }
    const defaultClaim = attributes.get(defaultGroupsClaim) ?? [];
    const found = defaultClaim.length > 0 ? ({ kind: "default-groups-claim", count: defaultClaim.length } as const) : ({ kind: "no-group-claim" } as const);
    return fail(names.groups, `${missingMemberOfDetail(found, route)}${caveat}`, missingMemberOfFix(found, route));
  }
  if (groups.length > maxSamlGroups) return fail(names.groups, `${groups.length} groups, over Entra's 150 for SAML${caveat}`, fix);
  return pass(names.groups, `${groups.length} group(s)${caveat}`);
}

function checkRules(names: Names, groups: readonly string[], options: SamlCheckOptions, caveat: string): CheckResult {
  if (!options.rules) {
    const unknown = options.rulesUnknown ?? { detail: "no stack given, so the rules are unknown", fix: "run with --stack <name> to compare the groups with the endpoint's rules" };
    return notCheckable(names.rules, unknown.detail, unknown.fix);
  }
  if (groups.length === 0) {
    // One mistake, one message: the memberOf verdict above names the fix.
    return notCheckable(names.rules, "no memberOf values to compare with the rules", "fix memberOf first (see its line)");
  }
  const member = new Set(groups.map((group) => group.toLowerCase()));
  const opened = options.rules.filter((rule) => rule.groups !== "all" && rule.groups.some((id) => member.has(id)));
  const forAll = options.rules.filter((rule) => rule.groups === "all");
  if (opened.length > 0) {
    const matched = [...new Set(opened.flatMap((rule) => (rule.groups === "all" ? [] : rule.groups.filter((id) => member.has(id)))))];
    return pass(names.rules, `opens ${[...opened, ...forAll].map((rule) => rule.name).join(", ")} through ${matched.map((id) => options.describeGroup?.(id) ?? id).join(", ")}${caveat}`);
  }
  const notIds = groups.some((group) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(group));
  return fail(
    names.rules,
    `none of the user's ${groups.length} group(s) is in a group rule${forAll.length ? `; only ${forAll.map((rule) => rule.name).join(", ")} (all groups) apply` : ""}${notIds ? "; memberOf carries names, not object IDs" : ""}${caveat}`,
    notIds
      ? "emit group object IDs in memberOf (the rules name object IDs): run `pulumi up` on the identity stack"
      : "add the user to a group in `access`, or add a rule for one of their groups, and assign that group to the application",
  );
}

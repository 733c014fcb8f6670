/**
 * What the SAML signing settings should be, what they are, and the Graph steps between the two.
 * Pure: no I/O, so the diff Pulumi shows and the steps an update takes are tested without a tenant.
 */
import { unknownInput } from "../unknown-input";

/**
 * The signing option AWS Client VPN needs: Entra signs both the SAML response and the assertion.
 * Values per https://learn.microsoft.com/en-us/graph/api/resources/tokenissuancepolicy?view=graph-rest-1.0#properties-of-a-token-issuance-policy-definition
 * ("ResponseOnly", "TokenOnly", "ResponseAndToken").
 */
export const responseAndToken = "ResponseAndToken";

/**
 * What we report when no token issuance policy is assigned: "Sign SAML assertion" is "the default option
 * ... for most of the gallery applications", i.e. the assertion only.
 * https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/certificate-signing-options
 */
export const entraDefaultSigning = "TokenOnly";

/** The inputs the resource is declared with, after `check` normalised them. */
export interface SamlSigningInputs {
  tenantId: string;
  environment: string;
  applicationObjectId: string;
  servicePrincipalObjectId: string;
  signingCertificateThumbprint: string;
  /**
   * Every certificate the stack publishes to IAM in this deployment (the active one among them). Kept in the
   * state, so the next deployment's `check` knows what IAM already trusted (activation-guard.ts).
   */
  publishedCertificateThumbprints: string[];
  /** Config step `immediate`: Entra may switch to a key no earlier deployment published. */
  activationBeforePublication: boolean;
}

/**
 * The two objects a token issuance policy can sit on. Microsoft's pages disagree on which one Entra
 * reads, so the program assigns its policy to both and reads both for drift (evidence:
 * docs/research/token-issuance-policy-holder.md):
 * - application: the only assignment v1.0 documents (application-post-tokenissuancepolicies);
 * - servicePrincipal: the resource page says the policy "can only be applied to service principals",
 *   and the v1.0 metadata declares servicePrincipal/tokenIssuancePolicies as referenceable.
 */
export type PolicyHolder = "application" | "servicePrincipal";
export const policyHolders: readonly PolicyHolder[] = ["application", "servicePrincipal"];

/** The state Pulumi stores: inputs plus what was read from Graph. No token, no secret. */
export interface SamlSigningState extends SamlSigningInputs {
  /** The weaker of the two holders' signing options: "ResponseAndToken" only when both sign so. */
  tokenResponseSigningPolicy: string;
  applicationTokenResponseSigningPolicy: string;
  servicePrincipalTokenResponseSigningPolicy: string;
  preferredTokenSigningKeyThumbprint: string;
  tokenIssuancePolicyId: string;
  tokenIssuancePolicyDisplayName: string;
  /**
   * When this resource last made Entra switch to the key it now signs with (RFC 3339); "" when it did not, or
   * when a refresh found another key active. The policy pack and the doctor tell from it how long an overlap
   * of two published certificates has outlasted the switch.
   */
  activatedAt: string;
}

/** One token issuance policy as Graph returns it, reduced to what the plan needs. */
export interface PolicyView {
  id: string;
  displayName: string;
  definition: string[];
}

/** What Graph says right now. */
export interface LiveSigning {
  /** Our policy, found by id or by its stable display name; undefined when it does not exist. */
  ownPolicy?: PolicyView;
  /** Further policies with our display name: left by a create whose answer was lost. */
  duplicatePolicies: PolicyView[];
  /** The token issuance policies assigned to each holder. */
  assigned: Record<PolicyHolder, PolicyView[]>;
  preferredTokenSigningKeyThumbprint: string | null;
}

export type SigningStep =
  | { kind: "createPolicy"; displayName: string; definition: string[] }
  | { kind: "updatePolicyDefinition"; policyId: string; definition: string[] }
  /**
   * Assigns our policy to a holder. A holder takes one token issuance policy at a time (a second
   * assignment fails with Request_MultipleObjectsWithSameKeyValue), so `replacing` is unassigned first
   * and assigned back if ours cannot be: no failure leaves the holder with less than it had.
   */
  | { kind: "assignPolicy"; holder: PolicyHolder; replacing: PolicyView[] }
  | { kind: "removeForeignPolicy"; holder: PolicyHolder; policyId: string; displayName: string }
  | { kind: "deleteDuplicatePolicy"; policyId: string }
  | { kind: "setPreferredThumbprint"; thumbprint: string };

/**
 * A display name derived from the application object id only, so a create that failed half way (or a
 * state that was lost) finds the policy it made instead of making a second one.
 */
export function policyDisplayName(applicationObjectId: string): string {
  return `clientvpn-federation SAML signing ${applicationObjectId}`;
}

/**
 * The policy definition: one JSON document, serialised into the one string of `definition`.
 * Schema: https://learn.microsoft.com/en-us/graph/api/resources/tokenissuancepolicy?view=graph-rest-1.0#properties-of-a-token-issuance-policy-definition
 * - Version 1 is required.
 * - SigningAlgorithm rsa-sha256: Entra's default ("SHA-256 ... default algorithm", certificate-signing-options
 *   page above).
 * - SamlTokenVersion 2.0: Client VPN federates with SAML 2.0
 *   (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html).
 * - TokenResponseSigningPolicy ResponseAndToken: the walkthrough's step 4, "Sign SAML response and
 *   assertion"; Client VPN fails the sign-in otherwise (the walkthrough's finding; the AWS page above
 *   does not spell the signing requirement out).
 */
export function desiredPolicyDefinition(): string[] {
  return [
    JSON.stringify({
      TokenIssuancePolicy: {
        Version: 1,
        SigningAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        SamlTokenVersion: "2.0",
        TokenResponseSigningPolicy: responseAndToken,
      },
    }),
  ];
}

/** Reads TokenResponseSigningPolicy out of a definition; "unreadable" when someone stored something else. */
export function signingPolicyOf(definition: readonly string[] | undefined): string {
  for (const entry of definition ?? []) {
    try {
      const parsed = JSON.parse(entry) as { TokenIssuancePolicy?: { TokenResponseSigningPolicy?: unknown } };
      // Stryker disable next-line OptionalChaining: without it the TypeError lands in the catch below, which skips the entry just the same
      const value = parsed.TokenIssuancePolicy?.TokenResponseSigningPolicy;
      if (typeof value === "string") return value;
    } catch {
      // fall through: a definition we cannot parse is reported, not thrown.
    }
  }
  return "unreadable";
}

/** Thumbprints are hex; Graph and the portal differ in case and separators. */
export function normalizeThumbprint(value: string): string {
  return value.replace(/[\s:]/g, "").toUpperCase();
}

/** The signing option Entra applies through one holder: that of the assigned policy, ours first. */
export function effectiveSigningPolicy(own: PolicyView | undefined, assigned: readonly PolicyView[]): string {
  const ours = own && assigned.find((policy) => policy.id === own.id);
  if (ours) return signingPolicyOf(ours.definition);
  if (assigned.length > 0) return signingPolicyOf(assigned[0].definition);
  return entraDefaultSigning;
}

/** The steps that bring Graph from `live` to `inputs`, in the order they must run. */
export function planSigningSteps(inputs: SamlSigningInputs, live: LiveSigning): SigningStep[] {
  const steps: SigningStep[] = [];
  const definition = desiredPolicyDefinition();
  const own = live.ownPolicy;
  if (!own) {
    steps.push({ kind: "createPolicy", displayName: policyDisplayName(inputs.applicationObjectId), definition });
  } else if (!sameDefinition(own.definition, definition)) {
    // Changed in place: the holders keep a policy throughout.
    steps.push({ kind: "updatePolicyDefinition", policyId: own.id, definition });
  }
  for (const holder of policyHolders) {
    // Another policy assigned (the portal's signing option, or a duplicate of ours) competes with ours;
    // it is unassigned, not deleted: it is not ours to delete.
    const others = live.assigned[holder].filter((policy) => policy.id !== own?.id);
    if (own && live.assigned[holder].some((policy) => policy.id === own.id)) {
      for (const policy of others) steps.push({ kind: "removeForeignPolicy", holder, policyId: policy.id, displayName: policy.displayName });
    } else {
      steps.push({ kind: "assignPolicy", holder, replacing: others });
    }
  }
  for (const duplicate of live.duplicatePolicies) steps.push({ kind: "deleteDuplicatePolicy", policyId: duplicate.id });
  const wanted = normalizeThumbprint(inputs.signingCertificateThumbprint);
  if (normalizeThumbprint(live.preferredTokenSigningKeyThumbprint ?? "") !== wanted) {
    steps.push({ kind: "setPreferredThumbprint", thumbprint: wanted });
  }
  return steps;
}

/** The weaker of two signing options: ResponseAndToken only when both are. */
function weaker(first: string, second: string): string {
  return first !== responseAndToken ? first : second;
}

/**
 * The activation time to keep after reading Graph: the stored one while Entra still signs with the key that was
 * stored as active, "" once someone switched it out of band (when that happened is not known).
 */
export function activatedAtAfterRead(previous: Partial<SamlSigningState> | undefined, livePreferred: string | null): string {
  if (!previous?.activatedAt || !previous.preferredTokenSigningKeyThumbprint) return "";
  return normalizeThumbprint(livePreferred ?? "") === normalizeThumbprint(previous.preferredTokenSigningKeyThumbprint) ? previous.activatedAt : "";
}

/** State to store after reading Graph. */
export function stateFromLive(inputs: SamlSigningInputs, live: LiveSigning, previous?: Partial<SamlSigningState>): SamlSigningState {
  const application = effectiveSigningPolicy(live.ownPolicy, live.assigned.application);
  const servicePrincipal = effectiveSigningPolicy(live.ownPolicy, live.assigned.servicePrincipal);
  return {
    ...inputs,
    tokenResponseSigningPolicy: weaker(application, servicePrincipal),
    applicationTokenResponseSigningPolicy: application,
    servicePrincipalTokenResponseSigningPolicy: servicePrincipal,
    preferredTokenSigningKeyThumbprint: live.preferredTokenSigningKeyThumbprint ?? "",
    tokenIssuancePolicyId: live.ownPolicy?.id ?? "",
    tokenIssuancePolicyDisplayName: live.ownPolicy?.displayName ?? policyDisplayName(inputs.applicationObjectId),
    activatedAt: activatedAtAfterRead(previous, live.preferredTokenSigningKeyThumbprint),
  };
}

/** Inputs whose change means other Graph objects: the old settings are removed first, then the new made. */
const replacingInputs = ["tenantId", "environment", "applicationObjectId", "servicePrincipalObjectId"] as const;

export interface SigningDiff {
  changes: boolean;
  replaces: string[];
  /** Properties that differ, for messages and tests. */
  differing: string[];
  deleteBeforeReplace: boolean;
}

/**
 * Compares the stored (possibly refreshed) state with the declared inputs. A refresh that found the
 * signing option flipped or another key active leaves that live value in `olds`, so it shows here.
 */
export function diffSigning(olds: Partial<SamlSigningState>, news: SamlSigningInputs): SigningDiff {
  const replaces = replacingInputs.filter((key) => olds[key] !== news[key]);
  const differing: string[] = [...replaces];
  if (olds.tokenResponseSigningPolicy !== responseAndToken) differing.push("tokenResponseSigningPolicy");
  // A state written before the program assigned its policy to the service principal as well lacks
  // this value: the next update assigns it there.
  if (olds.servicePrincipalTokenResponseSigningPolicy !== responseAndToken) differing.push("servicePrincipalTokenResponseSigningPolicy");
  if (!olds.tokenIssuancePolicyId) differing.push("tokenIssuancePolicyId");
  const wanted = news.signingCertificateThumbprint === unknownInput ? unknownInput : normalizeThumbprint(news.signingCertificateThumbprint);
  if (normalizeThumbprint(olds.signingCertificateThumbprint ?? "") !== wanted) differing.push("signingCertificateThumbprint");
  if (normalizeThumbprint(olds.preferredTokenSigningKeyThumbprint ?? "") !== wanted) {
    differing.push("preferredTokenSigningKeyThumbprint");
  }
  // No Graph write follows from these two, but the state must record them: the next deployment's guard reads them.
  const publishedBefore = olds.publishedCertificateThumbprints ?? (olds.signingCertificateThumbprint ? [olds.signingCertificateThumbprint] : []);
  if (!sameThumbprints(publishedBefore, news.publishedCertificateThumbprints)) differing.push("publishedCertificateThumbprints");
  if ((olds.activationBeforePublication ?? false) !== news.activationBeforePublication) differing.push("activationBeforePublication");
  return {
    changes: differing.length > 0,
    replaces: [...replaces],
    differing,
    // The replacement would otherwise adopt the old policy by display name, and the old resource's
    // delete would then remove it from under the new one.
    deleteBeforeReplace: replaces.length > 0,
  };
}

/** Same thumbprints in the same order (the order is the metadata's); an unknown one is never the same. */
function sameThumbprints(a: readonly string[], b: readonly string[] | undefined): boolean {
  if (!Array.isArray(b) || a.length !== b.length) return false;
  return a.every((thumbprint, index) => b[index] !== unknownInput && normalizeThumbprint(thumbprint) === normalizeThumbprint(b[index]));
}

function sameDefinition(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  // Stryker disable next-line MethodExpression: the desired definition has one entry, and for one entry some and every agree
  return a.every((entry, index) => canonicalJson(entry) === canonicalJson(b[index]));
}

/** Graph may hand back the definition with other spacing or key order; compare meaning, not text. */
function canonicalJson(text: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)));
  } catch {
    return text;
  }
}

function sortKeys(value: unknown): unknown {
  // Stryker disable next-line ConditionalExpression: an array sorted as an object keeps its order (index keys) and compares the same on both sides
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * The dynamic provider behind SamlSigningSettings: makes Entra sign the SAML response and assertion
 * (a token issuance policy assigned to the application and to its service principal) and activates the
 * managed signing certificate (the service principal's preferredTokenSigningKeyThumbprint), through
 * Microsoft Graph v1.0.
 *
 * Pulumi serializes this object into the state and runs the copy in its own process
 * (https://www.pulumi.com/docs/iac/concepts/resources/dynamic-providers/). So it captures no client,
 * no credential and no config: the Graph client is made per call from the resource's inputs, the
 * credential from the stack config handed to `configure` (kept outside the closure, see
 * provider-config-slot.ts) and the environment, and @azure/identity is required only when a token is
 * needed.
 *
 * No failure part way leaves Entra worse than before: a policy is changed in place, a holder's policy is
 * replaced only with a way back (see assignReplacing), and the create that may have run is looked for
 * before it is sent again.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  assignTokenIssuancePolicy,
  createTokenIssuancePolicy,
  deleteTokenIssuancePolicy,
  findTokenIssuancePoliciesByDisplayName,
  getServicePrincipalSigning,
  getTokenIssuancePolicy,
  listTokenIssuancePolicies,
  removeTokenIssuancePolicy,
  setPreferredTokenSigningKeyThumbprint,
  type TokenIssuancePolicy,
  updateTokenIssuancePolicyDefinition,
} from "./graph-api";
import { azureadCredentialConfig } from "./azuread-credential-config";
import { connectToGraph, type GraphConnector } from "./graph-connect";
import type { GraphClient, GraphError } from "./graph-client";
import { rememberAzureadSettings, rememberedAzureadSettings } from "./provider-config-slot";
import { activationGuardFailures } from "./activation-guard";
import { checkSigningInputs } from "./saml-signing-inputs";
import {
  activatedAtAfterRead,
  diffSigning,
  type LiveSigning,
  normalizeThumbprint,
  type PolicyHolder,
  policyHolders,
  type PolicyView,
  planSigningSteps,
  policyDisplayName,
  responseAndToken,
  type SamlSigningInputs,
  type SamlSigningState,
  stateFromLive,
} from "./saml-signing-plan";

function inputsOf(props: Record<string, unknown>): SamlSigningInputs {
  const signingCertificateThumbprint = String(props.signingCertificateThumbprint ?? "");
  return {
    tenantId: String(props.tenantId ?? ""),
    environment: String(props.environment ?? "global"),
    applicationObjectId: String(props.applicationObjectId ?? ""),
    servicePrincipalObjectId: String(props.servicePrincipalObjectId ?? ""),
    signingCertificateThumbprint,
    // A state written before rotations existed published the active certificate only.
    publishedCertificateThumbprints: Array.isArray(props.publishedCertificateThumbprints)
      ? props.publishedCertificateThumbprints.map(String)
      : [signingCertificateThumbprint],
    activationBeforePublication: props.activationBeforePublication === true,
  };
}

function objectIdOf(inputs: SamlSigningInputs, holder: PolicyHolder): string {
  return holder === "application" ? inputs.applicationObjectId : inputs.servicePrincipalObjectId;
}

const holderName: Record<PolicyHolder, string> = { application: "application", servicePrincipal: "service principal" };

function policyView(policy: TokenIssuancePolicy): PolicyView {
  return { id: policy.id, displayName: policy.displayName ?? "", definition: policy.definition ?? [] };
}

function isGraphNotFound(error: unknown): boolean {
  return (error as Partial<GraphError>).status === 404;
}

/** Reads what Graph has now; "gone" when the application or the service principal no longer exists. */
async function readLive(
  graph: GraphClient,
  inputs: SamlSigningInputs,
  knownPolicyId: string | undefined,
  waitForNewObjects: boolean,
): Promise<LiveSigning | "gone"> {
  const servicePrincipal = await getServicePrincipalSigning(graph, inputs.servicePrincipalObjectId, { retryNotFound: waitForNewObjects });
  if (!servicePrincipal) return "gone";
  const assigned: Record<PolicyHolder, PolicyView[]> = { application: [], servicePrincipal: [] };
  for (const holder of policyHolders) {
    try {
      const policies = await listTokenIssuancePolicies(graph, holder, objectIdOf(inputs, holder), { retryNotFound: waitForNewObjects });
      assigned[holder] = policies.map(policyView);
    } catch (error) {
      if (isGraphNotFound(error)) return "gone";
      throw error;
    }
  }
  const displayName = policyDisplayName(inputs.applicationObjectId);
  const candidates = uniqueById([
    ...(await findTokenIssuancePoliciesByDisplayName(graph, displayName)).map(policyView),
    // A policy made moments ago may be missing from the $filter answer for a while; what is assigned
    // and the id in the state fill the gap.
    ...[...assigned.application, ...assigned.servicePrincipal].filter((policy) => policy.displayName === displayName),
  ]);
  if (knownPolicyId && !candidates.some((policy) => policy.id === knownPolicyId)) {
    const known = await getTokenIssuancePolicy(graph, knownPolicyId);
    if (known) candidates.unshift(policyView(known));
  }
  const ownPolicy =
    candidates.find((policy) => policy.id === knownPolicyId) ??
    candidates.find((policy) => assigned.application.some((assignedPolicy) => assignedPolicy.id === policy.id)) ??
    candidates[0];
  return {
    ownPolicy,
    duplicatePolicies: candidates.filter((policy) => policy !== ownPolicy),
    assigned,
    preferredTokenSigningKeyThumbprint: servicePrincipal.preferredTokenSigningKeyThumbprint ?? null,
  };
}

function uniqueById(policies: PolicyView[]): PolicyView[] {
  const seen = new Set<string>();
  return policies.filter((policy) => !seen.has(policy.id) && seen.add(policy.id));
}

/**
 * Creates our policy. The POST is not idempotent: after a failure that may have created it anyway (a
 * 5xx, a lost answer) the policy is looked for by its display name before a second and last POST.
 */
async function createOwnPolicy(graph: GraphClient, displayName: string, definition: string[]): Promise<PolicyView> {
  for (let attempt = 1; ; attempt++) {
    try {
      return policyView(
        await createTokenIssuancePolicy(graph, {
          displayName,
          definition,
          description: "Managed by Pulumi (clientvpn-federation): AWS Client VPN needs the SAML response and assertion signed.",
        }),
      );
    } catch (error) {
      if ((error as Partial<GraphError>).outcomeUnknown !== true) throw error;
      const found = await findTokenIssuancePoliciesByDisplayName(graph, displayName);
      if (found.length > 0) return policyView(found[0]);
      if (attempt >= 2) throw error;
    }
  }
}

/**
 * Puts our policy on a holder in place of `replacing`. A holder takes one token issuance policy at a
 * time: "Each application can have only one token issuance policy, so if you see one that's already
 * there ..., it needs to be removed before adding a new one", and a second assignment fails with
 * Request_MultipleObjectsWithSameKeyValue (MicrosoftDocs/OfficeDocs-Enterprise#58). So the others are
 * unassigned first, and if ours then cannot be assigned they are assigned back before the error is
 * raised: the holder ends with what it had, or with ours.
 */
async function assignReplacing(
  graph: GraphClient,
  inputs: SamlSigningInputs,
  holder: PolicyHolder,
  policy: PolicyView,
  replacing: PolicyView[],
): Promise<void> {
  const objectId = objectIdOf(inputs, holder);
  const removed: PolicyView[] = [];
  try {
    for (const other of replacing) {
      try {
        await removeTokenIssuancePolicy(graph, holder, objectId, other.id);
      } catch (error) {
        // A 5xx or a lost answer may hide a removal Graph carried out, so it is put back as if it was removed:
        // assigning a policy that is still there is answered "already exist", which counts as done.
        if ((error as Partial<GraphError>).outcomeUnknown === true) removed.push(other);
        throw error;
      }
      removed.push(other);
    }
    await assignTokenIssuancePolicy(graph, holder, objectId, policy.id);
  } catch (error) {
    const notRestored: PolicyView[] = [];
    for (const other of removed.reverse()) {
      try {
        await assignTokenIssuancePolicy(graph, holder, objectId, other.id);
      } catch {
        notRestored.push(other);
      }
    }
    const what = `the ${holderName[holder]} ${objectId}`;
    const restoredNote =
      removed.length === 0
        ? `Nothing was changed on ${what}.`
        : notRestored.length === 0
          ? `The policy it replaced (${names(removed)}) was assigned back to ${what}, as before.`
          : `The policy it replaced (${names(notRestored)}) could not be assigned back to ${what}: until ` +
            "`pulumi up` succeeds, Entra may sign only the assertion there; run `npm run doctor` to see what each object holds.";
    throw new Error(`Could not assign the token issuance policy "${policy.displayName}" to ${what}: ${(error as Error).message}. ${restoredNote}`, {
      cause: error,
    });
  }
}

function names(policies: PolicyView[]): string {
  return policies.map((policy) => `"${policy.displayName}" ${policy.id}`).join(", ");
}

/**
 * Runs the planned steps; returns the state Graph now holds. `previous` is the stored state (none on create);
 * `now` stamps an activation this run makes.
 */
async function converge(
  graph: GraphClient,
  inputs: SamlSigningInputs,
  live: LiveSigning,
  previous: Partial<SamlSigningState> | undefined,
  now: () => Date,
): Promise<SamlSigningState> {
  let policy = live.ownPolicy;
  let activatedAt = activatedAtAfterRead(previous, live.preferredTokenSigningKeyThumbprint);
  for (const step of planSigningSteps(inputs, live)) {
    switch (step.kind) {
      case "createPolicy":
        policy = await createOwnPolicy(graph, step.displayName, step.definition);
        break;
      case "updatePolicyDefinition":
        await updateTokenIssuancePolicyDefinition(graph, step.policyId, step.definition);
        break;
      case "assignPolicy":
        await assignReplacing(graph, inputs, step.holder, requirePolicy(policy), step.replacing);
        break;
      case "removeForeignPolicy":
        await removeTokenIssuancePolicy(graph, step.holder, objectIdOf(inputs, step.holder), step.policyId);
        break;
      case "deleteDuplicatePolicy":
        await deleteTokenIssuancePolicy(graph, step.policyId);
        break;
      case "setPreferredThumbprint":
        await setPreferredTokenSigningKeyThumbprint(graph, inputs.servicePrincipalObjectId, step.thumbprint);
        activatedAt = now().toISOString();
        break;
    }
  }
  // The state records what was just written rather than an immediate re-read, which replication
  // could answer with the old values and so show a false diff on the next preview.
  const own = requirePolicy(policy);
  return {
    ...inputs,
    tokenResponseSigningPolicy: responseAndToken,
    applicationTokenResponseSigningPolicy: responseAndToken,
    servicePrincipalTokenResponseSigningPolicy: responseAndToken,
    preferredTokenSigningKeyThumbprint: normalizeThumbprint(inputs.signingCertificateThumbprint),
    tokenIssuancePolicyId: own.id,
    tokenIssuancePolicyDisplayName: own.displayName || policyDisplayName(inputs.applicationObjectId),
    activatedAt,
  };
}

function requirePolicy(policy: PolicyView | undefined): PolicyView {
  if (!policy?.id) throw new Error("Microsoft Graph created the token issuance policy without returning its id");
  return policy;
}

function resourceId(inputs: SamlSigningInputs): string {
  return `${inputs.applicationObjectId}/${inputs.servicePrincipalObjectId}`;
}

function goneError(inputs: SamlSigningInputs): Error {
  return new Error(
    `Microsoft Graph does not find application ${inputs.applicationObjectId} or service principal ` +
      `${inputs.servicePrincipalObjectId} in tenant ${inputs.tenantId}, even after waiting for directory replication; ` +
      `check that azuread:tenantId names the tenant the azuread provider created them in`,
  );
}

/**
 * Builds the provider. `connect` and `now` are for tests only; the production provider uses `connectToGraph`
 * and the system clock (which only stamps when it switched the key, never decides a value).
 * Whatever this closure captures is serialized into the state, so it captures functions and modules only.
 */
export function createSamlSigningProvider(connect?: GraphConnector, now: () => Date = () => new Date()): pulumi.dynamic.ResourceProvider {
  const graphFor = (inputs: SamlSigningInputs): GraphClient =>
    (connect ?? connectToGraph)({ tenantId: inputs.tenantId, environment: inputs.environment }, rememberedAzureadSettings());

  return {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
      // Dynamic providers receive the whole stack config (pulumi/pulumi#17697), secrets decrypted;
      // the credential settings stay in this process's memory, outside the serialized closure
      // (provider-config-slot.ts), and never reach outputs or logs.
      rememberAzureadSettings(azureadCredentialConfig(req.config));
    },

    async check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
      const { inputs, failures } = checkSigningInputs(news);
      // `olds` are the inputs of the previous deployment ({} on create): what IAM was given then.
      const guard = failures.length ? [] : activationGuardFailures(Object.keys(olds ?? {}).length ? olds : undefined, inputs);
      return { inputs, failures: [...failures, ...guard] };
    },

    async diff(_id: string, olds: SamlSigningState, news: SamlSigningInputs): Promise<pulumi.dynamic.DiffResult> {
      const diff = diffSigning(olds, news);
      return { changes: diff.changes, replaces: diff.replaces, deleteBeforeReplace: diff.deleteBeforeReplace };
    },

    async create(props: SamlSigningInputs): Promise<pulumi.dynamic.CreateResult<SamlSigningState>> {
      const inputs = inputsOf(props as unknown as Record<string, unknown>);
      const graph = graphFor(inputs);
      // The application and service principal were usually created seconds ago: wait for replication.
      const live = await readLive(graph, inputs, undefined, true);
      if (live === "gone") throw goneError(inputs);
      return { id: resourceId(inputs), outs: await converge(graph, inputs, live, undefined, now) };
    },

    async read(id: string, props?: SamlSigningState): Promise<pulumi.dynamic.ReadResult<SamlSigningState>> {
      const inputs = inputsOf((props ?? {}) as unknown as Record<string, unknown>);
      const live = await readLive(graphFor(inputs), inputs, props?.tokenIssuancePolicyId || undefined, false);
      // An application or service principal deleted out of band takes these settings with it.
      if (live === "gone") return { id: "", props: undefined };
      return { id, props: stateFromLive(inputs, live, props) };
    },

    async update(_id: string, olds: SamlSigningState, news: SamlSigningInputs): Promise<pulumi.dynamic.UpdateResult<SamlSigningState>> {
      const inputs = inputsOf(news as unknown as Record<string, unknown>);
      const graph = graphFor(inputs);
      const live = await readLive(graph, inputs, olds.tokenIssuancePolicyId || undefined, true);
      if (live === "gone") throw goneError(inputs);
      return { outs: await converge(graph, inputs, live, olds, now) };
    },

    async delete(_id: string, props: SamlSigningState): Promise<void> {
      const inputs = inputsOf(props as unknown as Record<string, unknown>);
      const graph = graphFor(inputs);
      // Every policy the program owns: the one in the state and any other with its display name (a
      // create whose answer was lost can have left one).
      const owned = new Set(props.tokenIssuancePolicyId ? [props.tokenIssuancePolicyId] : []);
      for (const policy of await findTokenIssuancePoliciesByDisplayName(graph, policyDisplayName(inputs.applicationObjectId))) owned.add(policy.id);
      for (const policyId of owned) {
        // Each call treats "already gone" as done.
        for (const holder of policyHolders) await removeTokenIssuancePolicy(graph, holder, objectIdOf(inputs, holder), policyId);
        await deleteTokenIssuancePolicy(graph, policyId);
      }
      // preferredTokenSigningKeyThumbprint is left as it is: the service principal belongs to the
      // azuread provider, and clearing it would switch a still-existing app to another key.
    },
  };
}

/** The provider every SamlSigningSettings resource uses. */
export const samlSigningProvider: pulumi.dynamic.ResourceProvider = createSamlSigningProvider();

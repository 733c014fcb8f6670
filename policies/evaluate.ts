import type {
  EnforcementLevel,
  PolicyPackConfig,
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { type CatalogOptions, buildPolicies } from "./catalog";
import { UnknownValueError, unknownCheckingProxy } from "./lib/engine-proxy";

/**
 * Runs the pack's policies in-process, the way the Pulumi engine would, without starting the
 * analyzer server (index.ts) and without the CLI. Used by the tests and by anything that wants to
 * check a stack recorded under mocks.
 */

/** One resource of the stack as the engine would show it to the pack. */
export interface PackResource {
  type: string;
  name: string;
  urn: string;
  /** Inputs (resource policies) / state (stack policies). Unknown values: engine sentinels or undefined. */
  props: Record<string, unknown>;
  /** URNs this resource takes inputs from or waits for (the mock recorder's dependsOn). */
  dependsOn?: string[];
}

export interface Violation {
  policyName: string;
  enforcementLevel: EnforcementLevel;
  message: string;
  urn?: string;
}

type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

const NO_OPTIONS: PolicyResourceOptions = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

class NotApplicable extends Error {}

function throwNotApplicable(reason?: string): never {
  throw new NotApplicable(reason);
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
  const isInstance = (resourceClass as { isInstance?: (value: unknown) => boolean }).isInstance;
  return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

/**
 * The config the engine would hand one policy: its properties without enforcementLevel, and its
 * level (the policy's own entry first, then the pack-wide "all").
 */
function policySettings(config: PolicyPackConfig, policyName: string): { level?: EnforcementLevel; properties: Record<string, unknown> } {
  const all = config.all;
  const packLevel = typeof all === "string" ? all : all?.enforcementLevel;
  const entry = config[policyName];
  if (entry === undefined) return { level: packLevel, properties: {} };
  if (typeof entry === "string") return { level: entry, properties: {} };
  const { enforcementLevel, ...properties } = entry;
  return { level: enforcementLevel ?? packLevel, properties };
}

/** Fake ResourceValidationArgs for one resource, as the analyzer builds them (props behind the unknown-checking proxy). */
export function resourceValidationArgs(resource: PackResource, properties: Record<string, unknown> = {}): ResourceValidationArgs {
  const props = unknownCheckingProxy(resource.props) as Record<string, unknown>;
  return {
    type: resource.type,
    name: resource.name,
    urn: resource.urn,
    props,
    opts: NO_OPTIONS,
    stackTags: new Map(),
    isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
    asType: ((resourceClass: unknown) => (isTypeOf(resource.type, resourceClass) ? props : undefined)) as ResourceValidationArgs["asType"],
    getConfig: <T extends object>() => properties as T,
    notApplicable: throwNotApplicable,
  };
}

/** Fake StackValidationArgs over the given resources, with dependencies linked by URN. */
export function stackValidationArgs(resources: PackResource[], properties: Record<string, unknown> = {}): StackValidationArgs {
  const byUrn = new Map<string, PolicyResource>();
  const policyResources = resources.map((resource) => {
    const props = unknownCheckingProxy(resource.props) as Record<string, unknown>;
    const policyResource: PolicyResource = {
      type: resource.type,
      name: resource.name,
      urn: resource.urn,
      props,
      opts: NO_OPTIONS,
      dependencies: [],
      propertyDependencies: {},
      isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
      asType: ((resourceClass: unknown) => (isTypeOf(resource.type, resourceClass) ? props : undefined)) as PolicyResource["asType"],
    };
    byUrn.set(resource.urn, policyResource);
    return policyResource;
  });
  resources.forEach((resource, index) => {
    policyResources[index].dependencies = (resource.dependsOn ?? [])
      .map((urn) => byUrn.get(urn))
      .filter((dependency): dependency is PolicyResource => dependency !== undefined);
  });
  return {
    resources: policyResources,
    stackTags: new Map(),
    getConfig: <T extends object>() => properties as T,
    notApplicable: throwNotApplicable,
  };
}

function settle(policy: AnyPolicy, result: Promise<void> | void): void {
  if (result && typeof (result as Promise<void>).then === "function") {
    throw new Error(`Policy ${policy.name} returned a promise; evaluatePack runs policies synchronously.`);
  }
}

/**
 * Runs one policy over the resources (each resource for a resource policy, all at once for a stack
 * policy) and returns what it reported. Like the engine: a policy that touches an unknown value is
 * reported as an advisory "can't run during preview", and a disabled policy does not run.
 */
export function runPolicy(policy: AnyPolicy, resources: PackResource[], config: PolicyPackConfig = {}): Violation[] {
  const { level, properties } = policySettings(config, policy.name);
  const enforcementLevel = level ?? policy.enforcementLevel ?? "advisory";
  if (enforcementLevel === "disabled") return [];
  const violations: Violation[] = [];
  const report = (urn?: string): ReportViolation => (message, reportedUrn) => {
    violations.push({ policyName: policy.name, enforcementLevel, message, urn: reportedUrn ?? urn });
  };
  const attempt = (urn: string | undefined, run: () => Promise<void> | void): void => {
    try {
      settle(policy, run());
    } catch (error) {
      if (error instanceof NotApplicable) return;
      if (error instanceof UnknownValueError) {
        violations.push({
          policyName: policy.name,
          enforcementLevel: "advisory",
          message: `can't run policy '${policy.name}' during preview: ${(error as Error).message}`,
          urn,
        });
        return;
      }
      throw error;
    }
  };
  if ("validateStack" in policy) {
    attempt(undefined, () => policy.validateStack(stackValidationArgs(resources, properties), report()));
    return violations;
  }
  const validations = policy.validateResource === undefined ? [] : [policy.validateResource].flat();
  for (const resource of resources) {
    for (const validate of validations) {
      attempt(resource.urn, () => validate(resourceValidationArgs(resource, properties), report(resource.urn)));
    }
  }
  return violations;
}

/**
 * Evaluates the whole pack against a stack's resources with an optional pack config (the same shape
 * as a --policy-pack-config file) and returns every violation. Does not import index.ts.
 */
export function evaluatePack(resources: PackResource[], config: PolicyPackConfig = {}, options: CatalogOptions = {}): Violation[] {
  return buildPolicies(options).flatMap((policy) => runPolicy(policy, resources, config));
}

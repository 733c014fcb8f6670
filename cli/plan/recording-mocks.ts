import * as pulumi from "@pulumi/pulumi";
import { getMonitor } from "@pulumi/pulumi/runtime/settings";

/** One resource as the mock engine saw it declared. */
export interface RecordedResource {
  type: string;
  name: string;
  /** What the program passed in. */
  inputs: Record<string, unknown>;
  /** Inputs plus what the fake provider added (IDs, ARNs, generated names). */
  state: Record<string, unknown>;
  /** URN of the parent, when the program passed one. */
  parent?: string;
  /** False for a component resource (nothing in a cloud); true, or absent, for a provider's resource. */
  custom?: boolean;
  /** URNs of every resource this one waits for: explicit dependsOn and those its inputs come from. */
  dependsOn: string[];
  urn: string;
  /** The deleteBeforeReplace option: on a replacement the engine deletes the old one first. */
  deleteBeforeReplace?: boolean;
  /** The retainOnDelete option: the engine never calls the provider's Delete for it. */
  retainOnDelete?: boolean;
  /** Earlier names (or URNs) the resource answers to, from its aliases option. */
  aliases?: string[];
  /** For each input property, the URNs of the resources its value comes from (as the engine is told). */
  propertyDependencies?: Record<string, string[]>;
}

export interface RecordedInvoke {
  token: string;
  inputs: Record<string, unknown>;
}

/** What a fake provider adds to a resource's inputs, as the real provider would on create. */
export type ProviderOutputs = (name: string, inputs: Record<string, unknown>) => Record<string, unknown>;

/** Answers a data-source call (invoke); throws to report a failed lookup to the program. */
export type InvokeAnswer = (inputs: Record<string, unknown>) => Record<string, unknown>;

export interface MockEngineOptions {
  project: string;
  stack: string;
  organization: string;
  /** Fake provider outputs by type token; a type not listed gets an ID and its inputs. */
  outputs: Record<string, ProviderOutputs>;
  /** Data-source answers by token; a token not listed fails the call, naming it. */
  invokes: Record<string, InvokeAnswer>;
  /** Fallback for resource types not in `outputs`. */
  defaultOutputs?: ProviderOutputs;
}

export interface MockRecording {
  resources: RecordedResource[];
  invokes: RecordedInvoke[];
  /** Resources the fake provider refused to create. */
  failures: { type: string; name: string; message: string }[];
}

/**
 * Installs Pulumi's mock monitor (`pulumi.runtime.setMocks`, the SDK's own unit-test engine) and
 * records every resource and data-source call. A program run afterwards declares its resources
 * against the fakes, with no engine, no CLI and no cloud credentials.
 *
 * The mock monitor hands `newResource` neither the parent nor the dependencies; they are read off
 * the engine request itself, which is what the real engine orders operations by.
 */
export function installRecordingMocks(options: MockEngineOptions): MockRecording {
  const recording: MockRecording = { resources: [], invokes: [], failures: [] };
  const wiringByKey = new Map<
    string,
    {
      urn: string;
      parent: string;
      dependsOn: string[];
      deleteBeforeReplace: boolean;
      retainOnDelete: boolean;
      aliases: string[];
      propertyDependencies: Record<string, string[]>;
    }
  >();
  void pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        const outputsOf = options.outputs[args.type] ?? options.defaultOutputs;
        let extra: Record<string, unknown>;
        try {
          extra = outputsOf?.(args.name, args.inputs) ?? {};
        } catch (error) {
          // The real engine records a failed create and fails the update, whoever awaits the resource.
          const message = error instanceof Error ? error.message : String(error);
          recording.failures.push({ type: args.type, name: args.name, message });
          throw Object.assign(error instanceof Error ? error : new Error(message), { details: message });
        }
        const id = typeof extra.id === "string" ? extra.id : `${args.name}-id`;
        const wiring = wiringByKey.get(`${args.type}::${args.name}`);
        const state = { ...args.inputs, ...extra };
        recording.resources.push({
          type: args.type,
          name: args.name,
          inputs: args.inputs,
          state,
          urn: wiring?.urn ?? `urn:pulumi:${options.stack}::${options.project}::${args.type}::${args.name}`,
          parent: wiring?.parent || undefined,
          custom: args.custom !== false,
          dependsOn: wiring?.dependsOn ?? [],
          ...(wiring?.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
          ...(wiring?.retainOnDelete ? { retainOnDelete: true } : {}),
          ...(wiring?.aliases.length ? { aliases: wiring.aliases } : {}),
          propertyDependencies: wiring?.propertyDependencies ?? {},
        });
        return { id, state };
      },
      call(args: pulumi.runtime.MockCallArgs) {
        recording.invokes.push({ token: args.token, inputs: args.inputs });
        const answer = options.invokes[args.token];
        try {
          if (!answer) throw new Error(`the offline plan has no answer for the data source ${args.token}`);
          return answer(args.inputs);
        } catch (error) {
          // The SDK rethrows a failed invoke as `new Error(grpcError.details)`; give it the details a
          // provider's failure would carry, or the program sees an empty message.
          throw Object.assign(error instanceof Error ? error : new Error(String(error)), { details: error instanceof Error ? error.message : String(error) });
        }
      },
    },
    options.project,
    options.stack,
    false,
    options.organization,
  );
  const monitor = getMonitor() as unknown as {
    registerResource(request: EngineRequest, callback: EngineCallback): Promise<void>;
    readResource(request: EngineRequest, callback: EngineCallback): Promise<void>;
    newUrn(parent: string, type: string, name: string): string;
  };
  // The mock monitor overwrites a second resource with the same URN; the real engine refuses it
  // (pulumi/pulumi pkg/resource/deploy/step_generator.go, generateURN, with the message of
  // pkg/diag/errors.go GetDuplicateResourceURNError), and so does this one.
  const declaring = (forward: (request: EngineRequest, callback: EngineCallback) => Promise<void>) => (request: EngineRequest, callback: EngineCallback) => {
    const urn = monitor.newUrn(request.getParent(), request.getType(), request.getName());
    if (recording.resources.some((resource) => resource.urn === urn)) {
      const message = `Duplicate resource URN '${urn}'; try giving it a unique name`;
      recording.failures.push({ type: request.getType(), name: request.getName(), message });
      callback(Object.assign(new Error(message), { details: message }), undefined);
      return Promise.resolve();
    }
    wiringByKey.set(`${request.getType()}::${request.getName()}`, {
      urn,
      parent: request.getParent(),
      dependsOn: request.getDependenciesList(),
      deleteBeforeReplace: request.getDeletebeforereplace?.() ?? false,
      retainOnDelete: request.getRetainondelete?.() === true,
      aliases: aliasesOf(request),
      propertyDependencies: propertyDependenciesOf(request),
    });
    return forward(request, callback);
  };
  monitor.registerResource = declaring(monitor.registerResource.bind(monitor));
  monitor.readResource = declaring(monitor.readResource.bind(monitor));
  return recording;
}

type EngineCallback = (error: Error | null, response: unknown) => void;

interface EngineRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
  /** Registrations only: a read (ReadResourceRequest) carries none of these. */
  getDeletebeforereplace?(): boolean;
  getRetainondelete?(): boolean | undefined;
  getAliasesList?(): { getUrn(): string; getSpec(): { getName(): string } | undefined }[];
  getAliasurnsList?(): string[];
  getPropertydependenciesMap?(): { forEach(callback: (dependencies: { getUrnsList(): string[] }, property: string) => void): void };
}

/** An alias by spec (its name) or by URN, whichever the SDK sent. */
function aliasesOf(request: EngineRequest): string[] {
  const specs = (request.getAliasesList?.() ?? []).map((alias) => alias.getSpec()?.getName() || alias.getUrn()).filter(Boolean);
  return [...specs, ...(request.getAliasurnsList?.() ?? [])];
}

function propertyDependenciesOf(request: EngineRequest): Record<string, string[]> {
  const dependencies: Record<string, string[]> = {};
  request.getPropertydependenciesMap?.().forEach((urns, property) => {
    dependencies[property] = urns.getUrnsList();
  });
  return dependencies;
}

import * as pulumi from "@pulumi/pulumi";
import { getMonitor } from "@pulumi/pulumi/runtime/settings";

/** One resource as the mock engine saw it declared. */
export interface DeclaredResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** Inputs plus what the fake provider added: the state the engine would record. */
  state: Record<string, unknown>;
  /** URN of the parent, when the program passed one. */
  parent?: string;
  /** URNs of every resource this one waits for: explicit dependsOn and those its inputs come from. */
  dependsOn: string[];
  urn: string;
}

interface EngineRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
}

export interface MockCall {
  token: string;
  inputs: Record<string, unknown>;
}

/** Per-type outputs the fake provider adds on top of the inputs, as a real provider would. */
export type OutputFaker = (name: string, inputs: Record<string, unknown>) => Record<string, unknown>;

/**
 * Installs Pulumi's unit-test mocks and records every resource and data-source call.
 * Must run before the module under test is imported (vite hoists static imports).
 */
export function installMocks(options: {
  outputs?: Record<string, OutputFaker>;
  calls?: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>;
  config?: Record<string, string>;
  project?: string;
  stack?: string;
  organization?: string;
} = {}): { resources: DeclaredResource[]; calls: MockCall[] } {
  const resources: DeclaredResource[] = [];
  const calls: MockCall[] = [];
  const project = options.project ?? "clientvpn-federation";
  const stack = options.stack ?? "test";
  if (options.config) {
    // pulumi.Config reads PULUMI_CONFIG; setting it here is how the engine hands config to a program.
    process.env.PULUMI_CONFIG = JSON.stringify(options.config);
  }
  pulumi.runtime.setAllConfig(options.config ?? {});
  void pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        const extra = options.outputs?.[args.type]?.(args.name, args.inputs) ?? {};
        const id = (extra.id as string | undefined) ?? `${args.name}-id`;
        const wiring = wiringByName.get(`${args.type}::${args.name}`);
        const urn = wiring?.urn ?? `urn:pulumi:${stack}::${project}::${args.type}::${args.name}`;
        const state = { ...args.inputs, ...extra };
        resources.push({
          type: args.type,
          name: args.name,
          inputs: args.inputs,
          state,
          urn,
          parent: wiring?.parent || undefined,
          dependsOn: wiring?.dependsOn ?? [],
        });
        return { id, state };
      },
      call(args: pulumi.runtime.MockCallArgs) {
        calls.push({ token: args.token, inputs: args.inputs });
        const handler = options.calls?.[args.token];
        if (!handler) throw new Error(`unmocked call ${args.token}`);
        return handler(args.inputs);
      },
    },
    project,
    stack,
    false,
    options.organization ?? "acme",
  );
  // The mock monitor hands newResource neither parent nor dependencies; read them off the
  // engine request itself, which is what the real engine would order operations by.
  const wiringByName = new Map<string, { urn: string; parent: string; dependsOn: string[] }>();
  const monitor = getMonitor() as unknown as {
    registerResource(req: EngineRequest, callback: unknown): Promise<void>;
    newUrn(parent: string, type: string, name: string): string;
  };
  const registerResource = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    wiringByName.set(`${req.getType()}::${req.getName()}`, {
      urn: monitor.newUrn(req.getParent(), req.getType(), req.getName()),
      parent: req.getParent(),
      dependsOn: req.getDependenciesList(),
    });
    return registerResource(req, callback);
  };
  return { resources, calls };
}

/** Resolves an Output in a test; fails loudly instead of hanging when the value is unknown. */
export function valueOf<T>(output: pulumi.Output<T> | pulumi.Input<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("output never resolved (unknown under mocks?)")), 5_000);
    pulumi.output(output).apply((value) => {
      clearTimeout(timer);
      resolve(value as T);
      return value;
    });
  });
}

import * as pulumi from "@pulumi/pulumi";
import {
  installRecordingMocks,
  InvokeAnswer,
  ProviderOutputs,
  RecordedInvoke,
  RecordedResource,
} from "../../cli/plan/recording-mocks";

/** One resource as the mock engine saw it declared. */
export type DeclaredResource = RecordedResource;
export type MockCall = RecordedInvoke;
/** Per-type outputs the fake provider adds on top of the inputs, as a real provider would. */
export type OutputFaker = ProviderOutputs;

/**
 * Installs Pulumi's unit-test mocks through the offline plan's recording engine, with test
 * defaults. Must run before the module under test is imported (vite hoists static imports).
 */
export function installMocks(
  options: {
    outputs?: Record<string, OutputFaker>;
    calls?: Record<string, InvokeAnswer>;
    project?: string;
    stack?: string;
    organization?: string;
  } = {},
): { resources: DeclaredResource[]; calls: MockCall[] } {
  const recording = installRecordingMocks({
    project: options.project ?? "clientvpn-federation",
    stack: options.stack ?? "test",
    organization: options.organization ?? "acme",
    outputs: options.outputs ?? {},
    invokes: options.calls ?? {},
  });
  return { resources: recording.resources, calls: recording.invokes };
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

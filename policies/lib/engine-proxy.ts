// The two pieces of @pulumi/policy the pack uses at runtime, loaded from its proxy module rather
// than the package root. The root also loads the analyzer server (gRPC, @pulumi/pulumi), which the
// policies never need and which costs every test file more than a second to import. The root
// re-exports these same objects (index.js: `export { unknownCheckingProxy, UnknownValueError } from
// "./proxy"`), so instanceof checks agree with the engine's. Its .d.ts hides them (marked internal),
// hence the typed require. @pulumi/policy is pinned to 1.21.0 in package.json for this reason.
import * as proxy from "@pulumi/policy/proxy";

interface EngineProxy {
  /** Thrown by the engine's props proxy when a policy reads a value unknown during preview. */
  UnknownValueError: new (...args: never[]) => Error;
  /** Wraps props the way the analyzer does before handing them to a policy. */
  unknownCheckingProxy<T extends object>(props: T): T;
}

export const { UnknownValueError, unknownCheckingProxy } = proxy as unknown as EngineProxy;

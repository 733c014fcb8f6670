import type * as pulumi from "@pulumi/pulumi";

/**
 * Resources declared later in the program that one declared earlier must wait for: Pulumi's `dependsOn` takes a
 * promise. The program settles it once the later resources exist (with none when it declares none), or fails it
 * when declaring them failed, so the waiting resource fails too instead of going ahead unordered.
 */
export interface LaterDependencies {
  readonly resources: Promise<pulumi.Resource[]>;
  settle(resources: pulumi.Resource[]): void;
  fail(error: unknown): void;
}

export function laterDependencies(): LaterDependencies {
  let settle!: (resources: pulumi.Resource[]) => void;
  let fail!: (error: unknown) => void;
  const resources = new Promise<pulumi.Resource[]>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  // Nobody may be waiting (a stack without the earlier resource): a failure then is no unhandled rejection.
  resources.catch(() => undefined);
  return { resources, settle, fail };
}

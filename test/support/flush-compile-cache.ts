import { afterAll } from "vitest";
import { flushCompileCache } from "node:module";

/**
 * Node writes its module compile cache (NODE_COMPILE_CACHE, set in vitest.config.mts) when a process exits
 * normally, but vitest ends its workers with SIGTERM. Write it after every file instead, so the next worker
 * finds @pulumi/pulumi, the providers and the AWS SDK already compiled
 * (https://nodejs.org/api/module.html#moduleflushcompilecache).
 */
afterAll(() => {
  flushCompileCache();
});

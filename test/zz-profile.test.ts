import { it } from "vitest";
import { stackRunner } from "./support/stack-run";
import { engineConfigOf, exampleNetworkFacts } from "./support/example-stack";
it("profile", async () => {
  const run = stackRunner(exampleNetworkFacts);
  for (let i = 0; i < 5; i++) {
    const t = Date.now(); if (i === 1) console.log("MARK", Number(process.hrtime.bigint() / 1000n));
    const r = await run(engineConfigOf());
    console.log("run", i, Date.now() - t, "ms", r.resources.length);
  }
}, 120000);

/**
 * `npm run bench` as run on this machine: its timings change with every run and machine, so `npm run docs`
 * refreshes this block only when asked (`npm run docs -- --bench`). The columns that do not depend on the
 * machine are checked against the example stack's plan by test/docs/docs-examples.test.ts.
 */
import { join } from "node:path";
import { transcript, type DocBlockSource } from "../doc-block-source";

export const benchBlockId = "example-bench";

export const benchExampleBlock: DocBlockSource = {
  id: benchBlockId,
  onlyWhenAsked: "--bench",
  async generate() {
    const { runBenchCli } = await import("../../bench/cli");
    let out = "";
    const code = await runBenchCli([], {
      writeOut: (text) => void (out += text),
      writeErr: () => undefined,
      projectDir: join(__dirname, "..", "..", ".."),
      project: "clientvpn-federation",
      loadProgram: async () => (await import("../../../index")).default as never,
      now: new Date(),
    });
    if (code !== 0) throw new Error(`npm run bench exited ${code}`);
    return transcript("npm run bench", out);
  },
};

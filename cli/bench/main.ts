import { resolve } from "node:path";
import { runBenchCli } from "./cli";
import { PulumiProgram } from "../plan/offline-engine";
import { exitWith } from "../shared/exit-with";

void exitWith(
  runBenchCli(process.argv.slice(2), {
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
    projectDir: resolve(__dirname, "..", ".."),
    project: "clientvpn-federation",
    loadProgram: async () => (await import("../../index")).default as unknown as PulumiProgram,
    now: new Date(),
  }),
);

/** The exit-code block every command's `--help` ends with, shown for one command from its own help. */
import { transcript, type DocBlockSource } from "../doc-block-source";

export const helpExampleBlocks: readonly DocBlockSource[] = [
  {
    id: "example-doctor-help-exit-codes",
    async generate() {
      const { helpSources } = await import("../command-help");
      const help = await helpSources.find((source) => source.script === "doctor")!.help();
      const exitCodes = help.slice(help.indexOf("\nExit codes:\n") + 1);
      if (!exitCodes.startsWith("Exit codes:")) throw new Error("npm run doctor -- --help no longer ends with its exit codes");
      return transcript("npm run doctor -- --help", `…\n${exitCodes}`);
    },
  },
];

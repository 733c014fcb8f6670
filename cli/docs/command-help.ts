/**
 * Each command's `--help`, produced in this process by the command's own code, so the docs can be checked
 * against what the command really accepts. Modules load only when their help is asked for.
 */
import type { Day2Environment } from "../day2/day2-environment";

export interface HelpSource {
  /** The npm script that runs the command (`npm run <script>`). */
  script: string;
  /** The help text for `npm run <script> -- [...subcommand] --help`. */
  help(subcommand?: string): Promise<string>;
  /** Subcommands, each with help of its own (tenants: preview, up, drift, list, shards, merge). */
  subcommands?: readonly string[];
}

interface Output {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

/** Runs a command with `--help` and returns what it printed; anything else it might touch refuses. */
async function captureHelp(run: (io: Output) => Promise<unknown>): Promise<string> {
  let text = "";
  await run({ writeOut: (chunk) => void (text += chunk), writeErr: (chunk) => void (text += chunk) });
  return text;
}

const untouched = (what: string) => () => {
  throw new Error(`--help must not reach ${what}`);
};

function day2Environment(io: Output): Day2Environment {
  return {
    ...io,
    stacks: { outputs: untouched("the stack's outputs"), config: untouched("the stack's config") },
    createAws: untouched("AWS"),
    createGraph: untouched("Microsoft Graph"),
    readFile: untouched("a file"),
    interactive: false,
    color: false,
    now: () => 0,
    sleep: untouched("sleep"),
  };
}

const helpArgs = (subcommand?: string) => (subcommand ? [subcommand, "--help"] : ["--help"]);

export const helpSources: readonly HelpSource[] = [
  {
    script: "plan",
    help: async () => {
      const { runPlanCli } = await import("../plan/cli");
      return captureHelp((io) => runPlanCli(["--help"], { ...io, color: false, cwd: process.cwd(), now: new Date(0), writeFiles: untouched("the disk") }));
    },
  },
  {
    script: "bench",
    help: async () => {
      const { runBenchCli } = await import("../bench/cli");
      return captureHelp((io) =>
        runBenchCli(["--help"], { ...io, projectDir: process.cwd(), project: "clientvpn-federation", loadProgram: untouched("the program"), now: new Date(0) }),
      );
    },
  },
  {
    script: "tenants",
    subcommands: ["preview", "up", "drift", "list", "shards", "merge"],
    help: async (subcommand) => {
      const { runCli } = await import("../tenants/cli");
      return captureHelp((io) =>
        runCli(helpArgs(subcommand), { ...io, createBackend: untouched("a Pulumi backend"), interactive: false, color: false, appendFile: untouched("the disk"), cwd: process.cwd() }),
      );
    },
  },
  {
    script: "doctor",
    help: async () => {
      const { runDoctorCommand } = await import("../day2/doctor-command");
      return captureHelp((io) => runDoctorCommand(["--help"], day2Environment(io)));
    },
  },
  {
    script: "connections",
    help: async () => {
      const { runConnectionsCommand } = await import("../day2/connections-command");
      return captureHelp((io) => runConnectionsCommand(["--help"], day2Environment(io)));
    },
  },
  {
    script: "logs",
    help: async () => {
      const { runLogsCommand } = await import("../day2/logs-command");
      return captureHelp((io) => runLogsCommand(["--help"], day2Environment(io)));
    },
  },
  {
    script: "saml-check",
    help: async () => {
      const { runSamlCheckCommand } = await import("../day2/saml-check-command");
      return captureHelp((io) => runSamlCheckCommand(["--help"], day2Environment(io)));
    },
  },
  {
    script: "adopt",
    help: async () => {
      const { runAdoptCommand } = await import("../adopt/adopt-command");
      return captureHelp((io) =>
        runAdoptCommand(["--help"], {
          ...io,
          createAws: untouched("AWS"),
          createGraph: untouched("Microsoft Graph"),
          projectDir: process.cwd(),
          project: "clientvpn-federation",
          fileExists: untouched("the disk"),
          writeFile: untouched("the disk"),
          now: () => new Date(0),
        }),
      );
    },
  },
  {
    script: "signin-check",
    help: async () => {
      const { runSignInCommand } = await import("../signin/signin-command");
      return captureHelp((io) =>
        runSignInCommand(["--help"], {
          ...io,
          stacks: { outputs: untouched("the stack's outputs"), config: untouched("the stack's config") },
          color: false,
          now: () => new Date(0),
          env: {},
          uid: undefined,
          openBrowser: untouched("a browser"),
          signal: new AbortController().signal,
          acsPort: 35001,
        }),
      );
    },
  },
  {
    script: "connect",
    help: async () => {
      const { connectCommand } = await import("../connect/connect-command");
      const program = connectCommand();
      return captureHelp(async (io) => {
        program.configureOutput(io);
        try {
          program.parse(["--help"], { from: "user" });
        } catch {
          // commander ends --help with a CommanderError (exit code 0) under exitOverride.
        }
      });
    },
  },
];

/** The long options a help text lists under "Options:" (without --help), in order. */
export function helpOptions(help: string): string[] {
  return section(help, "Options")
    .map((line) => /^ {2}(?:-[A-Za-z], )?(--[a-z0-9][a-z0-9-]*)/.exec(line)?.[1])
    .filter((flag): flag is string => flag !== undefined && flag !== "--help");
}

/** The subcommands a help text lists under "Commands:" (without help). */
export function helpSubcommands(help: string): string[] {
  return section(help, "Commands")
    .map((line) => /^ {2}([a-z][a-z0-9-]*)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined && name !== "help");
}

function section(help: string, title: string): string[] {
  const lines = help.split("\n");
  const start = lines.indexOf(`${title}:`);
  if (start === -1) return [];
  const end = lines.findIndex((line, index) => index > start && line.trim() !== "" && !line.startsWith(" "));
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

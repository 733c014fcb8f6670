import { beforeAll, describe, expect, it } from "vitest";
import { exitCodeHelp } from "../cli/shared/exit-code-help";
import { EXIT } from "../cli/shared/exit-codes";
import { invocationDirectory } from "../cli/shared/invocation-directory";
import { stackNameProblem } from "../cli/shared/stack-name";
import { runPlanCli } from "../cli/plan/cli";
import { runBenchCli } from "../cli/bench/cli";
import { runCli as runTenantsCli } from "../cli/tenants/cli";
import { runDoctorCommand } from "../cli/day2/doctor-command";
import { runConnectionsCommand } from "../cli/day2/connections-command";
import { runLogsCommand } from "../cli/day2/logs-command";
import { runSamlCheckCommand } from "../cli/day2/saml-check-command";
import { runMutationCli } from "../cli/mutation/cli";
import { runConnectCommand } from "../cli/connect/connect-command";
import { runAdoptCommand } from "../cli/adopt/adopt-command";
import { testEnvironment } from "./support/day2-environment";
import { helpSources } from "../cli/docs/command-help";
import { optionDrift } from "../cli/docs/documented-commands";
import { projectDocs } from "./support/doc-blocks-check";
import {
  allOptions,
  type CommandHelp,
  commandLineProblems,
  developmentScripts,
  documentedOptionTables,
  landingElsewhere,
  npmScripts,
  readCommandHelps,
} from "./support/documented-options";

/** Every command, run in this process with captured output. */
type Run = (argv: string[]) => Promise<{ code: number; out: string; err: string }>;
const captured = async (start: (io: { writeOut(text: string): void; writeErr(text: string): void }) => Promise<number>) => {
  let out = "";
  let err = "";
  const code = await start({ writeOut: (text) => (out += text), writeErr: (text) => (err += text) });
  return { code, out, err };
};
const nothingMayRun = () => Promise.reject(new Error("nothing may run"));
const nothingMayStart = (): never => {
  throw new Error("nothing may run");
};
const day2 = (command: (argv: readonly string[], env: ReturnType<typeof testEnvironment>) => Promise<number>): Run => async (argv) => {
  const env = testEnvironment({ stacks: {} });
  const code = await command(argv, env);
  return { code, out: env.out.join(""), err: env.err.join("") };
};
const commands: { name: string; run: Run }[] = [
  {
    name: "plan",
    run: (argv) => captured((io) => runPlanCli(argv, { ...io, color: false, cwd: process.cwd(), now: new Date(), writeFiles: nothingMayRun })),
  },
  {
    name: "bench",
    run: (argv) => captured((io) => runBenchCli(argv, { ...io, projectDir: process.cwd(), project: "clientvpn-federation", loadProgram: nothingMayRun, now: new Date() })),
  },
  {
    name: "tenants preview",
    run: (argv) =>
      captured((io) =>
        runTenantsCli(["preview", ...argv], { ...io, createBackend: nothingMayRun, interactive: false, color: false, appendFile: nothingMayRun, cwd: process.cwd() }),
      ),
  },
  { name: "doctor", run: day2(runDoctorCommand) },
  { name: "connections", run: day2(runConnectionsCommand) },
  { name: "logs", run: day2(runLogsCommand) },
  { name: "saml-check", run: day2(runSamlCheckCommand) },
  { name: "test:mutation", run: (argv) => captured((io) => runMutationCli(argv, { ...io, runStryker: nothingMayRun })) },
  {
    name: "adopt",
    run: (argv) =>
      captured((io) =>
        runAdoptCommand(argv, {
          ...io,
          createAws: nothingMayStart,
          createGraph: nothingMayStart,
          projectDir: process.cwd(),
          project: "clientvpn-federation",
          fileExists: nothingMayStart,
          writeFile: nothingMayRun,
          now: () => new Date(),
        }),
      ),
  },
  {
    name: "connect",
    run: (argv) => captured((io) => runConnectCommand(argv, { ...io, env: {}, uid: 1000, signal: new AbortController().signal })),
  },
];

describe("one exit-code convention for every command", () => {
  it.each(commands)("$name --help ends with the exit codes in the shared layout, usage 64 and bug 70 included", async ({ run }) => {
    const { code, out } = await run(["--help"]);
    expect(code).toBe(EXIT.ok);
    const block = out.slice(out.indexOf("\nExit codes:\n"));
    const lines = block.trim().split("\n").slice(1);
    for (const line of lines) expect(line).toMatch(/^ {2}(0|1|2|64|70) +\S/);
    const codes = lines.map((line) => Number(line.trim().split(" ")[0]));
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
    expect(codes).toEqual(expect.arrayContaining([EXIT.ok, EXIT.usage, EXIT.internalError]));
  });

  it.each(commands)("$name exits 64 on an unknown flag", async ({ run }) => {
    expect((await run(["--no-such-flag"])).code).toBe(EXIT.usage);
  });

  it("lays the block out as one code per line, lowest first", () => {
    expect(exitCodeHelp({ ok: "fine", failed: "broken" })).toBe(
      "\nExit codes:\n  0   fine\n  1   broken\n  64  bad usage: an unknown or malformed flag, or a file, folder or stack named on the command line that cannot be used\n  70  a bug in the command (printed with its stack trace)\n",
    );
  });
});

describe("paths and stack names given on the command line", () => {
  it.each([
    { name: "npm's INIT_CWD, the folder npm run was started from", env: { INIT_CWD: "/home/me/stacks" }, is: "/home/me/stacks" },
    { name: "the process's folder without npm", env: {}, is: "/work/project" },
    { name: "the process's folder when INIT_CWD is not absolute", env: { INIT_CWD: "stacks" }, is: "/work/project" },
  ])("resolve against $name", ({ env, is }) => {
    expect(invocationDirectory(env, "/work/project")).toBe(is);
  });

  it.each([
    { name: "dev", qualified: false, ok: true },
    { name: "acme.prod-2", qualified: false, ok: true },
    { name: "acme/clientvpn-federation/prod", qualified: true, ok: true },
    { name: "acme/prod", qualified: false, ok: false },
    { name: "..", qualified: false, ok: false },
    { name: "acme/../prod", qualified: true, ok: false },
    { name: "a/b/c/d", qualified: true, ok: false },
    { name: "Pulumi.acme.yaml", qualified: false, ok: false },
    { name: "x".repeat(101), qualified: false, ok: false },
    { name: "dev stack", qualified: false, ok: false },
  ])("$name (qualified: $qualified) is a stack name: $ok", ({ name, qualified, ok }) => {
    expect(stackNameProblem(name, { qualified }) === undefined).toBe(ok);
  });
});

/** Checked here, where every command is loaded anyway: the docs say what each command's --help says. */
describe("each command's options in the docs", () => {
  const documented = documentedOptionTables(projectDocs);
  let helps: Map<string, CommandHelp>;
  beforeAll(async () => {
    helps = await readCommandHelps();
  });

  it("has its options tables under markers that each precede a table, one per command", () => {
    expect(documented.problems).toEqual([]);
  });

  it("covers every command of package.json (help source and options table)", () => {
    const commands = npmScripts.filter((script) => !developmentScripts.includes(script));
    expect(commands.filter((script) => !helpSources.some((source) => source.script === script)), "add it to helpSources in cli/docs/command-help.ts").toEqual([]);
    expect(commands.filter((script) => !documented.options.has(script)), "add an options table after <!-- options: <script> --> on its page").toEqual([]);
    expect(landingElsewhere.filter((script) => npmScripts.includes(script)), "its script has landed: remove it from landingElsewhere").toEqual([]);
  });

  it.each(helpSources.map((source) => [source.script]))("npm run %s: the options table lists exactly the options of its --help", (script) => {
    const table = documented.options.get(script);
    expect(table, `no <!-- options: ${script} --> table in the docs`).toBeDefined();
    expect(optionDrift(script, allOptions(helps.get(script)!), table!.entries, table!.where)).toEqual([]);
  });

  it("npm run tenants: the subcommands table lists exactly the subcommands of its --help", () => {
    const table = documented.subcommands.get("tenants")!;
    const help = helps.get("tenants")!;
    expect(new Set(table.entries)).toEqual(new Set(help.subcommands));
    expect([...help.subcommands].sort()).toEqual([...(helpSources.find((source) => source.script === "tenants")!.subcommands ?? [])].sort());
  });

  it("every npm run command line in the docs names a script, subcommand and options that exist", () => {
    expect(commandLineProblems(projectDocs, helps)).toEqual([]);
  });
});

import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";

/*
 * A fake `pulumi` executable for the Automation API: it spawns the fake exactly as it spawns the CLI, passes the
 * same arguments, and reads the engine events the fake writes to the `--event-log` file. The fake reports version
 * 3.200.0 so the Automation API uses the file event log (newer CLIs stream events over gRPC instead:
 * @pulumi/pulumi/automation/stack.js `setupEventLog`). Used by the tenant tests and by the fleet drift simulation.
 *
 * The scenario file says which stacks exist and what each `preview`/`up` does: its events, stderr, exit code and
 * how long it takes (`latencyMs`, counted from the stack's `stack select` when `latencyFromSelect` is set).
 * `defaultRun` answers stacks without their own entry.
 */
const FAKE_PULUMI = `#!/usr/bin/env node
const fs = require("fs");
const args = process.argv.slice(2);
if (process.env.FAKE_PULUMI_LOG) fs.appendFileSync(process.env.FAKE_PULUMI_LOG, JSON.stringify(args) + "\\n");
if (args[0] === "version") { process.stdout.write("v3.200.0\\n"); process.exit(0); }
const scenario = JSON.parse(fs.readFileSync(process.env.FAKE_PULUMI_SCENARIO, "utf8"));
const flag = (name) => { const i = args.indexOf(name); return i === -1 ? undefined : args[i + 1]; };
const stack = flag("--stack");
const command = args[0] === "stack" ? "stack " + args[1] : args[0];
switch (command) {
  case "stack ls":
    process.stdout.write(JSON.stringify(scenario.stacks.map((name) => ({ name, current: false }))));
    process.exit(0);
  case "stack select":
    if (!scenario.stacks.includes(stack)) { process.stderr.write("error: no stack named '" + stack + "' found\\n"); process.exit(255); }
    // With latencyFromSelect, a stack's latency counts from its select, the first call the Automation API makes
    // for it, so the fake's own start-up time is inside the latency instead of on top of it.
    if (scenario.latencyFromSelect) fs.writeFileSync(process.env.FAKE_PULUMI_SCENARIO + ".started-" + stack, String(Date.now()));
    process.exit(0);
  case "stack output":
    process.stdout.write("{}");
    process.exit(0);
  case "stack history":
    process.stdout.write(JSON.stringify(scenario.history ?? []));
    process.exit(0);
  case "preview":
  case "up": {
    const run = (scenario.runs ?? {})[command + " " + stack] ?? scenario.defaultRun ?? { events: [], exitCode: 0 };
    const log = flag("--event-log");
    const finish = () => {
      run.events.forEach((event, sequence) =>
        fs.appendFileSync(log, JSON.stringify({ sequence, timestamp: 0, ...event }) + "\\n"));
      if (run.stderr) process.stderr.write(run.stderr);
      process.exit(run.exitCode ?? 0);
    };
    let latency = (scenario.latencyMs ?? {})[stack] ?? run.latencyMs ?? 0;
    if (scenario.latencyFromSelect) {
      const startedFile = process.env.FAKE_PULUMI_SCENARIO + ".started-" + stack;
      if (fs.existsSync(startedFile)) latency -= Date.now() - Number(fs.readFileSync(startedFile, "utf8"));
    }
    if (latency > 0) setTimeout(finish, latency); else finish();
    break;
  }
  default:
    process.stderr.write("fake pulumi: unexpected command " + args.join(" ") + "\\n");
    process.exit(2);
}
`;

export interface FakePulumi {
  root: string;
  pulumiCommand: PulumiCommand;
  /** Environment for the Automation API's child processes (LocalWorkspaceOptions.envVars). */
  envVars: Record<string, string>;
  scenarioPath: string;
  /** Writes (or rewrites) the scenario the fake answers from. */
  setScenario(scenario: unknown): void;
}

export async function installFakePulumi(options: { logPath?: string } = {}): Promise<FakePulumi> {
  const root = mkdtempSync(join(tmpdir(), "tenants-fake-pulumi-"));
  mkdirSync(join(root, "bin"));
  mkdirSync(join(root, "project"));
  writeFileSync(join(root, "bin", "pulumi"), FAKE_PULUMI);
  chmodSync(join(root, "bin", "pulumi"), 0o755);
  const scenarioPath = join(root, "scenario.json");
  writeFileSync(scenarioPath, JSON.stringify({ stacks: [] }));
  if (options.logPath) process.env.FAKE_PULUMI_LOG = options.logPath;
  const pulumiCommand = await PulumiCommand.get({ root });
  return {
    root,
    pulumiCommand,
    scenarioPath,
    envVars: { FAKE_PULUMI_SCENARIO: scenarioPath, ...(options.logPath ? { FAKE_PULUMI_LOG: options.logPath } : {}) },
    setScenario: (scenario) => writeFileSync(scenarioPath, JSON.stringify(scenario)),
  };
}

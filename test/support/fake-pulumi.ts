import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { z } from "zod";

/*
 * A fake `pulumi` executable for the Automation API: it spawns the fake exactly as it spawns the CLI, passes the
 * same arguments, and reads the engine events the fake writes to the `--event-log` file. The fake reports version
 * 3.200.0 so the Automation API uses the file event log (newer CLIs stream events over gRPC instead:
 * @pulumi/pulumi/automation/stack.js `setupEventLog`). Used by the tenant tests and by the fleet drift simulation.
 *
 * The scenario says which stacks exist and what each `preview`/`up` does: its events, stderr, exit code and
 * how long it takes (`latencyMs`, counted from the stack's `stack select` when `latencyFromSelect` is set).
 * `defaultRun` answers stacks without their own entry.
 *
 * The fake is a bash script, not a Node one: the Automation API starts it twice per stack operation, and a Node
 * start costs about 40 ms of CPU against about 2 ms for bash. So that the script parses no JSON, `setScenario`
 * writes the scenario out as the fake's answers, one file each (scenarioFiles below).
 */
const FAKE_PULUMI = `#!/usr/bin/env bash
set -u
if [ -n "\${FAKE_PULUMI_LOG:-}" ]; then
  json="" separator=""
  for arg in "$@"; do
    case "$arg" in *[[:cntrl:]]*) echo "fake pulumi: an argument with a control character" >&2; exit 2 ;; esac
    arg=\${arg//\\\\/\\\\\\\\}; arg=\${arg//\\"/\\\\\\"}
    json+="$separator\\"$arg\\""; separator=","
  done
  printf '[%s]\\n' "$json" >> "$FAKE_PULUMI_LOG"
fi
if [ "\${1:-}" = version ]; then echo v3.200.0; exit 0; fi
answers="$FAKE_PULUMI_SCENARIO.d"
# The value after the first --stack and --event-log, as the CLI reads its flags.
stack="" log="" previous=""
for arg in "$@"; do
  if [ "$previous" = --stack ] && [ -z "$stack" ]; then stack=$arg; fi
  if [ "$previous" = --event-log ] && [ -z "$log" ]; then log=$arg; fi
  previous=$arg
done
# A stack name is a file name among the answers; one that cannot be (a slash, ..) is a stack the scenario lacks.
named=""
case "$stack" in "" | . | .. | *[!A-Za-z0-9._-]*) ;; *) named=$stack ;; esac
now_ms() { local now=\${EPOCHREALTIME/./}; echo $((10#$now / 1000)); }
if [ "\${1:-}" = stack ]; then command="stack \${2:-}"; else command="\${1:-}"; fi
case "$command" in
  "stack ls") cat "$answers/stack-ls.json"; exit 0 ;;
  "stack select")
    if [ -z "$named" ] || [ ! -e "$answers/stacks/$named" ]; then printf "error: no stack named '%s' found\\n" "$stack" >&2; exit 255; fi
    # With latencyFromSelect, a stack's latency counts from its select, the first call the Automation API makes
    # for it, so the fake's own start-up time is inside the latency instead of on top of it.
    if [ -e "$answers/latency-from-select" ]; then now_ms > "$FAKE_PULUMI_SCENARIO.started-$named"; fi
    exit 0 ;;
  "stack output") printf '{}'; exit 0 ;;
  "stack history") cat "$answers/history.json"; exit 0 ;;
  preview | up)
    run="$answers/runs/default"
    if [ -n "$named" ] && [ -d "$answers/runs/$command/$named" ]; then run="$answers/runs/$command/$named"; fi
    read -r latency < "$run/latency-ms"
    if [ -n "$named" ] && [ -e "$answers/latency/$named" ]; then read -r latency < "$answers/latency/$named"; fi
    started="$FAKE_PULUMI_SCENARIO.started-$named"
    if [ -e "$answers/latency-from-select" ] && [ -n "$named" ] && [ -e "$started" ]; then
      read -r since < "$started"; latency=$((latency - ($(now_ms) - since)))
    fi
    if [ "$latency" -gt 0 ]; then sleep "$((latency / 1000)).$(printf '%03d' $((latency % 1000)))"; fi
    cat "$run/events" >> "$log"
    cat "$run/stderr" >&2
    read -r code < "$run/exit-code"
    exit "$code" ;;
  *) echo "fake pulumi: unexpected command $*" >&2; exit 2 ;;
esac
`;

const engineRun = z.strictObject({
  events: z.array(z.record(z.string(), z.unknown())),
  exitCode: z.number().int().min(0).max(255).optional(),
  stderr: z.string().optional(),
  latencyMs: z.number().int().min(0).optional(),
});
const stackName = z.string().regex(/^(?!\.{1,2}$)[A-Za-z0-9._-]+$/, "a stack name the fake can keep as a file name");
const scenarioSchema = z.strictObject({
  stacks: z.array(stackName),
  runs: z.record(z.string().regex(/^(preview|up) [A-Za-z0-9._-]+$/), engineRun).optional(),
  defaultRun: engineRun.optional(),
  history: z.array(z.unknown()).optional(),
  latencyMs: z.record(stackName, z.number().int().min(0)).optional(),
  latencyFromSelect: z.boolean().optional(),
});

/** The fake's answers to a scenario, by file name under `<scenario>.d`. */
function scenarioFiles(scenario: unknown): Record<string, string> {
  const parsed = scenarioSchema.parse(scenario);
  const files: Record<string, string> = {
    "stack-ls.json": JSON.stringify(parsed.stacks.map((name) => ({ name, current: false }))),
    "history.json": JSON.stringify(parsed.history ?? []),
  };
  for (const name of parsed.stacks) files[`stacks/${name}`] = "";
  for (const [name, latency] of Object.entries(parsed.latencyMs ?? {})) files[`latency/${name}`] = `${latency}\n`;
  if (parsed.latencyFromSelect) files["latency-from-select"] = "";
  const runs: [string, z.infer<typeof engineRun>][] = [
    ["runs/default", parsed.defaultRun ?? { events: [], exitCode: 0 }],
    ...Object.entries(parsed.runs ?? {}).map(([key, run]): [string, z.infer<typeof engineRun>] => [`runs/${key.replace(" ", "/")}`, run]),
  ];
  for (const [folder, run] of runs) {
    files[`${folder}/events`] = run.events.map((event, sequence) => `${JSON.stringify({ sequence, timestamp: 0, ...event })}\n`).join("");
    files[`${folder}/stderr`] = run.stderr ?? "";
    files[`${folder}/exit-code`] = `${run.exitCode ?? 0}\n`;
    files[`${folder}/latency-ms`] = `${run.latencyMs ?? 0}\n`;
  }
  return files;
}

function writeScenario(scenarioPath: string, scenario: unknown): void {
  const files = scenarioFiles(scenario);
  const answers = `${scenarioPath}.d`;
  rmSync(answers, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(answers, name)), { recursive: true });
    writeFileSync(join(answers, name), text);
  }
  writeFileSync(scenarioPath, JSON.stringify(scenario));
}

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
  writeScenario(scenarioPath, { stacks: [] });
  const pulumiCommand = await PulumiCommand.get({ root });
  return {
    root,
    pulumiCommand,
    scenarioPath,
    envVars: { FAKE_PULUMI_SCENARIO: scenarioPath, ...(options.logPath ? { FAKE_PULUMI_LOG: options.logPath } : {}) },
    setScenario: (scenario) => writeScenario(scenarioPath, scenario),
  };
}

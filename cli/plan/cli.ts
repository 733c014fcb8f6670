import { join, resolve } from "node:path";
import { Command, CommanderError } from "commander";
import { EXIT } from "../shared/exit-codes";
import { exitCodeHelp } from "../shared/exit-code-help";
import { fileArgumentProblem } from "../shared/file-argument";
import { stackNameProblem } from "../shared/stack-name";
import { planStack, projectDir } from "./plan-stack";
import { renderPlanReport } from "./plan-report";
import { renderDeploymentDiagram } from "./deployment-diagram";
import { planFileNames, planFiles } from "./plan-files";
import { preparePolicyPack } from "./policy-pack";
import { renderPolicyReport } from "./policy-report";

/** Everything the plan touches outside itself. */
export interface PlanCliEnvironment {
  writeOut(text: string): void;
  writeErr(text: string): void;
  color: boolean;
  /** The folder the user ran the command from: relative --out and --stack-file are relative to it. */
  cwd: string;
  now: Date;
  /** Writes `files` into `directory` and removes `stale` files left there by an earlier plan. */
  writeFiles(directory: string, files: Record<string, string>, stale: string[]): Promise<void>;
}

const EXIT_CODE_HELP = exitCodeHelp({
  ok: "planned: report printed, files written",
  failed: "the stack's configuration is wrong (same messages as pulumi preview); nothing written",
  attention: "planned, but the policy pack reports a mandatory violation: pulumi preview --policy-pack would fail",
  usage:
    "bad usage: an unknown flag, a stack name that is not one, a stack file that cannot be read, an --out folder that cannot be written, " +
    "or a --policy-pack-config file pulumi preview would refuse",
});

interface PlanFlags {
  stack: string;
  stackFile?: string;
  out?: string;
  groupClaimSwitch: boolean;
  policyPackConfig?: string;
}

/** Runs `plan` with `argv` (arguments after the program name); resolves to the exit code. */
export async function runPlanCli(argv: readonly string[], env: PlanCliEnvironment): Promise<number> {
  const program = new Command("plan")
    .description(
      "Offline plan: run the program against a stack's config under Pulumi's mocks, with no cloud credentials and no Pulumi CLI. " +
        "Prints what would be created, who reaches what, the return routes and the monthly cost; writes the client profiles, " +
        "IdP metadata (placeholder certificate) and a Mermaid diagram to <out>/<stack>/. " +
        "Then runs the policy pack in policies/ over the planned resources, as pulumi preview --policy-pack ./policies would.",
    )
    .option("--stack <name>", "stack to plan (reads Pulumi.<name>.yaml)", "dev")
    .option("--stack-file <path>", "read the stack's config from this file instead of Pulumi.<stack>.yaml")
    .option("--out <dir>", "folder for the written files; they go to <dir>/<stack>/", join(projectDir, "plan-out"))
    .option("--no-group-claim-switch", "skip planning the other azure.groupClaim route (the report then omits what switching would change)")
    .option("--policy-pack-config <file>", "the policy pack's config, the JSON file pulumi preview --policy-pack-config takes (default: the pack's defaults)")
    .exitOverride()
    .configureOutput({ writeOut: env.writeOut, writeErr: env.writeErr })
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", EXIT_CODE_HELP);

  let flags: PlanFlags;
  try {
    program.parse([...argv], { from: "user" });
    flags = program.opts<PlanFlags>();
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  }
  // The name becomes a file name and a folder under --out: "." and ".." would write outside it.
  const stackProblem = stackNameProblem(flags.stack, { qualified: false });
  if (stackProblem) {
    env.writeErr(`error: --stack ${flags.stack} ${stackProblem}\n`);
    return EXIT.usage;
  }

  const policyPack = preparePolicyPack(flags.policyPackConfig, env.cwd, env.now);
  if (!policyPack.ok) {
    env.writeErr(`${policyPack.message}\n`);
    return EXIT.usage;
  }

  const result = await planStack({ stack: flags.stack, stackFile: flags.stackFile, cwd: env.cwd, now: env.now, groupClaimSwitch: flags.groupClaimSwitch });
  if (result.kind !== "planned") {
    env.writeErr(`${result.message}\n`);
    return result.kind === "usage" ? EXIT.usage : EXIT.failed;
  }

  const { report, run } = result;
  const diagram = renderDeploymentDiagram(run.resources, report.labels, { tenantId: report.tenantId, awsRegion: report.awsRegion });
  const policyReport = policyPack.check(run.resources);
  const fullReport = (color: boolean) => `${renderPlanReport(report, { color })}\n${renderPolicyReport(policyReport, { color })}`;
  const reportText = fullReport(false);
  const files = planFiles({ stackName: report.stackName, outputs: run.outputs, resources: run.resources, reportText, diagram });
  const out = flags.out ?? join(projectDir, "plan-out");
  const directory = join(resolve(env.cwd, out), flags.stack);
  try {
    // A profile from an earlier plan of this stack must not outlive a change that no longer makes one.
    await env.writeFiles(directory, files, planFileNames.filter((name) => !(name in files)));
  } catch (error) {
    const problem = fileArgumentProblem(error, "--out", out, "folder");
    if (!problem) throw error;
    env.writeErr(`error: ${problem}\n`);
    return EXIT.usage;
  }

  env.writeOut(env.color ? fullReport(true) : reportText);
  env.writeOut(`\nWritten to ${directory}:\n${Object.keys(files).map((name) => `  ${name}`).join("\n")}\n`);
  return policyReport.violations.some((violation) => violation.enforcementLevel === "mandatory") ? EXIT.attention : EXIT.ok;
}

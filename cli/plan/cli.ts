import { join, resolve } from "node:path";
import { Command, CommanderError } from "commander";
import { PLAN_EXIT_CODES } from "./exit-codes";
import { planStack, projectDir } from "./plan-stack";
import { renderPlanReport } from "./plan-report";
import { renderDeploymentDiagram } from "./deployment-diagram";
import { planFileNames, planFiles } from "./plan-files";
import { preparePolicyPack } from "./policy-pack";
import { renderPolicyReport } from "./policy-report";
import { EXIT } from "../shared/exit-codes";

/** Everything the plan touches outside itself. */
export interface PlanCliEnvironment {
  writeOut(text: string): void;
  writeErr(text: string): void;
  color: boolean;
  cwd: string;
  now: Date;
  /** Writes `files` into `directory` and removes `stale` files left there by an earlier plan. */
  writeFiles(directory: string, files: Record<string, string>, stale: string[]): Promise<void>;
}

const EXIT_CODE_HELP = `
Exit codes:
  ${PLAN_EXIT_CODES.planned}   planned: report printed, files written
  ${PLAN_EXIT_CODES.invalidStack}   the stack's configuration is wrong (same messages as pulumi preview); nothing written
  ${EXIT.attention}   planned, but the policy pack reports a mandatory violation: pulumi preview --policy-pack would fail
  ${PLAN_EXIT_CODES.usage}  bad flags, or a --policy-pack-config file pulumi preview would refuse
  ${PLAN_EXIT_CODES.internalError}  a bug (printed with its stack trace)
`;

interface PlanFlags {
  stack: string;
  stackFile?: string;
  out?: string;
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
    if (error instanceof CommanderError) return error.exitCode === 0 ? PLAN_EXIT_CODES.planned : PLAN_EXIT_CODES.usage;
    throw error;
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(flags.stack)) {
    env.writeErr(`error: --stack ${flags.stack}: a stack name uses letters, digits, '-', '_' and '.'\n`);
    return PLAN_EXIT_CODES.usage;
  }

  const policyPack = preparePolicyPack(flags.policyPackConfig, env.cwd, env.now);
  if (!policyPack.ok) {
    env.writeErr(`${policyPack.message}\n`);
    return PLAN_EXIT_CODES.usage;
  }

  const result = await planStack({ stack: flags.stack, stackFile: flags.stackFile && resolve(env.cwd, flags.stackFile), now: env.now });
  if (result.kind === "refused") {
    env.writeErr(`${result.message}\n`);
    return PLAN_EXIT_CODES.invalidStack;
  }

  const { report, run } = result;
  const diagram = renderDeploymentDiagram(run.resources, report.labels, { tenantId: report.tenantId, awsRegion: report.awsRegion });
  const policyReport = policyPack.check(run.resources);
  const fullReport = (color: boolean) => `${renderPlanReport(report, { color })}\n${renderPolicyReport(policyReport, { color })}`;
  const reportText = fullReport(false);
  const files = planFiles({ stackName: report.stackName, outputs: run.outputs, resources: run.resources, reportText, diagram });
  const directory = join(resolve(env.cwd, flags.out ?? join(projectDir, "plan-out")), flags.stack);
  // A profile from an earlier plan of this stack must not outlive a change that no longer makes one.
  await env.writeFiles(directory, files, planFileNames.filter((name) => !(name in files)));

  env.writeOut(env.color ? fullReport(true) : reportText);
  env.writeOut(`\nWritten to ${directory}:\n${Object.keys(files).map((name) => `  ${name}`).join("\n")}\n`);
  return policyReport.violations.some((violation) => violation.enforcementLevel === "mandatory") ? EXIT.attention : PLAN_EXIT_CODES.planned;
}

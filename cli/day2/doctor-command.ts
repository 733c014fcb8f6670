/**
 * `npm run doctor -- --stack <name>`: checks the live deployment link by link, waits for what is still
 * settling, prints a verdict and fix per link, and exits 1 when a link is broken.
 */
import { parseArguments, reportStackFailure, stackOption } from "./command-arguments";
import { Command, Option } from "commander";
import { EXIT } from "../shared/exit-codes";
import { exitCodeHelp } from "../shared/exit-code-help";
import type { CheckResult } from "./check-result";
import type { Day2Environment } from "./day2-environment";
import { buildDoctorChecks } from "./doctor-checks";
import { listrProgress, plainProgress } from "./doctor-progress";
import { formatDuration, runDoctor } from "./doctor-run";
import { durationOption } from "./durations";
import { colors, formatCheckResult, formatDoctorSummary } from "./rendering";
import { identityStackOf, readDeploymentContext, readRotationOutputs } from "./stack-context";

export const defaultDoctorTimeoutMs = 10 * 60_000;
export const defaultPollIntervalMs = 15_000;

interface DoctorFlags {
  stack: string;
  timeout: number;
  interval: number;
}

export async function runDoctorCommand(argv: readonly string[], env: Day2Environment): Promise<number> {
  const program = new Command("doctor")
    .description("Check a deployed federation link by link: AWS endpoint, associations, rules and routes; Entra signing, reply URLs and groups; the links between them.")
    .addOption(stackOption("the Pulumi stack to check"))
    .addOption(
      new Option("--timeout <duration>", "how long to wait for states still settling (associating, authorizing, creating)")
        .argParser(durationOption("--timeout"))
        .default(defaultDoctorTimeoutMs, "10m"),
    )
    .addOption(new Option("--interval <duration>", "how often to look again while waiting").argParser(durationOption("--interval")).default(defaultPollIntervalMs, "15s"))
    .addHelpText(
      "after",
      exitCodeHelp({
        ok: "every checkable link works",
        failed: "a link is broken, or Pulumi could not read the stack (its own message is shown)",
        usage: "bad usage, or --stack names no stack that deploys a Client VPN endpoint or Entra identity",
      }),
    );
  const parsed = parseArguments<DoctorFlags>(program, argv, env);
  if ("exitCode" in parsed) return parsed.exitCode;
  const { flags } = parsed;
  const c = colors(env.color);
  let checks;
  try {
    const context = await readDeploymentContext(env.stacks, flags.stack);
    const aws = context.clientVpnEndpointId || context.samlProviderArn ? env.createAws(context.region) : undefined;
    const graph = context.servicePrincipalObjectId ? env.createGraph(context) : undefined;
    const identityStack = identityStackOf(context);
    const identity = identityStack ? { stackName: identityStack, read: () => readRotationOutputs(env.stacks, identityStack) } : undefined;
    checks = buildDoctorChecks({ context, aws, graph, now: () => new Date(env.now()), identity });
  } catch (error) {
    return reportStackFailure("doctor", error, env);
  }
  if (checks.length === 0) {
    env.writeErr(`doctor: stack ${flags.stack} exports neither a Client VPN endpoint nor an Entra identity; deploy it first\n`);
    return EXIT.usage;
  }
  env.writeOut(`Checking stack ${flags.stack} (waiting up to ${formatDuration(flags.timeout)} for changes still in progress)\n`);
  const progress = env.interactive ? listrProgress(checks) : plainProgress(env.writeOut);
  const report = await runDoctor(checks, {
    timeoutMs: flags.timeout,
    pollIntervalMs: flags.interval,
    now: env.now,
    sleep: env.sleep,
    onResult: (index, result: CheckResult) => progress.update(index, result),
  });
  await progress.finish();
  env.writeOut(`\n${report.results.map((result) => formatCheckResult(result, c)).join("\n")}\n\n${formatDoctorSummary(report.results, c)}\n`);
  return report.broken ? EXIT.failed : EXIT.ok;
}

/** `npm run logs -- --stack <name> [--since 1h] [--user x] [--limit 200]`: the endpoint's connection log, readable. */
import { parseArguments, reportStackFailure, stackOption } from "./command-arguments";
import { Command, InvalidArgumentError, Option } from "commander";
import { EXIT } from "../shared/exit-codes";
import { exitCodeHelp } from "../shared/exit-code-help";
import { ConnectionLogError, findConnectionLog, maxLogPages, readConnectionLog, renderLogEvents } from "./connection-log";
import type { Day2Environment } from "./day2-environment";
import { durationOption } from "./durations";
import { readDeploymentContext, requireOutput } from "./stack-context";

interface LogsFlags {
  stack: string;
  since: number;
  user?: string;
  limit: number;
}

function parseLimit(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError(`--limit takes a whole number of at least 1 (got "${value}").`);
  return Number(value);
}

export async function runLogsCommand(argv: readonly string[], env: Day2Environment): Promise<number> {
  const program = new Command("logs")
    .description("Show the Client VPN connection log from CloudWatch: connection attempts, their results and failure reasons.")
    .addOption(stackOption("the Pulumi stack of the endpoint"))
    .addOption(new Option("--since <duration>", "how far back to look, e.g. 15m, 1h, 2d").argParser(durationOption("--since")).default(3_600_000, "1h"))
    .option("--user <name>", "only this user (the username or certificate common name in the log)")
    .option("--limit <count>", "show at most this many of the latest events", parseLimit, 200)
    .addHelpText(
      "after",
      exitCodeHelp({
        ok: "the log was shown (even if no event matched)",
        failed: "the log could not be read: logging off, or AWS or Pulumi could not be asked (their own message is shown)",
        usage: "bad usage, or --stack names no stack with a Client VPN endpoint",
      }),
    );
  const parsed = parseArguments<LogsFlags>(program, argv, env);
  if ("exitCode" in parsed) return parsed.exitCode;
  const { flags } = parsed;
  let clients;
  let endpointId: string;
  try {
    const context = await readDeploymentContext(env.stacks, flags.stack);
    endpointId = requireOutput(context.clientVpnEndpointId, "clientVpnEndpointId", context);
    clients = env.createAws(context.region);
  } catch (error) {
    return reportStackFailure("logs", error, env);
  }
  try {
    const destination = await findConnectionLog(clients.ec2, endpointId);
    const { events, complete, pageBudgetSpent } = await readConnectionLog(clients.logs, destination, {
      startTimeMs: env.now() - flags.since,
      endTimeMs: env.now(),
      user: flags.user,
      limit: flags.limit,
    });
    const failed = events.filter((event) => event.entry["connection-attempt-status"] === "failed").length;
    const counted = complete ? `${events.length} event(s)` : `the latest ${events.length} events`;
    const note = pageBudgetSpent
      ? `\nReading stopped after ${maxLogPages} pages of the log; narrow --since or give --user to see further back.`
      : complete
        ? ""
        : "\nOlder events were not shown: raise --limit or narrow --since.";
    env.writeOut(
      `${renderLogEvents(events, env.color)}\n${counted} from ${destination.logGroup}${destination.logStream ? `/${destination.logStream}` : ""}` +
        `${flags.user ? ` for ${flags.user}` : ""} since ${new Date(env.now() - flags.since).toISOString().slice(0, 16).replace("T", " ")} UTC; ${failed} failed attempt(s)${note}\n`,
    );
    return EXIT.ok;
  } catch (error) {
    env.writeErr(`logs: ${error instanceof ConnectionLogError ? error.message : `could not read the connection log: ${(error as Error).message}`}\n`);
    return EXIT.failed;
  }
}

/** `npm run connections -- --stack <name> [--all] [--watch] [--interval 10s]`: who is connected now. */
import { parseArguments, reportStackFailure, stackOption } from "./command-arguments";
import { Command, Option } from "commander";
import { EXIT } from "../shared/exit-codes";
import { exitCodeHelp } from "../shared/exit-code-help";
import type { Day2Environment } from "./day2-environment";
import { connectionRows, listConnections, renderConnections } from "./connection-list";
import { findConnectionLog } from "./connection-log";
import { connectionsWithoutUser, usernamesFromConnectionLog } from "./connection-usernames";
import { durationOption } from "./durations";
import { readDeploymentContext, requireOutput } from "./stack-context";

interface ConnectionsFlags {
  stack: string;
  all?: boolean;
  watch?: boolean;
  interval: number;
}

const CLEAR_SCREEN = "\u001b[2J\u001b[H";

export async function runConnectionsCommand(argv: readonly string[], env: Day2Environment): Promise<number> {
  const program = new Command("connections")
    .description("Show who is connected to the stack's Client VPN endpoint: user, client IP, since when, bytes in and out.")
    .addOption(stackOption("the Pulumi stack of the endpoint"))
    .option("--all", "also show ended connections (terminating, terminated)")
    .option("--watch", "refresh until Ctrl-C")
    .addOption(new Option("--interval <duration>", "refresh interval with --watch").argParser(durationOption("--interval", { min: 1000 })).default(10_000, "10s"))
    .addHelpText(
      "after",
      exitCodeHelp({
        ok: "the connections were listed (with --watch: until Ctrl-C)",
        failed: "AWS or Pulumi could not be asked (their own message is shown)",
        usage: "bad usage, or --stack names no stack with a Client VPN endpoint",
      }),
    );
  const parsed = parseArguments<ConnectionsFlags>(program, argv, env);
  if ("exitCode" in parsed) return parsed.exitCode;
  const { flags } = parsed;
  let endpointId: string;
  let clients;
  try {
    const context = await readDeploymentContext(env.stacks, flags.stack);
    endpointId = requireOutput(context.clientVpnEndpointId, "clientVpnEndpointId", context);
    clients = env.createAws(context.region);
  } catch (error) {
    return reportStackFailure("connections", error, env);
  }
  let stop = false;
  const stopped = flags.watch ? env.stopped : undefined;
  void stopped?.then(() => (stop = true));
  // Names read from the connection log once stay known across --watch refreshes.
  const loggedUsernames = new Map<string, string>();
  let logProblemShown = false;
  for (;;) {
    let text: string;
    try {
      const connections = await listConnections(clients.ec2, endpointId, { includeEnded: Boolean(flags.all) });
      const unnamed = connectionsWithoutUser(connections, loggedUsernames);
      if (unnamed.length > 0) {
        try {
          const destination = await findConnectionLog(clients.ec2, endpointId);
          for (const [id, name] of await usernamesFromConnectionLog(clients.logs, destination, unnamed, env.now())) loggedUsernames.set(id, name);
        } catch (error) {
          if (!logProblemShown) env.writeErr(`connections: SAML user names come from the connection log, which could not be read: ${(error as Error).message}\n`);
          logProblemShown = true;
        }
      }
      const rows = connectionRows(connections, env.now(), loggedUsernames);
      const active = rows.filter((row) => row.state === "active").length;
      text = `${renderConnections(rows, { showState: Boolean(flags.all), color: env.color })}\n${active} active connection(s) on ${endpointId} at ${new Date(env.now()).toISOString().slice(11, 19)} UTC\n`;
    } catch (error) {
      env.writeErr(`connections: could not list the connections of ${endpointId}: ${(error as Error).message}\n`);
      return EXIT.failed;
    }
    env.writeOut(flags.watch && env.interactive ? `${CLEAR_SCREEN}${text}` : text);
    if (!flags.watch || stop) return EXIT.ok;
    await Promise.race([env.sleep(flags.interval), stopped ?? new Promise(() => undefined)]);
    if (stop) return EXIT.ok;
  }
}

/**
 * Who a SAML-authenticated connection belongs to. DescribeClientVpnConnections fills `Username` only for Active
 * Directory: "This information is only provided if Active Directory client authentication is used"
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ClientVpnConnection.html). The connection log does
 * carry the SAML user: each entry has `connection-id` and `username`
 * (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/connection-logging.html), so the names are read there.
 */
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { ClientVpnConnection } from "@aws-sdk/client-ec2";
import { type ConnectionLogDestination, parseConnectionLogMessage } from "./connection-log";
import { parseAwsTime } from "./connection-list";
import { readLatestEvents } from "./latest-log-events";

/** FilterLogEvents' filterPattern is at most 1,024 characters (API_FilterLogEvents.html, Length Constraints). */
const maxFilterPatternLength = 1024;
/** The log entry may be written a little before AWS's ConnectionEstablishedTime. */
const clockSlackMs = 15 * 60_000;
/** Pages read at most per group of connections. */
const maxPagesPerLookup = 20;

/** The connections whose user AWS does not report. */
export function connectionsWithoutUser(connections: readonly ClientVpnConnection[], known: ReadonlyMap<string, string>): ClientVpnConnection[] {
  return connections.filter((connection) => !connection.Username && connection.ConnectionId && !known.has(connection.ConnectionId));
}

/** connection-id -> username, from the connection log, for the given connections. */
export async function usernamesFromConnectionLog(
  logs: CloudWatchLogsClient,
  destination: ConnectionLogDestination,
  connections: readonly ClientVpnConnection[],
  nowMs: number,
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const group of patternGroups(connections.map((connection) => connection.ConnectionId!))) {
    const wanted = new Set(group);
    const since = Math.min(
      ...connections.filter((connection) => wanted.has(connection.ConnectionId!)).map((connection) => parseAwsTime(connection.ConnectionEstablishedTime) ?? nowMs),
    );
    const read = await readLatestEvents(logs, {
      logGroupName: destination.logGroup,
      logStreamNames: destination.logStream ? [destination.logStream] : undefined,
      // ?"a" ?"b": events containing any of the terms.
      // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
      filterPattern: group.map((id) => `?${JSON.stringify(id)}`).join(" "),
      startTimeMs: since - clockSlackMs,
      endTimeMs: nowMs,
      enough: Number.POSITIVE_INFINITY,
      maxPages: maxPagesPerLookup,
    });
    for (const event of read.events) {
      const entry = parseConnectionLogMessage(event.message);
      const id = entry?.["connection-id"];
      const username = entry?.username;
      if (id && wanted.has(id) && username && username !== "NA") found.set(id, username);
    }
  }
  return found;
}

/** Connection IDs in groups whose `?"id" ?"id"` pattern fits the API's length limit. */
function patternGroups(ids: string[]): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const id of ids) {
    const term = `?${JSON.stringify(id)}`.length + 1;
    if (current.length > 0 && length + term > maxFilterPatternLength) {
      groups.push(current);
      current = [];
      length = 0;
    }
    current.push(id);
    length += term;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

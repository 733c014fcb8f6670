/**
 * Client VPN connection-log entries, read from CloudWatch Logs and made readable.
 *
 * An entry is one JSON object; keys per https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/connection-logging.html:
 * connection-log-type (connection-attempt | connection-reset), connection-attempt-status (successful |
 * failed | waiting-for-assertion | NA), connection-reset-status (NA | assertion-received),
 * connection-attempt-failure-reason, connection-id, client-vpn-endpoint-id, transport-protocol,
 * connection-start-time, connection-last-update-time, client-ip, common-name, device-type, device-ip,
 * port, ingress-bytes, egress-bytes, ingress-packets, egress-packets, connection-end-time, username,
 * connection-duration-seconds, posture-compliance-statuses, authorization-policy-evaluation. Absent values
 * are "NA". Failed mutual-authentication attempts are not logged (same page).
 * The log group and stream come from the endpoint's ConnectionLogOptions:
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ConnectionLogResponseOptions.html
 */
import type { CloudWatchLogsClient, FilteredLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import type { EC2Client } from "@aws-sdk/client-ec2";
import { describeEndpoint } from "./client-vpn-reads";
import { readLatestEvents } from "./latest-log-events";
import { formatBytes, renderTable } from "./rendering";

export interface ConnectionLogDestination {
  logGroup: string;
  logStream?: string;
}

export class ConnectionLogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConnectionLogError";
  }
}

export async function findConnectionLog(ec2: EC2Client, endpointId: string): Promise<ConnectionLogDestination> {
  const endpoint = await describeEndpoint(ec2, endpointId);
  if (!endpoint) throw new ConnectionLogError(`${endpointId} does not exist; run \`pulumi refresh\` and \`pulumi up\``);
  const options = endpoint.ConnectionLogOptions;
  if (!options?.Enabled || !options.CloudwatchLogGroup) {
    throw new ConnectionLogError(`connection logging is off on ${endpointId}; run \`pulumi up\` (the stack turns it on) or enable it in the VPC console`);
  }
  return { logGroup: options.CloudwatchLogGroup, logStream: options.CloudwatchLogStream || undefined };
}

/** The documented keys we show; everything else in an entry is kept but not printed. */
export interface ConnectionLogEntry {
  "connection-log-type"?: string;
  "connection-attempt-status"?: string;
  "connection-reset-status"?: string;
  "connection-attempt-failure-reason"?: string;
  "connection-id"?: string;
  "client-ip"?: string;
  "common-name"?: string;
  username?: string;
  "device-type"?: string;
  "device-ip"?: string;
  "ingress-bytes"?: string;
  "egress-bytes"?: string;
  "connection-end-time"?: string;
  "connection-duration-seconds"?: string;
  "authorization-policy-evaluation"?: { result?: string; reason?: string };
}

export interface LogEvent {
  timestampMs: number;
  entry: ConnectionLogEntry;
}

/** A log message that is not a JSON object (never expected) is skipped rather than shown raw. */
export function parseConnectionLogMessage(message: string | undefined): ConnectionLogEntry | undefined {
  try {
    const parsed = JSON.parse(message ?? "") as unknown;
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as ConnectionLogEntry) : undefined;
  } catch {
    return undefined;
  }
}

const present = (value: string | undefined): string | undefined => (value && value !== "NA" ? value : undefined);

export function userOf(entry: ConnectionLogEntry): string {
  return present(entry.username) ?? present(entry["common-name"]) ?? "(unknown)";
}

/** Pages of the connection log one `logs` run reads at most (each up to 10,000 events or 1 MB). */
export const maxLogPages = 50;

export interface ConnectionLogRead {
  /** The latest matching events, oldest first, at most `limit`. */
  events: LogEvent[];
  /** Every event of the window was read: `events` are all of them when fewer than `limit`. */
  complete: boolean;
  /** Reading stopped at maxLogPages before the window's start. */
  pageBudgetSpent: boolean;
}

export async function readConnectionLog(
  logs: CloudWatchLogsClient,
  destination: ConnectionLogDestination,
  options: { startTimeMs: number; endTimeMs: number; user?: string; limit: number; maxPages?: number },
): Promise<ConnectionLogRead> {
  const wanted = options.user?.toLowerCase();
  const toLogEvent = (event: FilteredLogEvent): LogEvent | undefined => {
    const entry = parseConnectionLogMessage(event.message);
    return entry ? { timestampMs: event.timestamp ?? 0, entry } : undefined;
  };
  const matches = (event: FilteredLogEvent): boolean => {
    const parsed = toLogEvent(event);
    return parsed !== undefined && (!wanted || [parsed.entry.username, parsed.entry["common-name"]].some((name) => name?.toLowerCase() === wanted));
  };
  const read = await readLatestEvents(logs, {
    logGroupName: destination.logGroup,
    logStreamNames: destination.logStream ? [destination.logStream] : undefined,
    // A quoted term matches events that contain it exactly; the exact field match is `matches`.
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
    filterPattern: options.user ? JSON.stringify(options.user) : undefined,
    startTimeMs: options.startTimeMs,
    endTimeMs: options.endTimeMs,
    enough: options.limit,
    keep: matches,
    maxPages: options.maxPages ?? maxLogPages,
  });
  const events = read.events.flatMap((event) => toLogEvent(event) ?? []);
  return { events: events.slice(-options.limit), complete: read.complete && events.length <= options.limit, pageBudgetSpent: read.pageBudgetSpent };
}

/**
 * Failure reasons the Client VPN guide documents, in words. Others are shown as logged.
 * authorization-policy-deny: connection-logging.html; client-connect-*: connection-authorization.html
 * (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/connection-authorization.html).
 */
const FAILURE_REASONS: Record<string, string> = {
  "authorization-policy-deny": "the authorization policy denied it",
  "client-connect-failed": "the client connect handler (Lambda) refused it",
  "client-connect-handler-timed-out": "the client connect handler (Lambda) timed out",
  "client-connect-handler-other-execution-error": "the client connect handler (Lambda) failed",
  "client-connect-handler-throttled": "the client connect handler (Lambda) was throttled",
  "client-connect-handler-invalid-response": "the client connect handler (Lambda) answered with an invalid response",
  "client-connect-handler-service-error": "a Client VPN service error during the connect handler",
};

export function describeEvent(entry: ConnectionLogEntry): { event: string; result: string; detail: string } {
  const type = entry["connection-log-type"];
  const status = present(entry["connection-attempt-status"]);
  const reason = present(entry["connection-attempt-failure-reason"]);
  const policy = entry["authorization-policy-evaluation"];
  if (type === "connection-reset") {
    const bits = [
      present(entry["connection-reset-status"]) === "assertion-received" ? "re-authenticated (assertion received)" : undefined,
      policy?.result === "deny" ? `authorization policy ${policy.result}${policy.reason ? ` (${policy.reason})` : ""}` : undefined,
      traffic(entry),
    ].filter(Boolean);
    return { event: "disconnected", result: present(entry["connection-end-time"]) ? "ended" : "reset", detail: bits.join("; ") };
  }
  if (status === "successful") {
    const ended = present(entry["connection-end-time"]);
    return { event: ended ? "session ended" : "connected", result: "successful", detail: ended ? traffic(entry) : "" };
  }
  if (status === "waiting-for-assertion") return { event: "sign-in started", result: "waiting for SAML assertion", detail: "" };
  if (status === "failed") {
    return { event: "connection attempt", result: "failed", detail: reason ? (FAILURE_REASONS[reason] ? `${reason}: ${FAILURE_REASONS[reason]}` : reason) : "no reason logged" };
  }
  return { event: type ?? "unknown", result: status ?? "", detail: reason ?? "" };
}

function traffic(entry: ConnectionLogEntry): string {
  const duration = Number(present(entry["connection-duration-seconds"]) ?? NaN);
  const time = Number.isFinite(duration) ? `${Math.floor(duration / 60)}m${String(duration % 60).padStart(2, "0")}s, ` : "";
  return `${time}${formatBytes(entry["ingress-bytes"])} from client, ${formatBytes(entry["egress-bytes"])} to client`;
}

export function renderLogEvents(events: readonly LogEvent[], color: boolean): string {
  if (events.length === 0) return "No connection-log events in this window.";
  return renderTable(
    ["Time (UTC)", "User", "Event", "Result", "Detail", "Client IP", "Device"],
    events.map(({ timestampMs, entry }) => {
      const described = describeEvent(entry);
      const device = [present(entry["device-type"]), present(entry["device-ip"])].filter(Boolean).join(" ");
      return [new Date(timestampMs).toISOString().slice(0, 19).replace("T", " "), userOf(entry), described.event, described.result, described.detail, present(entry["client-ip"]) ?? "", device];
    }),
    color,
  );
}

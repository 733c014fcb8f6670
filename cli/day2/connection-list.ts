/**
 * Who is connected: DescribeClientVpnConnections, every page.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeClientVpnConnections.html
 * Fields per https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ClientVpnConnection.html:
 * IngressBytes is "the number of bytes sent by the client", EgressBytes "received by the client";
 * Username "is only provided if Active Directory client authentication is used", so a SAML user's name comes
 * from the connection log (connection-usernames.ts); CommonName is the client certificate's. Connection states:
 * active | failed-to-terminate | terminating | terminated.
 */
import { type ClientVpnConnection, type EC2Client, paginateDescribeClientVpnConnections } from "@aws-sdk/client-ec2";
import { formatBytes, formatElapsed, renderTable } from "./rendering";

export interface ConnectionRow {
  user: string;
  clientIp: string;
  established: string;
  connectedFor: string;
  fromClient: string;
  toClient: string;
  state: string;
  connectionId: string;
}

export async function listConnections(ec2: EC2Client, endpointId: string, options: { includeEnded: boolean }): Promise<ClientVpnConnection[]> {
  const connections: ClientVpnConnection[] = [];
  // The API filters only by connection-id and username, so the state is filtered here. Ended
  // connections stay listed for a while after they end.
  for await (const page of paginateDescribeClientVpnConnections({ client: ec2 }, { ClientVpnEndpointId: endpointId })) {
    connections.push(...(page.Connections ?? []));
  }
  return options.includeEnded ? connections : connections.filter((connection) => connection.Status?.Code === "active");
}

/**
 * The API gives times as "YYYY-MM-DD hh:mm:ss" without a zone; they are read as UTC (what the console
 * shows them as; not stated on the API page).
 */
export function parseAwsTime(value: string | undefined): number | undefined {
  if (!value || value === "-" || value === "NA") return undefined;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(" ", "T")}Z` : value);
  return Number.isNaN(ms) ? undefined : ms;
}

export function connectionRows(
  connections: readonly ClientVpnConnection[],
  nowMs: number,
  loggedUsernames: ReadonlyMap<string, string> = new Map(),
): ConnectionRow[] {
  const present = (value: string | undefined) => (value && value !== "NA" && value !== "-" ? value : undefined);
  return connections
    .map((connection) => {
      const established = parseAwsTime(connection.ConnectionEstablishedTime);
      return {
        user: present(connection.Username) ?? loggedUsernames.get(connection.ConnectionId ?? "") ?? present(connection.CommonName) ?? "(unknown)",
        clientIp: connection.ClientIp ?? "",
        established: established === undefined ? "" : new Date(established).toISOString().slice(0, 16).replace("T", " ") + " UTC",
        connectedFor: established === undefined ? "" : formatElapsed(established, nowMs),
        fromClient: formatBytes(connection.IngressBytes),
        toClient: formatBytes(connection.EgressBytes),
        state: connection.Status?.Code ?? "unknown",
        connectionId: connection.ConnectionId ?? "",
      };
    })
    .sort((a, b) => a.user.localeCompare(b.user) || a.established.localeCompare(b.established));
}

export function renderConnections(rows: readonly ConnectionRow[], options: { showState: boolean; color: boolean }): string {
  if (rows.length === 0) return "No one is connected.";
  const head = ["User", "Client IP", "Connected since", "For", "From client", "To client", ...(options.showState ? ["State"] : [])];
  return renderTable(
    head,
    rows.map((row) => [row.user, row.clientIp, row.established, row.connectedFor, row.fromClient, row.toClient, ...(options.showState ? [row.state] : [])]),
    options.color,
  );
}

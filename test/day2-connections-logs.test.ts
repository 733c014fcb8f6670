import { CloudWatchLogsClient, type FilteredLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeClientVpnConnectionsCommand, DescribeClientVpnEndpointsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { beforeEach, describe, expect, it } from "vitest";
import { runConnectionsCommand } from "../cli/day2/connections-command";
import { describeEvent, readConnectionLog } from "../cli/day2/connection-log";
import { runLogsCommand } from "../cli/day2/logs-command";
import { testEnvironment } from "./support/day2-environment";
import { connection, describeTheEndpoint, endpoint, endpointId, ofTheEndpoint } from "./support/day2-aws-shapes";
import { strictMockClient } from "./support/strict-aws-mock";
import { fakeFilterLogEvents } from "./support/fake-cloudwatch-logs";

const ec2Mock = strictMockClient(EC2Client);
const logsMock = strictMockClient(CloudWatchLogsClient);
const stacks = { dev: { outputs: { clientVpnEndpointId: endpointId }, config: { "aws:region": "us-east-1" } } };
const now = Date.parse("2026-11-21T12:00:00Z");

beforeEach(() => {
  ec2Mock.reset();
  logsMock.reset();
});

describe("npm run connections", () => {
  beforeEach(() => {
    ec2Mock.on(DescribeClientVpnConnectionsCommand, ofTheEndpoint).resolves({
      Connections: [
        connection(),
        connection({ ConnectionId: "cvpn-connection-0bbbb", Username: undefined, CommonName: "ben@example.com", ClientIp: "172.20.0.70", ConnectionEstablishedTime: "2026-11-21 11:45:00", IngressBytes: "512", EgressBytes: "2048" }),
        connection({ ConnectionId: "cvpn-connection-0cccc", Username: "cy@example.com", state: "terminated", ConnectionEndTime: "2026-11-21 11:00:00" }),
      ],
    });
  });

  it("shows active connections only: user, client IP, since when, bytes both ways", async () => {
    const env = testEnvironment({ stacks, startMs: now });
    expect(await runConnectionsCommand(["--stack", "dev"], env)).toBe(0);
    const text = env.stdout();
    expect(text).toMatch(/ana@example\.com\s*│ 172\.20\.0\.66\s*│ 2026-11-21 10:30 UTC\s*│ 1h 30m\s*│ 1\.0 MiB\s*│ 5\.0 MiB/);
    expect(text).toMatch(/ben@example\.com\s*│ 172\.20\.0\.70\s*│ 2026-11-21 11:45 UTC\s*│ 15m\s*│ 512 B\s*│ 2\.0 KiB/);
    expect(text).not.toContain("cy@example.com");
    expect(text).toContain("2 active connection(s) on cvpn-endpoint-0123456789abcdef0");
  });

  it("--all adds ended connections with their state", async () => {
    const env = testEnvironment({ stacks, startMs: now });
    expect(await runConnectionsCommand(["--stack", "dev", "--all"], env)).toBe(0);
    expect(env.stdout()).toMatch(/cy@example\.com.*terminated/);
  });

  it("--watch refreshes every interval until stopped", async () => {
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const env = testEnvironment({ stacks, startMs: now, stopped });
    const sleep = env.sleep;
    env.sleep = async (ms) => {
      await sleep(ms);
      if (env.sleeps.length === 2) stop();
    };
    expect(await runConnectionsCommand(["--stack", "dev", "--watch", "--interval", "5s"], env)).toBe(0);
    expect(ec2Mock.commandCalls(DescribeClientVpnConnectionsCommand)).toHaveLength(2);
    expect(env.sleeps).toEqual([5000, 5000]);
  });

  it("names SAML users from the connection log, since AWS reports Username only for Active Directory", async () => {
    ec2Mock.on(DescribeClientVpnEndpointsCommand, describeTheEndpoint).resolves({ ClientVpnEndpoints: [endpoint("available")] });
    ec2Mock.on(DescribeClientVpnConnectionsCommand, ofTheEndpoint).resolves({
      Connections: [
        connection({ ConnectionId: "cvpn-connection-0aaaa000000000001", Username: undefined, CommonName: "NA", ConnectionEstablishedTime: "2026-11-21 11:00:00" }),
        connection({ ConnectionId: "cvpn-connection-0bbbb000000000002", Username: undefined, CommonName: undefined, ClientIp: "172.20.0.70", ConnectionEstablishedTime: "2026-11-21 11:30:00" }),
      ],
    });
    const entry = (id: string, username: string, minutesAgo: number): FilteredLogEvent => ({
      logStreamName: "connections",
      timestamp: now - minutesAgo * 60_000,
      message: JSON.stringify({ "connection-log-type": "connection-attempt", "connection-attempt-status": "successful", "connection-id": id, username }),
      eventId: id,
    });
    const logs = fakeFilterLogEvents(logsMock, "/clientvpn/dev", [
      entry("cvpn-connection-0aaaa000000000001", "dana@example.com", 60),
      entry("cvpn-connection-0bbbb000000000002", "eli@example.com", 30),
      entry("cvpn-connection-0cccc000000000003", "someone.else@example.com", 20),
    ]);
    const env = testEnvironment({ stacks, startMs: now });
    expect(await runConnectionsCommand(["--stack", "dev"], env)).toBe(0);
    expect(env.stdout()).toMatch(/dana@example\.com\s*│ 172\.20\.0\.66/);
    expect(env.stdout()).toMatch(/eli@example\.com\s*│ 172\.20\.0\.70/);
    expect(env.stdout()).not.toMatch(/\(unknown\)|someone\.else/);
    expect(logs.requests[0].filterPattern).toBe('?"cvpn-connection-0aaaa000000000001" ?"cvpn-connection-0bbbb000000000002"');
    expect(env.err).toEqual([]);
  });

  it("still lists the connections when the log cannot be read, saying why the names are missing", async () => {
    ec2Mock.on(DescribeClientVpnEndpointsCommand, describeTheEndpoint).resolves({ ClientVpnEndpoints: [endpoint("available", { ConnectionLogOptions: { Enabled: false } })] });
    ec2Mock.on(DescribeClientVpnConnectionsCommand, ofTheEndpoint).resolves({ Connections: [connection({ Username: undefined, CommonName: undefined })] });
    const env = testEnvironment({ stacks, startMs: now });
    expect(await runConnectionsCommand(["--stack", "dev"], env)).toBe(0);
    expect(env.stdout()).toContain("(unknown)");
    expect(env.err.join("")).toContain("connections: SAML user names come from the connection log, which could not be read: connection logging is off");
  });

  it("says so when no one is connected, and exits 64 for a stack without an endpoint", async () => {
    ec2Mock.on(DescribeClientVpnConnectionsCommand, ofTheEndpoint).resolves({ Connections: [] });
    const env = testEnvironment({ stacks: { ...stacks, identity: { outputs: { groups: {} }, config: {} } }, startMs: now });
    expect(await runConnectionsCommand(["--stack", "dev"], env)).toBe(0);
    expect(env.stdout()).toContain("No one is connected.");
    expect(await runConnectionsCommand(["--stack", "identity"], env)).toBe(64);
    expect(env.err.join("")).toContain("stack identity exports no clientVpnEndpointId");
  });
});

// Entries shaped like the examples on https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/connection-logging.html
function logEntry(overrides: Record<string, unknown>): string {
  return JSON.stringify({
    "connection-log-type": "connection-attempt",
    "connection-attempt-status": "successful",
    "connection-reset-status": "NA",
    "connection-attempt-failure-reason": "NA",
    "connection-id": "cvpn-connection-abc123abc123abc12",
    "client-vpn-endpoint-id": endpointId,
    "transport-protocol": "udp",
    "connection-start-time": "2026-11-21 11:20:15",
    "connection-last-update-time": "2026-11-21 11:20:15",
    "client-ip": "172.20.0.66",
    "common-name": "NA",
    "device-type": "mac",
    "device-ip": "198.51.100.7",
    port: "50096",
    "ingress-bytes": "0",
    "egress-bytes": "0",
    "ingress-packets": "0",
    "egress-packets": "0",
    "connection-end-time": "NA",
    username: "ana@example.com",
    ...overrides,
  });
}

describe("npm run logs", () => {
  const events: FilteredLogEvent[] = [
    { logStreamName: "connections", timestamp: now - 40 * 60_000, message: logEntry({ "connection-attempt-status": "waiting-for-assertion", "client-ip": "NA" }), eventId: "1" },
    { logStreamName: "connections", timestamp: now - 39 * 60_000, message: logEntry({}), eventId: "2" },
    { logStreamName: "connections", timestamp: now - 10 * 60_000, message: logEntry({ "connection-attempt-status": "failed", "connection-attempt-failure-reason": "authorization-policy-deny", "client-ip": "NA", username: "ben@example.com" }), eventId: "3" },
    { logStreamName: "connections", timestamp: now - 5 * 60_000, message: logEntry({ "connection-log-type": "connection-reset", "connection-attempt-status": "NA", "connection-end-time": "2026-11-21 11:55:00", "connection-duration-seconds": "2085", "ingress-bytes": "21017", "egress-bytes": "16438" }), eventId: "4" },
    // Outside every window the tests ask for, and in another stream: never shown.
    { logStreamName: "connections", timestamp: now - 3 * 3_600_000, message: logEntry({ username: "old@example.com" }), eventId: "0" },
    { logStreamName: "other", timestamp: now - 60_000, message: logEntry({ username: "elsewhere@example.com" }), eventId: "5" },
  ];
  beforeEach(() => {
    ec2Mock.on(DescribeClientVpnEndpointsCommand, describeTheEndpoint).resolves({ ClientVpnEndpoints: [endpoint("available")] });
  });

  it("reads the endpoint's log group and stream from --since on and shows each event in words", async () => {
    const logs = fakeFilterLogEvents(logsMock, "/clientvpn/dev", events);
    const env = testEnvironment({ stacks, startMs: now });
    expect(await runLogsCommand(["--stack", "dev", "--since", "1h"], env)).toBe(0);
    expect(logs.requests.every((request) => request.logGroupName === "/clientvpn/dev" && request.logStreamNames?.join() === "connections")).toBe(true);
    expect(Math.min(...logs.requests.map((request) => request.startTime!))).toBe(now - 3_600_000);
    expect(Math.max(...logs.requests.map((request) => request.endTime!))).toBe(now);
    const text = env.stdout();
    expect(text).toMatch(/2026-11-21 11:20:00\s*│ ana@example\.com\s*│ sign-in started\s*│ waiting for SAML assertion/);
    expect(text).toMatch(/ben@example\.com\s*│ connection attempt\s*│ failed\s*│ authorization-policy-deny: the authorization policy denied it/);
    expect(text).toMatch(/ana@example\.com\s*│ disconnected\s*│ ended\s*│ 34m45s, 20\.5 KiB from client, 16\.1 KiB to client/);
    expect(text).not.toMatch(/old@example\.com|elsewhere@example\.com/);
    expect(text).toContain("4 event(s) from /clientvpn/dev/connections since 2026-11-21 11:00 UTC; 1 failed attempt(s)");
  });

  it("--user narrows to one user, server-side by term and exactly here", async () => {
    const logs = fakeFilterLogEvents(logsMock, "/clientvpn/dev", events);
    const env = testEnvironment({ stacks, startMs: now });
    expect(await runLogsCommand(["--stack", "dev", "--since", "2h", "--user", "ben@example.com"], env)).toBe(0);
    expect(logs.requests[0].filterPattern).toBe('"ben@example.com"');
    expect(env.stdout()).not.toContain("ana@example.com");
    expect(env.stdout()).toContain("1 event(s)");
  });

  it("--limit keeps the latest events and says older ones were not shown", async () => {
    fakeFilterLogEvents(logsMock, "/clientvpn/dev", events);
    const env = testEnvironment({ stacks, startMs: now });
    expect(await runLogsCommand(["--stack", "dev", "--limit", "1"], env)).toBe(0);
    expect(env.stdout()).toContain("disconnected");
    expect(env.stdout()).not.toContain("sign-in started");
    expect(env.stdout()).toContain("the latest 1 events from /clientvpn/dev/connections");
    expect(env.stdout()).toContain("Older events were not shown: raise --limit or narrow --since.");
  });

  it("--limit bounds what is read: a busy week is read back from now only until the latest events are in hand", async () => {
    // One event a minute for a week, fifty to a page: reading the whole window would take 202 pages.
    const week = Array.from({ length: 7 * 24 * 60 }, (_, minute): FilteredLogEvent => ({
      logStreamName: "connections",
      timestamp: now - minute * 60_000,
      message: logEntry({ username: `user${minute}@example.com` }),
      eventId: `w${minute}`,
    }));
    const logs = fakeFilterLogEvents(logsMock, "/clientvpn/dev", week, 50);
    const env = testEnvironment({ stacks, startMs: now });
    expect(await runLogsCommand(["--stack", "dev", "--since", "7d", "--limit", "20"], env)).toBe(0);
    expect(logs.requests.length).toBeLessThanOrEqual(3);
    const users = [...env.stdout().matchAll(/user(\d+)@example\.com/g)].map((match) => Number(match[1]));
    expect(users).toEqual(Array.from({ length: 20 }, (_, index) => 19 - index));
  });

  it("stops at its page budget, keeping only slices read whole, and says so", async () => {
    const busy = Array.from({ length: 400 }, (_, index): FilteredLogEvent => ({
      logStreamName: "connections",
      timestamp: now - index * 1000,
      message: logEntry({ username: `u${index}@example.com` }),
      eventId: `b${index}`,
    }));
    const logs = fakeFilterLogEvents(logsMock, "/clientvpn/dev", busy, 100);
    const read = await readConnectionLog(new CloudWatchLogsClient({ region: "us-east-1", credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" } }), { logGroup: "/clientvpn/dev" }, {
      startTimeMs: now - 3_600_000,
      endTimeMs: now,
      limit: 1000,
      maxPages: 3,
    });
    expect(logs.requests).toHaveLength(3);
    expect(read).toMatchObject({ complete: false, pageBudgetSpent: true, events: [] });
  });

  it("exits 1 with the fix when connection logging is off, and 64 on a bad --since", async () => {
    ec2Mock.on(DescribeClientVpnEndpointsCommand, describeTheEndpoint).resolves({ ClientVpnEndpoints: [endpoint("available", { ConnectionLogOptions: { Enabled: false } })] });
    const env = testEnvironment({ stacks, startMs: now });
    expect(await runLogsCommand(["--stack", "dev"], env)).toBe(1);
    expect(env.err.join("")).toContain("connection logging is off on cvpn-endpoint-0123456789abcdef0; run `pulumi up`");
    expect(await runLogsCommand(["--stack", "dev", "--since", "yesterday"], env)).toBe(64);
  });

  it.each([
    [{ "connection-attempt-status": "failed", "connection-attempt-failure-reason": "client-connect-handler-timed-out" }, "client-connect-handler-timed-out: the client connect handler (Lambda) timed out"],
    [{ "connection-attempt-status": "failed", "connection-attempt-failure-reason": "something-new" }, "something-new"],
    [{ "connection-attempt-status": "failed" }, "no reason logged"],
    [{ "connection-log-type": "connection-reset", "connection-attempt-status": "NA", "connection-reset-status": "assertion-received" }, "re-authenticated (assertion received)"],
  ])("describes %j", (overrides, detail) => {
    expect(describeEvent(JSON.parse(logEntry(overrides))).detail).toContain(detail);
  });
});

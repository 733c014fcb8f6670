import { describe, expect, it } from "vitest";
import { connectionLogging } from "../checks/connection-logging";
import { UNKNOWN_VALUE, endpoint, expectOneViolation, logGroup, violationsOf } from "./support";

describe("client-vpn-connection-logging", () => {
  it("is mandatory with a configurable retention defaulting to 90 days", () => {
    expect(connectionLogging.enforcementLevel).toBe("mandatory");
    expect(connectionLogging.configSchema?.properties.minRetentionDays.default).toBe(90);
  });

  it.each([
    ["logging disabled", { enabled: false }],
    ["no connectionLogOptions block", undefined],
  ])("reports an endpoint with %s, naming it and the fix", (_case, connectionLogOptions) => {
    const vpn = endpoint({ connectionLogOptions });
    expectOneViolation(violationsOf(connectionLogging, [logGroup(), vpn]), vpn, "enabled: true");
  });

  it("reports the log group when it keeps logs for fewer days than the minimum", () => {
    const logs = logGroup({ retentionInDays: 30 });
    const found = expectOneViolation(violationsOf(connectionLogging, [logs, endpoint()]), logs, "retentionInDays to 90");
    expect(found.message).toContain('endpoint "vpn"');
  });

  it("finds an auto-named log group through the endpoint's dependencies", () => {
    const logs = logGroup({ name: undefined, namePrefix: "/aws/clientvpn/", retentionInDays: 7 });
    const vpn = endpoint({ connectionLogOptions: { enabled: true, cloudwatchLogGroup: undefined } }, [logs.urn]);
    expectOneViolation(violationsOf(connectionLogging, [logs, vpn]), logs, "retentionInDays");
  });

  it.each([
    ["exactly the minimum", 90],
    ["more than the minimum", 365],
    ["0 (never expire)", 0],
    ["unset (CloudWatch keeps logs forever)", undefined],
  ])("accepts retention of %s", (_case, retentionInDays) => {
    expect(violationsOf(connectionLogging, [logGroup({ retentionInDays }), endpoint()])).toEqual([]);
  });

  it("uses the configured minimum instead of the default", () => {
    const logs = logGroup({ retentionInDays: 180 });
    const config = { "client-vpn-connection-logging": { minRetentionDays: 365 } };
    expectOneViolation(violationsOf(connectionLogging, [logs, endpoint()], config), logs, "retentionInDays to 365");
    expect(violationsOf(connectionLogging, [logs, endpoint()], { "client-vpn-connection-logging": { minRetentionDays: 180 } })).toEqual([]);
  });

  it("rejects a minimum that is not a number with an error naming the setting", () => {
    const config = { "client-vpn-connection-logging": { minRetentionDays: "ninety" } };
    expect(() => violationsOf(connectionLogging, [logGroup(), endpoint()], config)).toThrow(/client-vpn-connection-logging\.minRetentionDays must be a number/);
  });

  it("does not judge a log group another endpoint's name points to, nor one outside the stack", () => {
    const unrelated = logGroup({ name: "/other/app", retentionInDays: 1 });
    expect(violationsOf(connectionLogging, [unrelated, endpoint()])).toEqual([]);
  });

  it.each([
    ["the enabled flag", { connectionLogOptions: { enabled: UNKNOWN_VALUE, cloudwatchLogGroup: "/clientvpn/dev/connections" } }, {}],
    ["the whole connectionLogOptions block", { connectionLogOptions: UNKNOWN_VALUE }, {}],
    ["the log group name", { connectionLogOptions: { enabled: true, cloudwatchLogGroup: UNKNOWN_VALUE } }, {}],
    ["the retention", {}, { retentionInDays: UNKNOWN_VALUE }],
  ])("neither crashes nor reports when %s is unknown during preview", (_case, endpointProps, logProps) => {
    expect(violationsOf(connectionLogging, [logGroup(logProps), endpoint(endpointProps)])).toEqual([]);
  });
});

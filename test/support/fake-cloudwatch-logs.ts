import { FilterLogEventsCommand, type FilterLogEventsCommandInput, type FilteredLogEvent, ResourceNotFoundException } from "@aws-sdk/client-cloudwatch-logs";
import type { AwsStub } from "aws-sdk-client-mock";

/**
 * FilterLogEvents as CloudWatch Logs answers it, over a fixed set of events in one log group
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html):
 * - startTime and endTime are inclusive; events come oldest first;
 * - logStreamNames narrows to those streams; an unknown group is ResourceNotFoundException;
 * - filterPattern: a quoted term matches events whose message contains it; `?"a" ?"b"` matches either
 *   (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html); a pattern
 *   longer than the API's 1,024 characters is refused; other syntax is refused rather than guessed;
 * - pages hold at most `pageSize` events and carry a nextToken while more remain.
 * Every request is recorded, so a test can see how much was read.
 */
export interface FakeLogs {
  requests: FilterLogEventsCommandInput[];
}

export function fakeFilterLogEvents(
  mock: AwsStub<any, any, any>,
  logGroupName: string,
  events: FilteredLogEvent[],
  pageSize = 10_000,
): FakeLogs {
  const fake: FakeLogs = { requests: [] };
  const sorted = [...events].sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
  mock.on(FilterLogEventsCommand).callsFake((input: FilterLogEventsCommandInput) => {
    fake.requests.push(input);
    if (input.logGroupName !== logGroupName) {
      throw new ResourceNotFoundException({ message: "The specified log group does not exist.", $metadata: {} });
    }
    const matches = patternMatcher(input.filterPattern);
    const found = sorted.filter(
      (event) =>
        (input.startTime === undefined || (event.timestamp ?? 0) >= input.startTime) &&
        (input.endTime === undefined || (event.timestamp ?? 0) <= input.endTime) &&
        (!input.logStreamNames || input.logStreamNames.includes(event.logStreamName ?? "")) &&
        matches(event.message ?? ""),
    );
    const offset = input.nextToken ? Number(input.nextToken) : 0;
    const page = found.slice(offset, offset + Math.min(pageSize, input.limit ?? 10_000));
    const next = offset + page.length;
    return { events: page, nextToken: next < found.length ? String(next) : undefined, searchedLogStreams: [] };
  });
  return fake;
}

function patternMatcher(pattern: string | undefined): (message: string) => boolean {
  if (pattern === undefined || pattern === "") return () => true;
  if (pattern.length > 1024) throw new Error("InvalidParameterException: filterPattern is longer than 1024 characters");
  const single = /^"((?:[^"\\]|\\.)*)"$/.exec(pattern);
  if (single) return (message) => message.includes(JSON.parse(pattern) as string);
  const terms = pattern.split(" ");
  if (terms.every((term) => /^\?"[^"]*"$/.test(term))) {
    const values = terms.map((term) => JSON.parse(term.slice(1)) as string);
    return (message) => values.some((value) => message.includes(value));
  }
  throw new Error(`InvalidParameterException: the fake does not understand the filter pattern ${pattern}`);
}

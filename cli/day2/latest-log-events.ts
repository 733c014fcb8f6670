/**
 * The latest log events of a window, read from CloudWatch Logs with a bound on what is read.
 *
 * FilterLogEvents returns a window's events oldest first, in pages of up to 10,000 events or 1 MB; a page may be
 * partly full or empty while more follow (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html).
 * Reading a whole window to keep its last events reads every page of it. Instead the window is read backwards in
 * slices that double in length, newest first, and reading stops once enough events are in hand, when the window's
 * start is reached, or when the page budget is spent. `startTime` and `endTime` are both inclusive ("Events with
 * a timestamp before/later than this time are not returned"), so slices are [from, to] with the next ending at from - 1.
 */
import { type CloudWatchLogsClient, type FilteredLogEvent, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";

export interface LatestEventsRequest {
  logGroupName: string;
  logStreamNames?: string[];
  filterPattern?: string;
  startTimeMs: number;
  endTimeMs: number;
  /** How many kept events are enough; reading stops once a slice brings the total to this. */
  enough: number;
  /** Which events count towards `enough` (the caller's exact filter); all do by default. */
  keep?: (event: FilteredLogEvent) => boolean;
  /** Pages read at most, over all slices. */
  maxPages: number;
  /** The first (newest) slice's length; each older slice is twice the one after it. */
  firstSliceMs?: number;
}

export interface LatestEvents {
  /** Kept events of the slices read completely, oldest first. */
  events: FilteredLogEvent[];
  /** Whether every event from startTimeMs on was read. */
  complete: boolean;
  /** Whether reading stopped because the page budget ran out (then the oldest slice was dropped unread). */
  pageBudgetSpent: boolean;
  pagesRead: number;
}

export async function readLatestEvents(logs: CloudWatchLogsClient, request: LatestEventsRequest): Promise<LatestEvents> {
  const keep = request.keep ?? (() => true);
  const slices: FilteredLogEvent[][] = [];
  let kept = 0;
  let pagesRead = 0;
  let to = request.endTimeMs;
  let length = request.firstSliceMs ?? 15 * 60_000;
  while (to >= request.startTimeMs && kept < request.enough) {
    const from = Math.max(request.startTimeMs, to - length + 1);
    const slice: FilteredLogEvent[] = [];
    let nextToken: string | undefined;
    do {
      if (pagesRead === request.maxPages) {
        // This slice is only partly read, and from its oldest end: showing it would leave a gap. Drop it.
        return { events: slices.reverse().flat(), complete: false, pageBudgetSpent: true, pagesRead };
      }
      const page = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: request.logGroupName,
          logStreamNames: request.logStreamNames,
          filterPattern: request.filterPattern,
          startTime: from,
          endTime: to,
          nextToken,
        }),
      );
      pagesRead += 1;
      slice.push(...(page.events ?? []).filter(keep));
      nextToken = page.nextToken;
    } while (nextToken);
    slices.push(slice.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0)));
    kept += slice.length;
    to = from - 1;
    length *= 2;
  }
  return { events: slices.reverse().flat(), complete: to < request.startTimeMs, pageBudgetSpent: false, pagesRead };
}

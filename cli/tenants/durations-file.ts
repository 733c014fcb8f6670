import { z } from "zod";

/**
 * Each stack's last measured duration, carried from one drift run to the next (the workflow keeps it in the
 * Actions cache) so the shard planner can balance by time. Only a hint: a missing, damaged or foreign file never
 * stops a run; the planner then balances by count, and every stack is still checked exactly once.
 */

export const MAX_DURATIONS_FILE_BYTES = 1024 * 1024;
/** A stack run longer than a day is a measurement error, not a duration to plan with. */
const MAX_DURATION_MS = 24 * 60 * 60 * 1000;

const durationsSchema = z.strictObject({
  version: z.literal(1),
  durationsMs: z.record(z.string().min(1).max(400), z.number().nonnegative().max(MAX_DURATION_MS)),
});

export type Durations = Readonly<Record<string, number>>;

export function serializeDurations(durationsMs: Durations): string {
  const sorted = Object.fromEntries(Object.entries(durationsMs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ version: 1, durationsMs: sorted }, null, 2)}\n`;
}

export type DurationsReading = { ok: true; durationsMs: Durations } | { ok: false; reason: string };

export function parseDurations(json: string): DurationsReading {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { ok: false, reason: "it is not JSON" };
  }
  const parsed = durationsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${issue.path.join(".") || "(top)"}: ${issue.message}` };
  }
  return { ok: true, durationsMs: parsed.data.durationsMs };
}

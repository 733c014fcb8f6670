/** Durations on the command line: `90s`, `10m`, `1h`, `2d`, `1h30m`; a bare number is seconds. */
import { InvalidArgumentError } from "commander";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  if (!/^(\d+(ms|s|m|h|d))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)(ms|s|m|h|d)/g)) total += Number(amount) * UNIT_MS[unit];
  return total;
}

/** A commander option parser that names the flag and the accepted forms. */
export function durationOption(flag: string, { min = 1 }: { min?: number } = {}): (value: string) => number {
  return (value) => {
    const ms = parseDuration(value);
    if (ms === undefined || ms < min) {
      throw new InvalidArgumentError(`${flag} takes a duration such as 30s, 10m, 1h or 2d (got "${value}").`);
    }
    return ms;
  };
}

/**
 * Checks a five-field cron expression (minute hour day-of-month month day-of-week), the form Pulumi Cloud's drift
 * schedules take (`scheduleCron`, e.g. "0 0 * * *":
 * https://www.pulumi.com/docs/deployments/concepts/drift/). Returns what is wrong, or undefined.
 *
 * Only numbers, `*`, ranges, steps and lists: no names (MON, JAN) and no `@daily` macros, which not every cron
 * dialect accepts; a refused schedule would otherwise only show up when Pulumi Cloud answers the update.
 */
const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 6 },
] as const;

function fieldProblem(text: string, field: (typeof FIELDS)[number]): string | undefined {
  for (const part of text.split(",")) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) return `the ${field.name} field "${text}" is not a number, range, list or step`;
    const [, , from, to, step] = match;
    const numbers = [from, to].filter((value) => value !== undefined).map(Number);
    if (numbers.some((value) => value < field.min || value > field.max)) {
      return `the ${field.name} field "${text}" is outside ${field.min}-${field.max}`;
    }
    if (numbers.length === 2 && numbers[0] > numbers[1]) return `the ${field.name} range "${part}" runs backwards`;
    if (step !== undefined && Number(step) === 0) return `the ${field.name} step in "${part}" is 0`;
  }
  return undefined;
}

export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== FIELDS.length) {
    return `"${expression}" must be a cron expression of 5 fields (minute hour day-of-month month day-of-week), e.g. "17 3 * * *"`;
  }
  for (const [i, field] of FIELDS.entries()) {
    const problem = fieldProblem(fields[i], field);
    if (problem) return `"${expression}": ${problem}`;
  }
  return undefined;
}

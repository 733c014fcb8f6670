/** A mistake in how the CLI was called: bad flag value or unknown stack name. */
export class FleetUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FleetUsageError";
  }
}

/** Said when the backend lists no stack at all: nothing to run, and most likely a login or backend mistake. */
export const NO_STACKS_MESSAGE =
  "the Pulumi backend lists no stacks for this project. Check the backend login " +
  "(PULUMI_ACCESS_TOKEN or PULUMI_BACKEND_URL), or create a stack with `pulumi stack init <name>`.";

/** "dev,prod, dev" -> ["dev", "prod"]: trimmed, empties dropped, first occurrence kept. */
export function parseStackList(value: string): string[] {
  return [...new Set(value.split(",").map((name) => name.trim()).filter((name) => name.length > 0))];
}

/**
 * The stacks to run: all known stacks, or the requested ones in the order given.
 *
 * A requested name matches a known stack exactly, or matches its last path segment: the Pulumi Cloud lists
 * stacks of another organisation as "org/project/stack", while people type "stack".
 */
export function selectStacks(known: readonly string[], requested: readonly string[] | undefined): string[] {
  if (requested === undefined) return [...known];
  if (requested.length === 0) {
    throw new FleetUsageError("--stacks is empty: give stack names separated by commas, or omit --stacks to run all.");
  }
  const selected: string[] = [];
  const unknown: string[] = [];
  const ambiguous: string[] = [];
  for (const name of requested) {
    const exact = known.filter((stack) => stack === name);
    const matches = exact.length > 0 ? exact : known.filter((stack) => stack.endsWith(`/${name}`));
    if (matches.length === 0) unknown.push(name);
    else if (matches.length > 1) ambiguous.push(`${name} (${matches.join(", ")})`);
    else if (!selected.includes(matches[0])) selected.push(matches[0]);
  }
  const knownList = known.length > 0 ? known.join(", ") : "(none)";
  if (unknown.length > 0) {
    throw new FleetUsageError(
      `--stacks names unknown stack(s): ${unknown.join(", ")}. Known stacks: ${knownList}. ` +
        "Fix the names, or create the stack first with `pulumi stack init <name>`.",
    );
  }
  if (ambiguous.length > 0) {
    throw new FleetUsageError(
      `--stacks names match more than one stack: ${ambiguous.join("; ")}. Give the full name as listed.`,
    );
  }
  return selected;
}

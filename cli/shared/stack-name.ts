/**
 * Pulumi's own rule for a stack name: `^[A-Za-z0-9_.-]{1,100}$`, optionally qualified as org/stack or
 * org/project/stack (pulumi/pulumi pkg/backend/filestate/backend.go, now pkg/backend/diy, validateStackName: "We use the same rules as
 * the httpstate backend"). That rule lets "." and
 * ".." through; the commands also use the name as a folder and file name, so those two are refused as well.
 */
const stackNamePart = /^[A-Za-z0-9_.-]{1,100}$/;

/** Why `name` cannot be used as a stack name, or undefined. `qualified` allows org/[project/]stack. */
export function stackNameProblem(name: string, options: { qualified: boolean }): string | undefined {
  const fileName = /^Pulumi\.(.+)\.ya?ml$/.exec(name);
  if (fileName) return `takes a stack name, not its file: use --stack ${fileName[1]} (or --stack-file ${name})`;
  const parts = name.split("/");
  if (parts.length > (options.qualified ? 3 : 1)) {
    return options.qualified ? "is a stack name: stack, org/stack or org/project/stack" : "is a stack name, without a slash (e.g. dev)";
  }
  for (const part of parts) {
    if (part === "." || part === "..") return `"${part}" is not a stack name: it would name a folder outside the output folder`;
    if (!stackNamePart.test(part)) return "uses letters, digits, '-', '_' and '.' only (at most 100), as Pulumi requires";
  }
  return undefined;
}

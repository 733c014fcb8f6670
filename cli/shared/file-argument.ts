/**
 * A file or folder named on the command line that cannot be used is bad usage (exit 64), not a failure of
 * what the command checks: the message says which argument, where it was looked for, and what to give instead.
 */
export class FileArgumentError extends Error {
  override name = "FileArgumentError";
}

/** The message for a file system error on an argument, or undefined when it is not about the argument. */
export function fileArgumentProblem(error: unknown, argument: string, given: string, expected: "file" | "folder"): string | undefined {
  const { code, path } = error as NodeJS.ErrnoException;
  const where = path && path !== given ? ` (looked for ${path})` : "";
  switch (code) {
    case "ENOENT":
      return `${argument} ${given}: no such ${expected}${where}`;
    case "EISDIR":
      return `${argument} ${given} is a folder; give the ${expected} itself`;
    case "ENOTDIR":
    case "EEXIST":
      return expected === "folder"
        ? `${argument} ${given} is a file, or is inside one${where}; give a folder (it is created if missing)`
        : `${argument} ${given}: a part of the path is a file, not a folder${where}`;
    case "EACCES":
    case "EPERM":
    case "EROFS":
      return `${argument} ${given} cannot be ${expected === "folder" ? "written" : "read"}: ${code === "EROFS" ? "read-only file system" : "permission denied"}${where}`;
    default:
      return undefined;
  }
}

/** Reads a file named on the command line, turning a file system refusal into a FileArgumentError. */
export async function readFileArgument(read: (path: string) => Promise<string>, argument: string, given: string): Promise<string> {
  try {
    return await read(given);
  } catch (error) {
    const problem = fileArgumentProblem(error, argument, given, "file");
    if (problem) throw new FileArgumentError(problem);
    throw error;
  }
}

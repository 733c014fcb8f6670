/**
 * Opening the IdP sign-in URL. The command is run directly (no shell) with the URL as its last argument, so the URL
 * cannot be interpreted by a shell.
 */
import { spawn } from "node:child_process";

/** `--browser "firefox --new-window"` → ["firefox", "--new-window"]. No shell quoting: split on blanks. */
export function parseBrowserCommand(text: string): string[] {
  const parts = text.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) throw new Error("--browser needs a command, e.g. --browser xdg-open");
  return parts;
}

/**
 * xdg-open by default. When the CLI runs as root through sudo (OpenVPN needs root for the tunnel), the browser is
 * opened as the user who ran sudo, so it uses that user's session and profile rather than root's.
 */
export function defaultBrowserCommand(env: NodeJS.ProcessEnv, uid: number | undefined): string[] {
  if (uid === 0 && env.SUDO_USER && env.SUDO_USER !== "root") return ["sudo", "-u", env.SUDO_USER, "xdg-open"];
  return ["xdg-open"];
}

export function openBrowser(command: string[], url: URL): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], [...command.slice(1), url.href], { stdio: "ignore", detached: true });
    child.once("error", (error: NodeJS.ErrnoException) => reject(new Error(`cannot start ${command[0]} (${error.code ?? error.message})`)));
    child.once("spawn", () => {
      child.unref();
      resolve();
    });
  });
}

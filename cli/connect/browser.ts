/**
 * Opening the IdP sign-in URL. The command is run directly (no shell) with the URL as its last argument, so the URL
 * cannot be interpreted by a shell.
 */
import { spawn } from "node:child_process";

export class BrowserCommandError extends Error {
  override readonly name = "BrowserCommandError";
}

/** `--browser "firefox --new-window"` → ["firefox", "--new-window"]. No shell quoting: split on blanks. */
export function parseBrowserCommand(text: string): string[] {
  const parts = text.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) throw new BrowserCommandError("--browser needs a command, e.g. --browser xdg-open");
  return parts;
}

/**
 * The browser command: `--browser` as given, or xdg-open. When the CLI runs as root through sudo (OpenVPN needs
 * root for the tunnel), whichever it is runs as the user who ran sudo (`browserUser`, privileges.ts), so the browser
 * uses that user's session and profile and never runs as root.
 */
export function browserCommand(browserOption: string | undefined, user: string | undefined): string[] {
  const command = browserOption === undefined ? ["xdg-open"] : parseBrowserCommand(browserOption);
  return user ? ["sudo", "-u", user, "--", ...command] : command;
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

/**
 * The sign-in listener's own process, started by listener-process.ts with the user's uid and gid (never root).
 * It runs the ACS listener and speaks to the CLI over Node's IPC channel only: it is told what sign-in to accept,
 * and tells back what it accepted or refused. It exits when the CLI goes away.
 */
import { startAcsListener, type AcsListener } from "../shared/saml-sign-in/acs-listener";
import type { ChildMessage, ParentMessage } from "./listener-protocol";

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const port = Number(process.argv[2]);
  let listener: AcsListener;
  try {
    listener = await startAcsListener({ port, onRefused: (reason) => send({ type: "refused", reason }) });
  } catch (error) {
    send({ type: "failed", message: (error as Error).message });
    process.disconnect?.();
    return;
  }
  // Ctrl+C reaches the whole process group; the CLI decides when this process ends.
  process.on("SIGINT", () => undefined);
  process.on("disconnect", () => void listener.close().then(() => process.exit(0)));
  process.on("message", (message: ParentMessage) => {
    if (message.type === "await") {
      listener.awaitSignIn(message.expected).then(
        (signIn) => send({ type: "accepted", ...signIn }),
        () => undefined, // cancelled: the CLI asked for it and knows
      );
    } else if (message.type === "cancel") {
      listener.cancel();
    }
  });
  send({ type: "listening", port: listener.port, url: listener.url });
}

void main();

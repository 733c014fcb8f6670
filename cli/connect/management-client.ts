/**
 * The CLI's end of OpenVPN's management interface, over a unix socket.
 *
 * The socket lives in a directory only the current user can enter (mode 0700, see session.ts), never on a TCP port:
 * anyone who reaches the management interface can read the state and send the password commands.
 *
 * The CLI listens and OpenVPN connects to it (--management <path> unix --management-client). In that mode OpenVPN
 * treats the loss of the connection as SIGTERM ("For --management-client this option is not needed since a
 * disconnect will always generate a SIGTERM", openvpn(8), --management-signal), so the tunnel cannot outlive a CLI
 * that crashed or was killed.
 *
 * Protocol (OpenVPN doc/management-notes.txt): lines end in CRLF or LF; lines starting with ">" are real-time
 * notifications and can arrive at any time; every other line answers the oldest pending command with "SUCCESS: …" or
 * "ERROR: …". Only single-line commands are sent here.
 */
import { EventEmitter } from "node:events";
import { createServer, type Socket } from "node:net";

export interface CommandResult {
  ok: boolean;
  /** OpenVPN's answer. For a password command it may echo the password, so it must not be printed. */
  text: string;
}

export interface ManagementListener {
  accepted(options?: { timeoutMs?: number; exited?: Promise<unknown> }): Promise<ManagementClient>;
}

interface Pending {
  resolve: (result: CommandResult) => void;
  reject: (error: Error) => void;
}

export class ManagementClient extends EventEmitter<{ notification: [line: string]; close: [] }> {
  private readonly pending: Pending[] = [];
  private buffered = "";
  private closed = false;

  private constructor(private readonly socket: Socket) {
    super();
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => this.receive(chunk));
    socket.on("close", () => this.onClose());
    socket.on("error", () => this.onClose());
  }

  /**
   * Listens on `path` for OpenVPN's connection. Call it before starting OpenVPN, which gives up at once if the socket
   * is not there yet. `accepted` resolves with the first connection; no second one is accepted. It rejects when
   * `exited` settles first (OpenVPN stopped before connecting) or after the timeout.
   */
  static async listen(path: string): Promise<ManagementListener> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(path, () => resolve());
    });
    let taken = false;
    const first = new Promise<Socket>((resolve) =>
      server.on("connection", (socket: Socket) => {
        if (taken) {
          socket.destroy();
          return;
        }
        taken = true;
        resolve(socket);
      }),
    );
    return {
      accepted: async (options = {}) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          const socket = await Promise.race([
            first,
            new Promise<never>((_resolve, reject) => {
              timer = setTimeout(
                () => reject(new Error("OpenVPN did not connect to the management socket in time.")),
                options.timeoutMs ?? 10_000,
              );
            }),
            ...(options.exited
              ? [options.exited.then(() => Promise.reject(new Error("OpenVPN stopped before it connected to the management socket.")))]
              : []),
          ]);
          return new ManagementClient(socket);
        } finally {
          clearTimeout(timer);
          server.close();
        }
      },
    };
  }

  command(line: string): Promise<CommandResult> {
    if (this.closed) return Promise.reject(new Error("OpenVPN's management interface is closed."));
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.write(`${line}\n`);
    });
  }

  close(): void {
    this.socket.end();
    this.socket.destroy();
  }

  private receive(chunk: string): void {
    this.buffered += chunk;
    let newline: number;
    while ((newline = this.buffered.indexOf("\n")) >= 0) {
      const line = this.buffered.slice(0, newline).replace(/\r$/, "");
      this.buffered = this.buffered.slice(newline + 1);
      if (line.startsWith(">")) {
        this.emit("notification", line);
      } else if (line.startsWith("SUCCESS:") || line.startsWith("ERROR:")) {
        this.pending.shift()?.resolve({ ok: line.startsWith("SUCCESS:"), text: line });
      }
    }
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const waiting of this.pending.splice(0)) waiting.reject(new Error("OpenVPN's management interface closed."));
    this.emit("close");
  }
}

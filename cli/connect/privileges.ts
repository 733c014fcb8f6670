/**
 * Who runs what. OpenVPN needs root (CAP_NET_ADMIN) to create the tunnel device and set its address and routes,
 * so `npm run connect` is started with sudo. The parts that read what anyone can send, the HTTP listener on
 * 127.0.0.1 and the SAML XML it parses, and the browser, do not need root and do not get it:
 * - the listener runs in a child process with the uid and gid of the user who ran sudo (sudo sets SUDO_UID,
 *   SUDO_GID and SUDO_USER: https://www.sudo.ws/docs/man/sudo.man/#ENVIRONMENT), or of nobody (65534, the
 *   kernel's overflow uid and gid) when root ran the CLI directly; Node drops every supplementary group when it
 *   changes the uid of a child (libuv's uv_spawn calls setgroups(0, NULL) before setgid/setuid);
 * - the browser is started through `sudo -u $SUDO_USER`, so it runs in that user's session and profile.
 * Without root there is nothing to drop, and the listener runs inside the CLI.
 */

export interface Credentials {
  uid: number;
  gid: number;
}

/** nobody/nogroup on Debian, Ubuntu, Fedora and Arch: the kernel's default overflow uid and gid. */
export const NOBODY: Credentials = { uid: 65534, gid: 65534 };

function positiveId(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  const id = Number(value);
  return id > 0 && id < 2 ** 32 - 1 ? id : undefined;
}

/** The uid and gid the sign-in listener drops to, or undefined when the CLI is not root and keeps it in-process. */
export function listenerCredentials(env: NodeJS.ProcessEnv, uid: number | undefined): Credentials | undefined {
  if (uid !== 0) return undefined;
  const sudoUid = positiveId(env.SUDO_UID);
  const sudoGid = positiveId(env.SUDO_GID);
  return sudoUid !== undefined && sudoGid !== undefined ? { uid: sudoUid, gid: sudoGid } : NOBODY;
}

/** The user a browser is started as, when the CLI runs as root through sudo; undefined otherwise. */
export function browserUser(env: NodeJS.ProcessEnv, uid: number | undefined): string | undefined {
  if (uid !== 0 || !env.SUDO_USER || env.SUDO_USER === "root") return undefined;
  return env.SUDO_USER;
}

import { chmodSync, existsSync, readFileSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignInCancelledError, type AcsListener } from "../cli/shared/saml-sign-in/acs-listener";
import { startListenerProcess } from "../cli/connect/listener-process";
import { browserUser, listenerCredentials, NOBODY } from "../cli/connect/privileges";
import { postForm } from "./support/post-form";
import { cacheEntryWrittenFor, markerPayload, plantCacheEntry } from "./support/tsx-cache-poison";

const IDP_ORIGIN = "https://login.microsoftonline.com";
const REQUEST_ID = "_5b1e7a2c-0000-4000-8000-000000000002";

const post = (port: number, body: string) => postForm(port, body, IDP_ORIGIN);

function form(destination: string, inResponseTo = REQUEST_ID): string {
  const xml = `<p:Response xmlns:p="urn:oasis:names:tc:SAML:2.0:protocol" InResponseTo="${inResponseTo}" Destination="${destination}"/>`;
  return `SAMLResponse=${encodeURIComponent(Buffer.from(xml).toString("base64"))}`;
}

/** Uid, gid and supplementary groups of a running process, from /proc. */
function identity(pid: number): { uid: string; gid: string; groups: string } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, "m").exec(status)?.[1].trim() ?? "";
  return { uid: field("Uid").split(/\s+/)[0], gid: field("Gid").split(/\s+/)[0], groups: field("Groups") };
}

describe("which credentials the listener and the browser get", () => {
  it.each([
    ["root through sudo: the user who ran sudo", { SUDO_UID: "1000", SUDO_GID: "1001" }, 0, { uid: 1000, gid: 1001 }],
    ["root without sudo: nobody", {}, 0, NOBODY],
    ["root through sudo from root: nobody, never root", { SUDO_UID: "0", SUDO_GID: "0" }, 0, NOBODY],
    ["a malformed SUDO_UID: nobody", { SUDO_UID: "1000; rm", SUDO_GID: "1000" }, 0, NOBODY],
    ["not root: nothing to drop", { SUDO_UID: "1000", SUDO_GID: "1000" }, 1000, undefined],
  ])("%s", (_name, env, uid, credentials) => {
    expect(listenerCredentials(env, uid)).toEqual(credentials);
  });

  it.each([
    [{ SUDO_USER: "ada" }, 0, "ada"],
    [{ SUDO_USER: "root" }, 0, undefined],
    [{}, 0, undefined],
    [{ SUDO_USER: "ada" }, 1000, undefined],
  ])("browser user for %j as uid %i: %s", (env, uid, user) => {
    expect(browserUser(env, uid)).toBe(user);
  });
});

/**
 * One listener process for the whole describe (each costs a tsx start-up), started after another local user planted
 * a tsx cache entry for it in /tmp: the listener gets an environment with PATH only, so its tsx looks in
 * /tmp/tsx-<its uid>, which any local user can create first (see support/tsx-cache-poison.ts).
 */
describe("the listener in its own process, dropped to nobody, with a tsx cache another local user planted in /tmp", () => {
  const victimCacheFolder = join("/", "tmp", `tsx-${NOBODY.uid}`);
  const mainFile = resolve(__dirname, "../cli/connect/listener-process-main.ts");
  let markerDir: string;
  let marker: string;
  let planted: string | undefined;
  let listener: AcsListener & { pid: number };
  const refused: string[] = [];

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error("this test needs root, to start the listener as another user (as the end-to-end test does)");
    markerDir = await mkdtemp(join(tmpdir(), "tsx-poison-"));
    chmodSync(markerDir, 0o777);
    marker = join(markerDir, "planted-code-ran");
    // The attacker compiles the same public file the way the CLI starts it: same Node, same loader, cwd /.
    const entry = await cacheEntryWrittenFor(
      {
        command: process.execPath,
        args: ["--import", pathToFileURL(require.resolve("tsx")).href, mainFile, "0"],
        cwd: "/",
        env: { PATH: "/usr/local/bin:/usr/bin:/bin" },
        ipc: true,
      },
      mainFile,
    );
    planted = await plantCacheEntry(victimCacheFolder, entry, markerPayload(marker));
    await chown(victimCacheFolder, NOBODY.uid, NOBODY.gid).catch(() => undefined);
    listener = await startListenerProcess({ port: 0, credentials: NOBODY, onRefused: (reason) => refused.push(reason) });
  }, 40_000);
  afterAll(async () => {
    await listener?.close();
    if (planted) await rm(planted, { force: true });
    if (markerDir) await rm(markerDir, { recursive: true, force: true });
  });

  it("does not run the planted code: the listener compiles its own files", () => {
    expect(existsSync(planted as string)).toBe(true);
    expect(existsSync(marker) ? readFileSync(marker, "utf8") : "not run").toBe("not run");
  });

  it("runs as uid and gid 65534 with no supplementary groups", () => {
    expect(identity(listener.pid)).toEqual({ uid: "65534", gid: "65534", groups: "" });
  });

  it("accepts this sign-in's response and hands it to the CLI, after refusing another sign-in's", async () => {
    const signIn = listener.awaitSignIn({ idpOrigin: IDP_ORIGIN, requestId: REQUEST_ID, destination: listener.url });
    expect(await post(listener.port, form(listener.url, "_other"))).toBe(403);
    expect(await post(listener.port, form(listener.url))).toBe(200);
    await expect(signIn).resolves.toEqual({ samlResponse: new URLSearchParams(form(listener.url)).get("SAMLResponse"), origin: "idp-origin" });
    expect(refused).toEqual(["the response answers another sign-in (InResponseTo differs)"]);
  });

  it("can be told to stop waiting, after which POSTs are turned away", async () => {
    const signIn = listener.awaitSignIn({ idpOrigin: IDP_ORIGIN, requestId: REQUEST_ID, destination: listener.url });
    listener.cancel();
    await expect(signIn).rejects.toThrow(SignInCancelledError);
    // The cancel travels over IPC; the next POST may race it, so ask until the listener has heard.
    let status = 0;
    for (let attempt = 0; attempt < 20 && status !== 409; attempt += 1) status = await post(listener.port, form(listener.url));
    expect(status).toBe(409);
  });
});

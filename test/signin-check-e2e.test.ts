/**
 * `npm run signin-check` end to end: the command (in this process, against stacks given as plain objects) sends its
 * AuthnRequest through a real browser, Debian's Chromium headless shell, to a local identity provider that answers
 * like Entra (test/support/entra-like-idp.ts: it refuses a malformed request, redirects to its sign-in page and
 * auto-posts a response signed like Entra's); the CLI's listener catches the POST and the response is judged.
 * Chromium starts once for the file; each case opens its sign-in URL in a new tab, as the CLI's browser command
 * would, and waits for the tab to land on the listener's answer (test/support/headless-chromium.ts, through
 * Chromium's DevTools HTTP endpoints: no browser driver).
 *
 * The browser is Chromium's headless shell (Debian package chromium-headless-shell, installed by scripts/setup.sh): the
 * same Chromium build as Debian's chromium, with its Blink, V8 and network service, without the desktop browser's UI
 * layer. It is what Playwright runs for headless Chromium since 1.49
 * (https://github.com/microsoft/playwright/issues/33566), and it costs under a third of the CPU the full browser did
 * here (docs/research/suite-cpu.md, fifth pass). In CI a missing binary fails the file; elsewhere its tests are
 * reported as skipped, naming what is missing (and the strict reporter turns the run red), never skipped silently.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSignInCommand, type SignInEnvironment } from "../cli/signin/signin-command";
import type { StackReader } from "../cli/day2/stack-context";
import { buildIdpMetadata } from "../components/saml-metadata";
import { freeTcpPort } from "./support/free-port";
import { startHeadlessChromium, type HeadlessChromium } from "./support/headless-chromium";
import { endpointStackConfig, identityStackConfig, stackReader } from "./support/signin-stacks";
import { startEntraLikeIdp, type EntraLikeIdp, type TestAccount } from "./support/entra-like-idp";
import { SamlTestIdp } from "./support/saml-test-idp";
import { createTestCertificate } from "./support/test-certificates";

/** The binary itself, not the package's /usr/bin/chromium-headless-shell: that is a shell script that runs it as a child. */
const CHROMIUM = "/usr/lib/chromium/chromium-headless-shell";
/**
 * The flags Debian's Chromium needs on a closed network, as root, without a display; `--disable-dev-shm-usage` as
 * Playwright passed it (a container's small /dev/shm); and one renderer process for every tab (all of them are on
 * 127.0.0.1, one site): 13 processes became 6 and Chromium's CPU fell by about 0.2 s.
 */
const CHROMIUM_FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--disable-dev-shm-usage", "--renderer-process-limit=1",
];
const haveChromium = existsSync(CHROMIUM);
const inCi = Boolean(process.env.CI);
const browserIt = haveChromium || inCi ? it : it.skip;
if (!haveChromium && !inCi) console.warn(`signin-check end-to-end tests not run: ${CHROMIUM} is missing (Debian package chromium-headless-shell; scripts/setup.sh installs it)`);

const tenantId = "6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31";
const engineers = "3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74";
const vpnUsers = "0b7e4d2a-5c1f-4a3e-9d8b-7f6a2c1e0d93";
const identityStack = "acme/clientvpn-federation/acme-identity";
const defaultGroupsClaim = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups";

let idp: EntraLikeIdp;
let acsPort: number;
let browser: HeadlessChromium;
let profileDir: string;
let stacks: StackReader;
/** The run nobody signs in to: started first, on a port of its own, so its second of waiting overlaps the others. */
let unanswered: ReturnType<typeof runCheck>;

beforeAll(async () => {
  if (!haveChromium && inCi) throw new Error(`${CHROMIUM} is missing: install the Debian package chromium-headless-shell (scripts/setup.sh does)`);
  acsPort = await freeTcpPort();
  idp = await startEntraLikeIdp({ tenantId, identifierUris: ["urn:amazon:webservices:clientvpn"], replyUrls: [`http://127.0.0.1:${acsPort}`] });
  // The identity stack's metadata output as the program builds it, with the sign-in host moved to the local IdP.
  const metadata = buildIdpMetadata({ tenantId, signingCertificate: idp.signer.certificate.certificateBody }).replaceAll("https://login.microsoftonline.com/", `${idp.origin}/`);
  const identity = {
    config: identityStackConfig(tenantId, { "vpn-users": vpnUsers, engineers }),
    outputs: { samlMetadataXml: metadata, groups: { "vpn-users": vpnUsers, engineers }, tenantId, azureApplicationClientId: "0e5c7a44-1111-4222-8333-944455556666" },
  };
  stacks = stackReader({
    "acme-identity": identity,
    [identityStack]: identity,
    // Not deployed yet: config only, as in the first-deploy checklist.
    acme: {
      config: endpointStackConfig(tenantId, identityStack, [
        { name: "dns-resolver", cidr: "10.2.0.10/32", groups: "all" },
        { name: "build", cidr: "10.1.0.0/16", groups: ["vpn-users"] },
        { name: "payments", cidr: "10.3.0.0/16", groups: ["engineers"] },
        { name: "payments-ci", cidr: "10.3.8.0/24", groups: ["vpn-users"] },
      ]),
      outputs: {},
    },
  });
  unanswered = runCheck(["--stack", "acme-identity", "--sign-in-timeout", "1"], { openBrowser: false, acsPort: await freeTcpPort() });
  // Its test awaits it (and sees a failure there); until then a rejection must not count as unhandled.
  unanswered.catch(() => undefined);
  if (!haveChromium) return;
  profileDir = await mkdtemp(join(tmpdir(), "signin-check-chromium-"));
  browser = await startHeadlessChromium({ executable: CHROMIUM, profileDir, args: CHROMIUM_FLAGS });
}, 60_000);

afterAll(async () => {
  await browser?.stop();
  await idp?.close();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

const ana = (attributes: TestAccount["attributes"], more: Partial<TestAccount> = {}): TestAccount => ({
  nameId: "ana@example.com",
  attributes: { FirstName: "Ana", LastName: "Silva", ...attributes },
  ...more,
});

/** Runs the command with the browser's tab as the environment's browser. */
async function runCheck(argv: string[], options: { openBrowser?: boolean; env?: NodeJS.ProcessEnv; uid?: number; acsPort?: number } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const port = options.acsPort ?? acsPort;
  let tab: string | undefined;
  const commands: string[][] = [];
  const env: SignInEnvironment = {
    stacks,
    writeOut: (text) => void out.push(text),
    writeErr: (text) => void err.push(text),
    color: false,
    now: () => new Date(),
    env: options.env ?? {},
    uid: options.uid ?? 1000,
    openBrowser: async (command, url) => {
      commands.push(command);
      if (options.openBrowser === false) return;
      // Like a browser the CLI started: the command does not wait for the page, only for the tab.
      tab = await browser.open(url.href);
    },
    signal: new AbortController().signal,
    acsPort: port,
  };
  const code = await runSignInCommand(argv, env);
  if (tab) {
    // The next case must not start while this tab still loads the answer to its POST.
    await browser.waitForUrl(tab, `http://127.0.0.1:${port}/`, 5_000).catch(() => undefined);
    await browser.close(tab);
  }
  return { code, stdout: out.join(""), stderr: err.join(""), commands };
}

describe("npm run signin-check, through a real browser", () => {
  browserIt("passes for a good sign-in against an identity stack, listing memberOf by alias", async () => {
    idp.signInAs(ana({ memberOf: [engineers, vpnUsers] }));
    const before = idp.requests.length;
    const run = await runCheck(["--stack", "acme-identity", "--sign-in-timeout", "10"]);
    expect(run.stderr).not.toContain("turned a POST away");
    expect(run.stderr).not.toContain("not as root");
    expect(run.code).toBe(0);
    expect(run.commands).toEqual([["xdg-open"]]);
    expect(idp.requests.slice(before)).toEqual([{ outcome: "accepted", requestId: expect.stringMatching(/^id[0-9a-f]{32}$/) }]);
    expect(run.stdout).toContain("Sign-in check of stack acme-identity (mode identity): tenant 6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31, global cloud");
    expect(run.stdout).toMatch(/PASS {2}response is signed by the identity stack's certificate: the Response is signed by [0-9A-F]{40}/);
    expect(run.stdout).toContain("PASS  memberOf is present, with at most 150 groups: 2 group(s)");
    expect(run.stdout).toContain("Signed in as ana@example.com");
    expect(run.stdout).toMatch(new RegExp(`memberOf: 2 group\\(s\\), by alias in azure.groups of acme-identity\\n {2}engineers +${engineers}\\n {2}vpn-users +${vpnUsers}`));
    expect(run.stdout).toContain(`Networks this user reaches: not known for an identity stack (see "memberOf values match the endpoint's rules" above)`);
    expect(run.stdout).toContain("AWS would accept this sign-in");
  });

  browserIt("shows the user's row of an endpoint stack's access matrix, reading the identity through identityStack", async () => {
    idp.signInAs(ana({ memberOf: [engineers] }));
    const run = await runCheck(["--stack", "acme", "--sign-in-timeout", "10"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Sign-in check of stack acme (mode endpoint) through its identity stack ${identityStack}`);
    expect(run.stdout).toContain(`PASS  memberOf values match the endpoint's rules: opens payments, dns-resolver through engineers (${engineers})`);
    expect(run.stdout).toMatch(/│ dns-resolver +│ 10\.2\.0\.10\/32 +│ all assigned users +│ - +│/);
    expect(run.stdout).toMatch(/│ payments +│ 10\.3\.0\.0\/16 +│ engineers +│ payments-ci 10\.3\.8\.0\/24 +│/);
    expect(run.stdout).toContain("Not reached: build 10.1.0.0/16 (only vpn-users); payments-ci 10.3.8.0/24 (only vpn-users)");
  });

  browserIt("under sudo, starts the browser as the user who ran sudo and catches the POST in a listener without root", async () => {
    idp.signInAs(ana({ memberOf: [engineers] }));
    const run = await runCheck(["--stack", "acme-identity", "--sign-in-timeout", "20"], { env: { SUDO_USER: "nobody", SUDO_UID: "65534", SUDO_GID: "65534" }, uid: 0 });
    expect(run.commands).toEqual([["sudo", "-u", "nobody", "--", "xdg-open"]]);
    expect(run.stderr).toContain("› the sign-in listener runs as uid 65534, not as root");
    expect(run.code).toBe(0);
  });

  browserIt.each([
    [
      "no group claim at all",
      ana({}),
      "FAIL  memberOf is present, with at most 150 groups: memberOf missing, and no group claim at all: the claims-mapping policy did not copy the groups into memberOf",
      "fix: check that the user is a direct member of a group in azure.groups (nested groups are not emitted) and that `pulumi up` on the identity stack finished; if both hold, set azure.groupClaim to gallery-app on the identity stack",
      1,
    ],
    [
      "the groups under Entra's default claim name",
      ana({ [defaultGroupsClaim]: [engineers] }),
      `FAIL  memberOf is present, with at most 150 groups: memberOf missing; Entra sent 1 group(s) under its default claim name ${defaultGroupsClaim}, which AWS does not read: the claims-mapping policy did not copy the groups into memberOf`,
      "fix: set azure.groupClaim to gallery-app on the identity stack (pulumi config set --path 'clientvpn-federation:azure.groupClaim' gallery-app), run `pulumi up` there and sign in again",
      1,
    ],
    [
      "a response signed only in its assertion",
      ana({ memberOf: [engineers] }, { signResponse: false }),
      "FAIL  response is signed by the identity stack's certificate: the Response is not signed",
      "fix: set the signing option to ResponseAndToken: run `pulumi up` on the identity stack",
      1,
    ],
    [
      "a response signed by a key the stack does not trust",
      ana({ memberOf: [engineers] }, { signer: new SamlTestIdp(createTestCertificate({ commonName: "a certificate made active in the portal" })) }),
      "FAIL  assertion is signed by the identity stack's certificate: the Assertion is signed by",
      "fix: Entra signs with a key the identity stack did not make active (a certificate made active in the Entra admin center, or a deploy that stopped early): run `pulumi up` on the identity stack",
      // The response's signature and the assertion's: two requirements, both failed by the one key.
      2,
    ],
  ])("fails, naming the fix, for %s", async (_, account, verdict, fix, failures) => {
    idp.signInAs(account);
    const run = await runCheck(["--stack", "acme", "--sign-in-timeout", "10"]);
    expect(run.stderr).not.toContain("a sign-in arrives");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(verdict);
    expect(run.stdout).toContain(fix);
    expect(run.stdout.match(/^FAIL/gm)).toHaveLength(failures);
    expect(run.stdout).toContain("AWS would refuse this sign-in");
  });
});

describe("npm run signin-check, when no sign-in comes back", () => {
  it("fails after --sign-in-timeout, printing the URL to open and what Entra's error codes mean", async () => {
    const run = await unanswered;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`if no browser opens, open this URL in a browser on this machine: ${idp.ssoUrl}?SAMLRequest=`);
    expect(run.stderr).toContain("FAIL  a sign-in arrives: no sign-in arrived within 1 s.");
    expect(run.stderr).toContain("AADSTS50105: the user is in no group assigned to the application; add the user directly to a group in azure.groups");
    expect(run.stderr).toContain("AADSTS50124: Entra refuses the claims-mapping policy's transformation; set azure.groupClaim to gallery-app");
  });

  it("names a stack whose config is wrong, with the program's own messages, before opening any browser", async () => {
    const broken = stackReader({ bad: { config: { "azuread:tenantId": "not-a-guid", "clientvpn-federation:mode": "identity", "clientvpn-federation:azure": "{}" }, outputs: {} } });
    const saved = stacks;
    stacks = broken;
    try {
      const run = await runCheck(["--stack", "bad"]);
      expect(run.code).toBe(1);
      expect(run.commands).toEqual([]);
      expect(run.stderr).toContain("signin-check: The stack configuration has 2 problems (stack bad); fix them first, as `pulumi up` would ask:");
      expect(run.stderr).toContain("  - azuread:tenantId: must be the Entra tenant ID, a GUID");
    } finally {
      stacks = saved;
    }
  });

  it("is a usage error for a stack that does not exist, or an identity stack that is not deployed", async () => {
    expect((await runCheck(["--stack", "nope"])).code).toBe(64);
    const saved = stacks;
    stacks = stackReader({ fresh: { config: identityStackConfig(tenantId, { engineers }), outputs: {} } });
    try {
      const run = await runCheck(["--stack", "fresh"]);
      expect(run.code).toBe(64);
      expect(run.stderr).toContain("signin-check: fresh has no outputs: deploy the identity first (`pulumi up --stack fresh`), then run the sign-in check");
    } finally {
      stacks = saved;
    }
  });
});

describe("the local identity provider is as strict as Entra", () => {
  const request = (xml: string) => encodeURIComponent(deflateRawSync(Buffer.from(xml)).toString("base64"));
  const authnRequest = (attributes: string, inner = '<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">urn:amazon:webservices:clientvpn</saml:Issuer>') =>
    `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ${attributes}>${inner}</samlp:AuthnRequest>`;
  const good = 'ID="id0123" Version="2.0" IssueInstant="2026-11-21T12:00:00Z"';

  it.each([
    ["no SAMLRequest", "", "AADSTS750054"],
    ["a SAMLRequest that does not inflate", "?SAMLRequest=bm90IGRlZmxhdGVk", "AADSTS75005"],
    ["an ID that begins with a digit", `?SAMLRequest=${request(authnRequest('ID="0123" Version="2.0" IssueInstant="2026-11-21T12:00:00Z"'))}`, "AADSTS75005"],
    ["no Version", `?SAMLRequest=${request(authnRequest('ID="id0123" IssueInstant="2026-11-21T12:00:00Z"'))}`, "AADSTS75005"],
    ["another issuer", `?SAMLRequest=${request(authnRequest(good, '<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">urn:amazon:webservices</saml:Issuer>'))}`, "AADSTS700016"],
    ["an ACS URL that is not a reply URL", `?SAMLRequest=${request(authnRequest(`${good} AssertionConsumerServiceURL="http://127.0.0.1:35001/"`))}`, "AADSTS50011"],
    ["a Destination elsewhere", `?SAMLRequest=${request(authnRequest(`${good} Destination="https://login.microsoftonline.com/other/saml2"`))}`, "AADSTS75008"],
    [
      "a Subject",
      `?SAMLRequest=${request(authnRequest(good, '<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">urn:amazon:webservices:clientvpn</saml:Issuer><saml:Subject xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"/>'))}`,
      "AADSTS75006",
    ],
  ])("refuses a request with %s, on its error page, posting nothing", async (_, query, code) => {
    const before = idp.requests.length;
    const answer = await fetch(`${idp.ssoUrl}${query}`, { redirect: "manual" });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain(code);
    expect(idp.requests.slice(before)).toEqual([{ outcome: "refused", code }]);
  });

  it("accepts a minimal valid request and redirects to its sign-in page", async () => {
    idp.signInAs(ana({ memberOf: [engineers] }));
    const answer = await fetch(`${idp.ssoUrl}?SAMLRequest=${request(authnRequest(good))}`, { redirect: "manual" });
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toMatch(new RegExp(`^/${tenantId}/login\\?session=`));
  });
});

/**
 * The sign-in check's pure parts: reading a stack as the program reads it, and the report. The browser run is
 * test/signin-check-e2e.test.ts.
 */
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { colors } from "../cli/day2/rendering";
import { pass } from "../cli/day2/check-result";
import { stackReadError, type StackReader } from "../cli/day2/stack-context";
import { signInThroughBrowser } from "../cli/signin/browser-sign-in";
import { renderSignInReport } from "../cli/signin/sign-in-report";
import { groupClaimRouteOf, readSignInTarget, SignInTargetError } from "../cli/signin/sign-in-target";
import { buildIdpMetadata } from "../components/saml-metadata";
import { endpointStackConfig, identityStackConfig, stackReader as reader } from "./support/signin-stacks";
import { createTestCertificate } from "./support/test-certificates";
import { freeTcpPort } from "./support/free-port";

const tenantId = "6a1f3c2e-9b4d-4e8a-8f7c-2d5e1b0a9c31";
const engineers = "3f2a9c1e-7d4b-4c8a-b5e2-9a1d6f0c3b74";
const identityStack = "acme/clientvpn-federation/acme-identity";
const certificate = createTestCertificate().certificateBody;
const metadata = buildIdpMetadata({ tenantId, signingCertificate: certificate });
const now = new Date("2026-11-21T12:00:00Z");

const identityConfig = identityStackConfig(tenantId, { engineers });
const identityOutputs = { samlMetadataXml: metadata, groups: { engineers: engineers.toUpperCase() }, tenantId };
const endpointConfig = (access: unknown, tenant = tenantId) => endpointStackConfig(tenant, identityStack, access);
const withPortal = (config: Record<string, string>) => ({
  ...config,
  "clientvpn-federation:vpn": JSON.stringify({ ...JSON.parse(config["clientvpn-federation:vpn"]), selfServicePortal: true }),
});

describe("reading the stack to sign in to", () => {
  it("takes an identity stack's IdP facts from its metadata output, and its groups, lower-cased", async () => {
    const target = await readSignInTarget(reader({ "acme-identity": { config: identityConfig, outputs: identityOutputs } }), "acme-identity", now);
    expect(target).toMatchObject({
      mode: "identity",
      identityStack: "acme-identity",
      ssoUrl: `https://login.microsoftonline.com/${tenantId}/saml2`,
      trustedCertificates: [certificate],
      expectedIssuers: [`https://sts.windows.net/${tenantId}/`],
      groups: { engineers },
      access: undefined,
      groupClaimRoute: "claims-mapping-policy",
    });
  });

  it("reads an endpoint stack's identity through identityStack and resolves its access aliases, with no outputs of its own", async () => {
    const stacks = reader({ acme: { config: endpointConfig([{ name: "payments", cidr: "10.3.0.0/16", groups: ["engineers"] }]), outputs: {} }, [identityStack]: { config: identityConfig, outputs: identityOutputs } });
    const target = await readSignInTarget(stacks, "acme", now);
    expect(target.identityStack).toBe(identityStack);
    expect(target.access).toEqual([{ name: "payments", cidr: "10.3.0.0/16", description: "payments", groups: [{ objectId: engineers, alias: "engineers" }] }]);
    expect(target.groupClaimRoute).toBe("claims-mapping-policy");
  });

  it("names the identity stack's group-claim route, for an identity stack from its validated config", async () => {
    const gallery = { ...identityConfig, "clientvpn-federation:azure": JSON.stringify({ groups: { engineers }, groupClaim: "gallery-app" }) };
    expect((await readSignInTarget(reader({ "acme-identity": { config: gallery, outputs: identityOutputs } }), "acme-identity", now)).groupClaimRoute).toBe("gallery-app");
    const stacks = reader({ acme: { config: endpointConfig([{ name: "all", cidr: "10.0.0.0/8", groups: "all" }]), outputs: {} }, [identityStack]: { config: gallery, outputs: identityOutputs } });
    expect((await readSignInTarget(stacks, "acme", now)).groupClaimRoute).toBe("gallery-app");
  });

  it("leaves the route unknown when an endpoint stack's identity config cannot be read", async () => {
    const outputsOnly: StackReader = {
      outputs: async () => identityOutputs,
      config: async (name) => {
        if (name === "acme") return endpointConfig([{ name: "all", cidr: "10.0.0.0/8", groups: "all" }]);
        throw stackReadError(name, new Error("error: stack belongs to another project"), false);
      },
    };
    expect((await readSignInTarget(outputsOnly, "acme", now)).groupClaimRoute).toBeUndefined();
  });

  it.each([
    [
      "an alias the identity stack does not export",
      { acme: { config: endpointConfig([{ name: "payments", cidr: "10.3.0.0/16", groups: ["finance"] }]), outputs: {} }, [identityStack]: { config: identityConfig, outputs: identityOutputs } },
      'access[0].groups[0]: "finance" is not an alias in azure.groups (known: engineers), nor a group object ID (groups come from acme/clientvpn-federation/acme-identity)',
    ],
    [
      "another tenant than the identity stack's",
      {
        acme: { config: endpointConfig([{ name: "all", cidr: "10.0.0.0/8", groups: "all" }], "99999999-2222-4333-8444-555555555555"), outputs: {} },
        [identityStack]: { config: identityConfig, outputs: identityOutputs },
      },
      `azuread:tenantId: is 99999999-2222-4333-8444-555555555555 but ${identityStack} federates tenant ${tenantId}`,
    ],
    [
      "the self-service portal on an endpoint whose identity does not accept it",
      {
        acme: { config: withPortal(endpointConfig([{ name: "all", cidr: "10.0.0.0/8", groups: "all" }])), outputs: {} },
        [identityStack]: { config: identityConfig, outputs: identityOutputs },
      },
      `vpn.selfServicePortal: is on, but ${identityStack} does not accept the portal's reply URL`,
    ],
    [
      "an identity stack not deployed yet",
      { acme: { config: endpointConfig([{ name: "all", cidr: "10.0.0.0/8", groups: "all" }]), outputs: {} }, [identityStack]: { config: identityConfig, outputs: {} } },
      `${identityStack} has no outputs: deploy the identity first`,
    ],
    [
      "metadata that sends the browser elsewhere than over https",
      { "acme-identity": { config: identityConfig, outputs: { ...identityOutputs, samlMetadataXml: metadata.replaceAll("https://login.microsoftonline.com/", "http://login.example.com/") } } },
      "acme-identity's metadata sends sign-ins to http://login.example.com, not over https",
    ],
    ["no metadata", { "acme-identity": { config: identityConfig, outputs: { ...identityOutputs, samlMetadataXml: "" } } }, "acme-identity exports no samlMetadataXml"],
    [
      "metadata with no certificate",
      { "acme-identity": { config: identityConfig, outputs: { ...identityOutputs, samlMetadataXml: metadata.replace(/<KeyDescriptor[\s\S]*<\/KeyDescriptor>/, "") } } },
      "acme-identity's samlMetadataXml names no signing certificate",
    ],
  ])("refuses %s, naming the fix", async (_, stacks, message) => {
    const name = "acme" in stacks ? "acme" : "acme-identity";
    const failure = await readSignInTarget(reader(stacks), name, now).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SignInTargetError);
    expect((failure as Error).message).toContain(message);
  });

  it.each([
    [{}, "claims-mapping-policy"],
    [{ "clientvpn-federation:azure": JSON.stringify({ groupClaim: "gallery-app" }) }, "gallery-app"],
    [{ "clientvpn-federation:azure": JSON.stringify({ groupClaim: "portal" }) }, undefined],
  ])("reads azure.groupClaim %j as %s", (config, route) => {
    expect(groupClaimRouteOf(config)).toBe(route);
  });
});

describe("the report", () => {
  const target = {
    stackName: "acme-identity",
    mode: "identity" as const,
    identityStack: "acme-identity",
    tenantId,
    cloud: { name: "global" as const, loginHost: "", graphEndpoint: "", samlIssuer: () => "" },
    ssoUrl: "",
    trustedCertificates: [],
    expectedIssuers: [],
    groups: { engineers },
  };

  it("shows neither user nor groups when no trusted signature covers them", () => {
    const text = renderSignInReport({ target, results: [pass("Entra reports success", "Success")] }, colors(false));
    expect(text).toContain("Signed-in user: not shown: no signature by the identity stack's certificate covers the response");
    expect(text).not.toContain("memberOf:");
  });

  it("marks a memberOf value that is not one of azure.groups", () => {
    const other = "0b7e4d2a-5c1f-4a3e-9d8b-7f6a2c1e0d93";
    const claims = { nameId: "ana@example.com", attributes: new Map([["memberOf", [engineers, other]]]) };
    const text = renderSignInReport({ target, results: [], claims }, colors(false));
    expect(text).toContain(`memberOf: 2 group(s), by alias in azure.groups of acme-identity\n  engineers              ${engineers}\n  (not in azure.groups)  ${other}`);
  });
});

describe("a sign-in that does not complete", () => {
  const flow = async (port: number, signal: AbortSignal, openBrowser: () => Promise<void> = async () => undefined) => {
    const progress: string[] = [];
    const result = await signInThroughBrowser({
      ssoUrl: `https://login.microsoftonline.com/${tenantId}/saml2`,
      acsPort: port,
      timeoutMs: 60_000,
      now,
      openBrowser,
      progress: (line) => void progress.push(line),
      signal,
    });
    return { result, progress };
  };

  it("ends when the user presses Ctrl-C, without opening the browser if it came first", async () => {
    const early = new AbortController();
    early.abort();
    let opened = 0;
    const { result } = await flow(await freeTcpPort(), early.signal, async () => void opened++);
    expect(result).toEqual({ kind: "failed", message: "the check was stopped before a sign-in arrived.", fix: "run it again and sign in" });
    expect(opened).toBe(0);

    const later = new AbortController();
    const { result: stopped } = await flow(await freeTcpPort(), later.signal, async () => void setTimeout(() => later.abort(), 10));
    expect(stopped).toMatchObject({ kind: "failed", message: "the check was stopped before a sign-in arrived." });
  });

  it("says how to free port 35001 when something else holds it", async () => {
    const port = await freeTcpPort();
    const holder = createServer();
    await new Promise<void>((done) => holder.listen(port, "127.0.0.1", done));
    try {
      const { result } = await flow(port, new AbortController().signal);
      expect(result).toMatchObject({ kind: "failed", message: expect.stringContaining(`port ${port} on 127.0.0.1 is already in use`) });
      expect((result as { message: string }).message).toContain("Close the AWS VPN Client");
    } finally {
      await new Promise<void>((done) => holder.close(() => done()));
    }
  });

  it("tells the user to open the URL when the browser cannot be started, and keeps waiting", async () => {
    const stop = new AbortController();
    const { progress } = await flow(await freeTcpPort(), stop.signal, async () => {
      setTimeout(() => stop.abort(), 20);
      throw new Error("cannot start xdg-open (ENOENT)");
    });
    expect(progress).toContain("! could not start the browser (cannot start xdg-open (ENOENT)); open the URL above yourself");
  });
});

/**
 * The rotation of the token signing certificate, step by step, as the program declares it under mocks: each
 * state of the sequence is one `pulumi up` of the example stack (all mode), and consecutive states are compared
 * the way the engine compares a new run with the state.
 *
 * A shared block of tests rather than a file of its own: it runs inside test/stack.test.ts, whose process has
 * already paid for loading the program, so each state costs one run of the program and no more.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { activationGuardFailures } from "../../components/graph/activation-guard";
import { signingCertificatesInMetadata } from "../../cli/day2/idp-metadata";
import { compareDeclaredGraphs, GraphChange } from "../../cli/plan/declared-graph-change";
import { replacingProperties } from "../../cli/plan/replacing-properties";
import { RotationStep } from "../../components/signing-rotation";
import { engineConfigForRoute } from "./example-stack";
import { DeclaredResource } from "./pulumi-mocks";
import { exampleSigningCertificateEndDate, issuedCertificate, StackRun } from "./stack-run";

const T = {
  certificate: "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate",
  signing: "pulumi-nodejs:dynamic/entra:SamlSigningSettings",
  samlProvider: "aws:iam/samlProvider:SamlProvider",
} as const;

// The example stack's certificate, and the one that replaces it; the fake Entra issues a key per end date.
const CURRENT_END = exampleSigningCertificateEndDate;
const NEW_END = "2029-11-15T00:00:00Z";
const CURRENT = issuedCertificate(CURRENT_END).thumbprint;
const NEW = issuedCertificate(NEW_END).thumbprint;

function rotating(route: "claims-mapping-policy" | "gallery-app", step: RotationStep): Record<string, string> {
  const config = engineConfigForRoute(route);
  const azure = { ...JSON.parse(config["clientvpn-federation:azure"]), signingCertificateRotation: { endDate: NEW_END, step } };
  return { ...config, "clientvpn-federation:azure": JSON.stringify(azure) };
}

/** The last step of the procedure: the new date moved to signingCertificateEndDate, the rotation block deleted. */
function finished(): Record<string, string> {
  const config = engineConfigForRoute("claims-mapping-policy");
  const azure = { ...JSON.parse(config["clientvpn-federation:azure"]), signingCertificateEndDate: NEW_END };
  return { ...config, "clientvpn-federation:azure": JSON.stringify(azure) };
}

/**
 * `runStack` runs the program under the shared fakes; `before` is the run of the example stack as it is (the
 * claims-mapping-policy route), which the calling file has already made.
 */
export function describeSigningCertificateRotation(runStack: (config: Record<string, string>) => Promise<StackRun>, before: () => StackRun): void {
  /** The procedure of docs/rotating-the-signing-certificate.md, one `pulumi up` per state, on the default route. */
  const steps = ["publish", "activate", "retire"] as const;
  const runs = new Map<string, StackRun>();
  let galleryActivate: StackRun;

  beforeAll(async () => {
    runs.set("before", before());
    for (const step of steps) runs.set(step, await runStack(rotating("claims-mapping-policy", step)));
    runs.set("finish", await runStack(finished()));
    // The rotation hangs off the service principal, which both group-claim routes have: one step shows the gallery route too.
    galleryActivate = await runStack(rotating("gallery-app", "activate"));
  });

  const ofType = (run: StackRun, type: string) => run.resources.filter((resource) => resource.type === type);
  const signingOf = (run: StackRun): DeclaredResource => {
    const found = ofType(run, T.signing);
    expect(found).toHaveLength(1);
    return found[0];
  };
  /** Which of the two certificates a thumbprint or a metadata certificate is. */
  const byThumbprint = new Map([[CURRENT, "current"], [NEW, "new"]]);
  const byBody = new Map([[issuedCertificate(CURRENT_END).certificate.certificateBody, "current"], [issuedCertificate(NEW_END).certificate.certificateBody, "new"]]);
  /** The certificate Entra signs with after this state's deployment. */
  const activeKey = (run: StackRun) => byThumbprint.get(signingOf(run).inputs.signingCertificateThumbprint as string) ?? "unknown";
  /** The certificates each IAM provider trusts after this state's deployment, in the metadata's order. */
  const trustedKeys = (run: StackRun) =>
    ofType(run, T.samlProvider).map((provider) =>
      signingCertificatesInMetadata(provider.inputs.samlMetadataDocument as string).map((body) => byBody.get(body) ?? "unknown"),
    );
  const states = ["before", ...steps, "finish"];
  const pairs = states.slice(1).map((state, index) => [states[index], state] as const);
  const change = (from: string, to: string): GraphChange => compareDeclaredGraphs(runs.get(from)!.resources, runs.get(to)!.resources, replacingProperties);
  const names = (changes: GraphChange[keyof GraphChange]) => changes.map((resource) => `${resource.name} (${resource.properties.join(", ")})`).sort();

  describe("each state of the rotation", () => {
    it.each([
      ["before", ["current"], "current"],
      ["publish", ["current", "new"], "current"],
      ["activate", ["current", "new"], "new"],
      ["retire", ["new"], "new"],
      ["finish", ["new"], "new"],
    ])("%s: both IAM providers trust %j, and Entra signs with the %s certificate, one of them", (state, published, active) => {
      const run = runs.get(state)!;
      expect(activeKey(run)).toBe(active);
      expect(trustedKeys(run)).toEqual([published, published]);
      const thumbprints = (signingOf(run).inputs.publishedCertificateThumbprints as string[]).map((thumbprint) => byThumbprint.get(thumbprint));
      expect(thumbprints).toEqual(published);
    });

    it.each(states)("%s: Entra's switch to a key waits for both IAM SAML providers in the declared graph", (state) => {
      const run = runs.get(state)!;
      const providers = ofType(run, T.samlProvider);
      expect(providers).toHaveLength(2);
      for (const provider of providers) expect(signingOf(run).dependsOn).toContain(provider.urn);
    });

    it.each(states)("%s: every certificate is retained on delete, so the azuread provider's Delete never runs on a service principal holding two", (state) => {
      const certificates = ofType(runs.get(state)!, T.certificate);
      expect(certificates.length).toBeGreaterThan(0);
      for (const certificate of certificates) expect(certificate.retainOnDelete, certificate.name).toBe(true);
    });

    it("the certificate of a stack deployed before rotations keeps its resource under an alias of its old name", () => {
      const [certificate] = ofType(runs.get("before")!, T.certificate);
      expect(certificate.name).toBe("entra-signing-certificate-2029-11-01T00-00-00Z");
      expect(certificate.aliases).toEqual([expect.stringMatching(/entra-signing-certificate$/)]);
    });
  });

  describe("from one state to the next", () => {
    it.each(pairs)("%s -> %s: IAM already trusted the key Entra signs with after the deployment", (from, to) => {
      for (const trusted of trustedKeys(runs.get(from)!)) expect(trusted).toContain(activeKey(runs.get(to)!));
    });

    it.each(pairs)("%s -> %s: IAM still trusts the key Entra signed with until the deployment", (from, to) => {
      for (const trusted of trustedKeys(runs.get(to)!)) expect(trusted).toContain(activeKey(runs.get(from)!));
    });

    it.each(pairs)("%s -> %s: the signing resource's check lets the deployment through", (from, to) => {
      expect(activationGuardFailures(signingOf(runs.get(from)!).inputs, signingOf(runs.get(to)!).inputs)).toEqual([]);
    });

    it("publish: adds the new certificate and updates both IAM providers; Entra's key stays, only what is published changes", () => {
      const publish = change("before", "publish");
      expect(names(publish.create)).toEqual(["entra-signing-certificate-2029-11-15T00-00-00Z ()"]);
      expect(names(publish.update)).toEqual([
        "entra-signing (publishedCertificateThumbprints)",
        "vpn-saml (samlMetadataDocument)",
        "vpn-saml-self-service (samlMetadataDocument)",
      ]);
      expect([...publish.replace, ...publish.delete]).toEqual([]);
    });

    it("activate: switches Entra to the new key and touches nothing in IAM", () => {
      const activate = change("publish", "activate");
      expect(names(activate.update)).toEqual(["entra-signing (signingCertificateThumbprint)"]);
      expect([...activate.create, ...activate.replace, ...activate.delete]).toEqual([]);
    });

    it("retire: updates both IAM providers to the new certificate only, and lets go of the old one (retained in Entra)", () => {
      const retire = change("activate", "retire");
      expect(names(retire.update)).toEqual([
        "entra-signing (publishedCertificateThumbprints)",
        "vpn-saml (samlMetadataDocument)",
        "vpn-saml-self-service (samlMetadataDocument)",
      ]);
      expect(names(retire.delete)).toEqual(["entra-signing-certificate-2029-11-01T00-00-00Z ()"]);
      expect([...retire.create, ...retire.replace]).toEqual([]);
    });

    it("finish: moving the date to signingCertificateEndDate and deleting the block changes nothing (pulumi preview shows no changes)", () => {
      const finish = change("retire", "finish");
      expect([...finish.create, ...finish.update, ...finish.replace, ...finish.delete]).toEqual([]);
    });
  });

  describe("what the steps prevent", () => {
    it("the old one-step rotation (straight to the new certificate alone) is refused by the signing resource's check", () => {
      const oneStep = activationGuardFailures(signingOf(runs.get("before")!).inputs, signingOf(runs.get("retire")!).inputs);
      expect(oneStep).toEqual([{ property: "signingCertificateThumbprint", reason: expect.stringContaining("no earlier deployment published it to IAM") }]);
    });

    it("skipping activate (publish -> retire) is refused", () => {
      const skipped = activationGuardFailures(signingOf(runs.get("publish")!).inputs, signingOf(runs.get("retire")!).inputs);
      expect(skipped).toEqual([{ property: "signingCertificateThumbprint", reason: expect.stringContaining("refusing to stop publishing") }]);
    });
  });

  describe("on the gallery-app route", () => {
    it("activate publishes both certificates and switches Entra after both IAM providers, as on the default route", () => {
      expect(activeKey(galleryActivate)).toBe("new");
      expect(trustedKeys(galleryActivate)).toEqual([["current", "new"], ["current", "new"]]);
      for (const provider of ofType(galleryActivate, T.samlProvider)) expect(signingOf(galleryActivate).dependsOn).toContain(provider.urn);
    });
  });
}

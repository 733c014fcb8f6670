import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { describe, expect, it } from "vitest";
import { activationGuardFailures, type ActivationGuardInputs } from "../components/graph/activation-guard";

const APP = "0a1b2c3d-0000-4000-8000-0000000000aa";
const SP = "0a1b2c3d-0000-4000-8000-0000000000bb";
const OLD = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678";
const NEW = "FFEEDDCCBBAA99887766554433221100FFEEDDCC";

/** The signing resource's inputs as the program declares them in one step of the rotation. */
const step = (active: string, published: unknown, more: Partial<ActivationGuardInputs> = {}): ActivationGuardInputs => ({
  applicationObjectId: APP,
  servicePrincipalObjectId: SP,
  signingCertificateThumbprint: active,
  publishedCertificateThumbprints: published,
  activationBeforePublication: false,
  ...more,
});

const steady = step(OLD, [OLD]);
const publish = step(OLD, [OLD, NEW]);
const activate = step(NEW, [OLD, NEW]);
const retire = step(NEW, [NEW]);

describe("the activation guard lets the rotation's steps through, in order", () => {
  it.each<[string, ActivationGuardInputs | undefined, ActivationGuardInputs]>([
    ["the first deployment (nothing signs in yet)", undefined, steady],
    ["a deployment that changes nothing", steady, steady],
    ["publish: the new certificate joins the metadata, Entra keeps the old key", steady, publish],
    ["publish at preview, the new certificate's thumbprint not known yet", steady, step(OLD, [OLD, unknownValue])],
    ["activate: Entra switches to a key the previous deployment published", publish, activate],
    ["retire: the old key leaves the metadata after Entra left it", activate, retire],
    ["finish: the same key, the same metadata", retire, retire],
    ["immediate: the emergency path, on purpose", steady, step(NEW, [NEW], { activationBeforePublication: true })],
    ["immediate at preview, the new certificate not created yet", steady, step(unknownValue, [unknownValue], { activationBeforePublication: true })],
    ["a new application (switching azure.groupClaim), whose key nobody signs in with yet", steady, step(NEW, [NEW], { applicationObjectId: unknownValue, servicePrincipalObjectId: unknownValue })],
    ["a state from before rotations, publishing its active key only, then publish", { ...steady, publishedCertificateThumbprints: undefined }, publish],
  ])("%s", (_case, olds, news) => {
    expect(activationGuardFailures(olds, news)).toEqual([]);
  });
});

describe("the activation guard refuses the deployments that would fail sign-ins", () => {
  it.each<[string, ActivationGuardInputs, ActivationGuardInputs, RegExp]>([
    [
      "the old one-step rotation at preview: a certificate created in this deployment made active",
      steady,
      step(unknownValue, [unknownValue]),
      /^refusing to make Entra sign with a certificate created in this same deployment: IAM does not trust it yet/,
    ],
    [
      "the old one-step rotation when the thumbprint is known (pulumi up --skip-preview)",
      steady,
      step(NEW, [NEW]),
      /^refusing to make Entra sign with FFEEDDCC\w+: no earlier deployment published it to IAM/,
    ],
    ["activate without publish: both published now, but the new one for the first time", steady, activate, /no earlier deployment published it to IAM/],
    [
      "publish then retire, skipping activate: the key Entra signed with leaves the metadata as Entra leaves it",
      publish,
      retire,
      /^refusing to stop publishing A1B2C3D4\w+ in the deployment that switches Entra away from it.*set azure\.signingCertificateRotation\.step to activate first/,
    ],
    [
      "a state from before rotations straight to activate",
      { ...steady, publishedCertificateThumbprints: undefined },
      activate,
      /no earlier deployment published it to IAM/,
    ],
    ["an active key the deployment does not publish", steady, step(OLD, [NEW]), /^refusing to make Entra sign with A1B2C3D4\w+, which this deployment does not publish to IAM/],
  ])("%s", (_case, olds, news, reason) => {
    const failures = activationGuardFailures(olds, news);
    expect(failures).toEqual([{ property: "signingCertificateThumbprint", reason: expect.stringMatching(reason) }]);
  });

  it("names the procedure and the emergency step in its message", () => {
    const [failure] = activationGuardFailures(steady, step(NEW, [NEW]));
    expect(failure.reason).toContain("set azure.signingCertificateRotation.step to publish");
    expect(failure.reason).toContain("docs/rotating-the-signing-certificate.md");
    expect(failure.reason).toContain("step immediate");
  });
});

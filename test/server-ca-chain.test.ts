import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { clientCaChain } from "../components/server-ca-chain";
import { createIntermediateAuthority, createRootAuthority, createServerCertificate, crossSign } from "./support/test-pki";

/**
 * Stand-ins for Amazon's hierarchy: two self-signed roots (as Node's store has them), an ACM intermediate,
 * and the chain ACM's GetCertificate returns for a public certificate: the intermediate, then the roots
 * cross-signed by an older root no profile carries.
 */
const amazonRoot = createRootAuthority("Amazon Root CA 1 (test)");
const starfieldRoot = createRootAuthority("Starfield Services Root Certificate Authority - G2 (test)");
const olderRoot = createRootAuthority("Starfield Class 2 Certification Authority (test)");
const acmIntermediate = createIntermediateAuthority("Amazon RSA 2048 M02 (test)", amazonRoot);
const acmChain = [acmIntermediate.certificatePem, crossSign(amazonRoot, starfieldRoot), crossSign(starfieldRoot, olderRoot)].join("\n");
const roots = () => [amazonRoot, starfieldRoot].map((root) => new X509Certificate(root.certificatePem));
const privateRoot = createRootAuthority("Corp Root CA (test)");
const privateIssuing = createIntermediateAuthority("Corp Issuing CA (test)", privateRoot);

const subjects = (bundle: string) => [...bundle.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].map((m) => new X509Certificate(m[0]));
const names = (bundle: string) => subjects(bundle).map((certificate) => certificate.subject.replace("CN=", ""));

describe("what the profile's <ca> carries", () => {
  it("for an ACM-issued certificate without a chain: Amazon's roots", () => {
    expect(names(clientCaChain({ kind: "amazon-issued" }, roots))).toEqual(["Amazon Root CA 1 (test)", "Starfield Services Root Certificate Authority - G2 (test)"]);
  });

  it("for ACM's own chain: its intermediate, anchored by the self-signed roots instead of the cross-signed copies", () => {
    const bundle = clientCaChain({ kind: "given", caChainPem: acmChain }, roots);
    expect(names(bundle)).toEqual(["Amazon RSA 2048 M02 (test)", "Amazon Root CA 1 (test)", "Starfield Services Root Certificate Authority - G2 (test)"]);
    // Every certificate in the profile is self-signed or issued by another one in it: a client can finish the path.
    const carried = subjects(bundle);
    for (const certificate of carried) expect(carried.some((issuer) => certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey))).toBe(true);
    // And the server certificate verifies against it without any help from the server.
    const leaf = new X509Certificate(createServerCertificate("vpn.example.com", acmIntermediate));
    expect(carried.some((issuer) => leaf.checkIssued(issuer) && leaf.verify(issuer.publicKey))).toBe(true);
  });

  it("for an imported certificate's private CA chain: exactly that chain, without Amazon's roots", () => {
    const given = [privateIssuing.certificatePem, privateRoot.certificatePem].join("\n");
    expect(names(clientCaChain({ kind: "given", caChainPem: given }, roots))).toEqual(["Corp Issuing CA (test)", "Corp Root CA (test)"]);
  });
});

import { describe, expect, it } from "vitest";
import { X509Certificate, createHash } from "node:crypto";
import { placeholderProviders } from "../cli/plan/placeholder-outputs";
import { createPlaceholderCertificate, placeholderCertificateSubject } from "../cli/plan/placeholder-certificate";
import { remoteHostFromEndpointDnsName } from "../components/client-profile";

const now = new Date("2026-11-21T12:00:00Z");
const providers = placeholderProviders({ awsRegion: "eu-west-2", stack: "dev", now });
const endpoint = providers.outputs["aws:ec2clientvpn/endpoint:Endpoint"]("vpn-endpoint", {});
const signingCertificate = "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate";

describe("placeholder provider outputs", () => {
  it("give the endpoint a DNS name shaped like AWS's, in the stack's region, that the client profile accepts", () => {
    expect(endpoint.dnsName).toMatch(/^\*\.cvpn-endpoint-[0-9a-f]{17}\.prod\.clientvpn\.eu-west-2\.amazonaws\.com$/);
    expect(remoteHostFromEndpointDnsName(String(endpoint.dnsName))).toBe(`${String(endpoint.id)}.prod.clientvpn.eu-west-2.amazonaws.com`);
  });

  it("record every made-up value, so the report can mark it", () => {
    for (const key of ["id", "dnsName", "selfServicePortalUrl", "arn"]) expect(providers.placeholders.has(String(endpoint[key]))).toBe(true);
  });

  it("are stable for a stack and differ between stacks", () => {
    const again = placeholderProviders({ awsRegion: "eu-west-2", stack: "dev", now }).outputs["aws:ec2clientvpn/endpoint:Endpoint"]("vpn-endpoint", {});
    const other = placeholderProviders({ awsRegion: "eu-west-2", stack: "prod", now }).outputs["aws:ec2clientvpn/endpoint:Endpoint"]("vpn-endpoint", {});
    expect(again.id).toBe(endpoint.id);
    expect(other.id).not.toBe(endpoint.id);
  });

  it("issue a real X.509 signing certificate that says it is a placeholder, ending on the configured date", () => {
    const outputs = providers.outputs[signingCertificate]("entra-signing-certificate", { servicePrincipalId: "/servicePrincipals/x", endDate: "2029-11-01T00:00:00Z" });
    const certificate = new X509Certificate(Buffer.from(String(outputs.value), "base64"));
    expect(certificate.subject).toContain(placeholderCertificateSubject);
    expect(new Date(certificate.validTo).toISOString()).toBe("2029-11-01T00:00:00.000Z");
    expect(outputs.thumbprint).toBe(createHash("sha1").update(certificate.raw).digest("hex").toUpperCase());
    // The end date is the user's; only the certificate itself is made up.
    expect(outputs.endDate).toBe("2029-11-01T00:00:00Z");
    expect(providers.placeholders.has("2029-11-01T00:00:00Z")).toBe(false);
    expect(providers.placeholders.has(String(outputs.value))).toBe(true);
  });

  it("default the certificate to three years, as Entra does without an end date", () => {
    const outputs = providers.outputs[signingCertificate]("other", { servicePrincipalId: "/servicePrincipals/x" });
    expect(outputs.endDate).toBe("2029-11-21T12:00:00Z");
    expect(providers.placeholders.has(String(outputs.endDate))).toBe(true);
  });

  it("reuse one certificate per validity window in a process, and issue another for other dates", () => {
    const window = { notBefore: now, notAfter: new Date("2030-01-01T00:00:00Z") };
    const first = createPlaceholderCertificate(window);
    expect(createPlaceholderCertificate({ ...window }).body).toBe(first.body);
    expect(createPlaceholderCertificate({ notBefore: now, notAfter: new Date("2030-01-02T00:00:00Z") }).body).not.toBe(first.body);
  });
});

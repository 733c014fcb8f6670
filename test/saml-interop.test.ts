/**
 * Interoperability: would a real SAML service provider, knowing nothing but our generated metadata,
 * accept what Entra sends? node-saml stands in for AWS Client VPN's SP, set up like it:
 * SP entity `urn:amazon:webservices:clientvpn`, ACS `http://127.0.0.1:35001`, signed response
 * (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html), and the assertion
 * signed too, as Entra's Client VPN tutorial sets it up ("Sign SAML response and assertion"):
 * https://learn.microsoft.com/en-us/entra/identity/saas-apps/aws-clientvpn-tutorial
 */
import { SAML, SamlConfig } from "@node-saml/node-saml";
import { describe, expect, it } from "vitest";
import { create } from "xmlbuilder2";
import { buildIdpMetadata, HTTP_REDIRECT_BINDING } from "../components/saml-metadata";
import { validateSamlProtocolMessage } from "./support/saml-protocol-schema";
import { SamlResponseOptions, SamlTestIdp } from "./support/saml-test-idp";

const TENANT = "11bb11bb-cc22-dd33-ee44-55ff55ff55ff";
const SP_ENTITY = "urn:amazon:webservices:clientvpn";
const ACS = "http://127.0.0.1:35001";
const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const DS = "http://www.w3.org/2000/09/xmldsig#";
const GROUPS = ["3f2a9c1e-5b7d-4e2a-9c1e-000000000001", "7c1d2e3f-4a5b-4c6d-8e9f-000000000002", "a1b2c3d4-e5f6-4a7b-8c9d-000000000003"];

interface DomNode {
  localName?: string;
  namespaceURI?: string | null;
  textContent: string | null;
  getAttribute(name: string): string | null;
}

/** What an SP takes from IdP metadata: issuer, signing certificates, and where to send users. */
function readIdpMetadata(xml: string) {
  const nodes = create(xml)
    .root()
    .filter(() => true, true, true)
    .map((n) => n.node as unknown as DomNode);
  const named = (namespace: string, localName: string) => nodes.filter((n) => n.namespaceURI === namespace && n.localName === localName);
  const signOn = named(MD, "SingleSignOnService").find((n) => n.getAttribute("Binding") === HTTP_REDIRECT_BINDING);
  return {
    entityId: named(MD, "EntityDescriptor")[0].getAttribute("entityID")!,
    signingCertificates: named(DS, "X509Certificate").map((n) => n.textContent!),
    singleSignOnUrl: signOn!.getAttribute("Location")!,
  };
}

const idp = new SamlTestIdp();
const metadata = buildIdpMetadata({ tenantId: TENANT, signingCertificate: idp.certificate.certificateBody });
const fromMetadata = readIdpMetadata(metadata);

function clientVpnServiceProvider(overrides: Partial<SamlConfig> = {}): SAML {
  return new SAML({
    idpCert: fromMetadata.signingCertificates,
    idpIssuer: fromMetadata.entityId,
    entryPoint: fromMetadata.singleSignOnUrl,
    issuer: SP_ENTITY,
    audience: SP_ENTITY,
    callbackUrl: ACS,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    ...overrides,
  });
}

function entraLikeResponse(overrides: Partial<SamlResponseOptions> = {}): SamlResponseOptions {
  return {
    issuer: `https://sts.windows.net/${TENANT}/`,
    audience: SP_ENTITY,
    recipient: ACS,
    nameId: "ada.lovelace@contoso.example",
    attributes: { FirstName: "Ada", LastName: "Lovelace", memberOf: GROUPS },
    ...overrides,
  };
}

async function postToServiceProvider(sp: SAML, signer: SamlTestIdp, options: SamlResponseOptions) {
  return sp.validatePostResponseAsync({ SAMLResponse: signer.buildPostBinding(options) });
}

describe("an SP configured only from the generated metadata", () => {
  it("takes the issuer, certificate and sign-in URL from the metadata", () => {
    expect(fromMetadata).toEqual({
      entityId: `https://sts.windows.net/${TENANT}/`,
      signingCertificates: [idp.certificate.certificateBody],
      singleSignOnUrl: `https://login.microsoftonline.com/${TENANT}/saml2`,
    });
  });

  it("accepts a response signed over response and assertion, and reads the user's claims", async () => {
    const { profile, loggedOut } = await postToServiceProvider(clientVpnServiceProvider(), idp, entraLikeResponse());
    expect(loggedOut).toBe(false);
    // node-saml checks idpIssuer only on logout responses; IAM matches the assertion's issuer with the
    // metadata's entityID, so the test asserts that agreement itself.
    expect(profile?.issuer).toBe(fromMetadata.entityId);
    expect(profile?.nameID).toBe("ada.lovelace@contoso.example");
    expect(profile?.nameIDFormat).toBe("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
    expect(profile?.attributes).toEqual({ FirstName: "Ada", LastName: "Lovelace", memberOf: GROUPS });
  });

  it("reads all 151 memberOf values the test IdP can send", async () => {
    const many = Array.from({ length: 151 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    const { profile } = await postToServiceProvider(clientVpnServiceProvider(), idp, entraLikeResponse({ attributes: { memberOf: many } }));
    expect(profile?.attributes).toEqual({ memberOf: many });
  });

  // The single-signature responses are well formed: an SP that does not insist on the missing signature
  // takes them, so the refusals below are about what Client VPN requires, not about a broken signature.
  it.each<[string, Partial<SamlResponseOptions>, Partial<SamlConfig>]>([
    ["assertion-only signed response", { signResponse: false }, { wantAuthnResponseSigned: false }],
    ["response-only signed response", { signAssertion: false }, { wantAssertionsSigned: false }],
  ])("accepts an %s when the SP does not ask for the other signature", async (_why, options, spOverrides) => {
    const { profile } = await postToServiceProvider(clientVpnServiceProvider(spOverrides), idp, entraLikeResponse(options));
    expect(profile?.nameID).toBe("ada.lovelace@contoso.example");
  });

  it.each<[string, SamlTestIdp, Partial<SamlResponseOptions>, RegExp]>([
    ["signed by a key that is not in the metadata", new SamlTestIdp(), {}, /^Invalid document signature$/],
    ["signed over the assertion only, while the SP requires a signed response", idp, { signResponse: false }, /^Invalid document signature$/],
    ["signed over the response only, while the SP requires a signed assertion", idp, { signAssertion: false }, /^Invalid signature$/],
    ["addressed to another audience", idp, { audience: "urn:example:other-sp" }, /audience mismatch.*Received: urn:example:other-sp/],
    ["expired", idp, { now: new Date(Date.now() - 2 * 3600_000) }, /assertion expired/],
  ])("refuses a response %s", async (_why, signer, overrides, expected) => {
    await expect(postToServiceProvider(clientVpnServiceProvider(), signer, entraLikeResponse(overrides))).rejects.toThrow(expected);
  });
});

describe("an SP configured from the metadata of a rotation's overlap (two signing certificates)", () => {
  // Entra holds two certificates while the rotation runs: the one being replaced and the new one. The
  // metadata publishes both; whichever Entra signs with, the SP must accept it.
  const replacedKey = idp;
  const newKey = new SamlTestIdp();
  const overlap = readIdpMetadata(
    buildIdpMetadata({ tenantId: TENANT, signingCertificates: [replacedKey.certificate.certificateBody, newKey.certificate.certificateBody] }),
  );
  const overlapServiceProvider = () => clientVpnServiceProvider({ idpCert: overlap.signingCertificates });

  it("takes both certificates from the metadata", () => {
    expect(overlap.signingCertificates).toEqual([replacedKey.certificate.certificateBody, newKey.certificate.certificateBody]);
  });

  it.each([
    ["the key being replaced (before the activation)", replacedKey],
    ["the new key (after the activation)", newKey],
  ])("accepts a response signed over response and assertion with %s", async (_when, signer) => {
    const { profile } = await postToServiceProvider(overlapServiceProvider(), signer, entraLikeResponse());
    expect(profile?.nameID).toBe("ada.lovelace@contoso.example");
  });

  it("still refuses a response signed by a third key that neither certificate vouches for", async () => {
    await expect(postToServiceProvider(overlapServiceProvider(), new SamlTestIdp(), entraLikeResponse())).rejects.toThrow(/^Invalid document signature$/);
  });

  it("refuses the new key once only the replaced certificate is published: why the new one is published first", async () => {
    await expect(postToServiceProvider(clientVpnServiceProvider(), newKey, entraLikeResponse())).rejects.toThrow(/^Invalid document signature$/);
  });
});

describe("the test IdP", () => {
  // Its responses must be real SAML, or the checks above prove nothing: validate them against the OASIS
  // protocol schema.
  const validateResponse = (xml: string) => validateSamlProtocolMessage(xml, "response.xml");

  it.each([
    ["signed over response and assertion", {}],
    ["signed over the assertion only", { signResponse: false }],
    ["unsigned, answering a request", { signResponse: false, signAssertion: false, inResponseTo: "_request-1" }],
  ])("issues schema-valid responses: %s", async (_why, options) => {
    const result = await validateResponse(idp.buildResponse(entraLikeResponse(options)));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("issues a response the protocol schema would reject if a signature were misplaced", async () => {
    // The signature must follow Issuer; moving it to the end breaks the schema, so the check above can fail.
    const xml = idp.buildResponse(entraLikeResponse({ signAssertion: false }));
    const misplaced = xml.replace(/(<Signature[\s\S]*<\/Signature>)([\s\S]*)(<\/samlp:Response>)$/, "$2$1$3");
    expect(misplaced).not.toBe(xml);
    expect((await validateResponse(misplaced)).valid).toBe(false);
  });

  it.each([
    ["response and assertion", { signResponse: true, signAssertion: true }],
    ["the assertion only", { signResponse: false, signAssertion: true }],
    ["the response only", { signResponse: true, signAssertion: false }],
  ])("signs %s byte for byte as xml-crypto's computeSignature does", (_case, signing) => {
    const response = "/*[local-name()='Response']";
    const assertion = `${response}/*[local-name()='Assertion']`;
    const fixed = entraLikeResponse({ now: new Date("2026-11-29T20:00:00Z"), responseId: "_response", assertionId: "_assertion", inResponseTo: "_request-1" });
    let byXmlCrypto = idp.buildResponse({ ...fixed, signResponse: false, signAssertion: false });
    if (signing.signAssertion) byXmlCrypto = idp.signReferences(byXmlCrypto, assertion, [{ xpath: assertion }]);
    if (signing.signResponse) byXmlCrypto = idp.signReferences(byXmlCrypto, response, [{ xpath: response }]);
    expect(byXmlCrypto).toContain("<SignatureValue>");
    expect(idp.buildResponse({ ...fixed, ...signing })).toBe(byXmlCrypto);
  });

  it("answers the request it is told to", () => {
    const xml = idp.buildResponse(entraLikeResponse({ inResponseTo: "_request-1" }));
    expect(xml).toMatch(/<samlp:Response [^>]*InResponseTo="_request-1"/);
    expect(xml).toMatch(/<SubjectConfirmationData [^>]*InResponseTo="_request-1"/);
  });
});

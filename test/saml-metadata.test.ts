import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { create } from "xmlbuilder2";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces";
import { validateXML, type XMLValidationResult } from "xmllint-wasm";
import { entraCloud, entraCloudNames } from "../components/entra-cloud";
import {
  buildIdpMetadata,
  federationMetadataUrl,
  HTTP_POST_BINDING,
  HTTP_REDIRECT_BINDING,
  maxSigningKeysPerSamlProvider,
  normalizeCertificateBody,
} from "../components/saml-metadata";
import { createTestCertificate } from "./support/test-certificates";

const TENANT = "11bb11bb-cc22-dd33-ee44-55ff55ff55ff";
const CLIENT_ID = "00001111-aaaa-2222-bbbb-3333cccc4444";
const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const DS = "http://www.w3.org/2000/09/xmldsig#";
const certificate = createTestCertificate();
// The certificate a rotation adds: both are published while Entra moves from the first to the second.
const nextCertificate = createTestCertificate();

// --- OASIS schema validation with libxml2 (xmllint-wasm) -------------------------------------------------
// No npm package ships saml-schema-metadata-2.0.xsd, so it (and the W3C xml.xsd it imports) sits in
// test/fixtures/saml-schemas, copied verbatim from Debian's opensaml-schemas/xmltooling-schemas. The
// schemas it imports (xmldsig, xenc, SAML assertion) come from @authenio/samlify-xmllint-wasm.
// The metadata schema imports xmldsig, xenc and xml.xsd by their w3.org URLs, which the wasm build cannot
// fetch; a driver schema imports each namespace from a local file first, and libxml2 then skips the
// URL imports of namespaces it already has (it says so in a parser warning).
const npmSchemas = join(dirname(require.resolve("@authenio/samlify-xmllint-wasm/package.json")), "build", "schemas");
const fixtureSchemas = join(__dirname, "fixtures", "saml-schemas");
const schemaFile = (dir: string, fileName: string) => ({ fileName, contents: readFileSync(join(dir, fileName), "utf8") });
const preload = [
  schemaFile(npmSchemas, "xmldsig-core-schema.xsd"),
  schemaFile(npmSchemas, "xenc-schema.xsd"),
  schemaFile(npmSchemas, "saml-schema-assertion-2.0.xsd"),
  schemaFile(npmSchemas, "XMLSchema.dtd"),
  schemaFile(npmSchemas, "datatypes.dtd"),
  schemaFile(fixtureSchemas, "xml.xsd"),
  schemaFile(fixtureSchemas, "saml-schema-metadata-2.0.xsd"),
];
const driverSchema = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:clientvpn-federation:test:schema-driver">
  <xs:import namespace="http://www.w3.org/2000/09/xmldsig#" schemaLocation="xmldsig-core-schema.xsd"/>
  <xs:import namespace="http://www.w3.org/2001/04/xmlenc#" schemaLocation="xenc-schema.xsd"/>
  <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml.xsd"/>
  <xs:import namespace="urn:oasis:names:tc:SAML:2.0:assertion" schemaLocation="saml-schema-assertion-2.0.xsd"/>
  <xs:import namespace="urn:oasis:names:tc:SAML:2.0:metadata" schemaLocation="saml-schema-metadata-2.0.xsd"/>
</xs:schema>
`;

async function validateMetadata(xml: { fileName: string; contents: string }[]) {
  return validateXML({
    xml,
    schema: [{ fileName: "driver.xsd", contents: driverSchema }],
    preload,
  });
}

// --- reading the document back --------------------------------------------------------------------------
function elements(xml: string, namespace: string, localName: string): XMLBuilder[] {
  const root = create(xml).root();
  return root.filter((n) => {
    const node = n.node as unknown as { localName?: string; namespaceURI?: string | null };
    return node.localName === localName && node.namespaceURI === namespace;
  }, true, true);
}
// The DOM node xmlbuilder2 builds on; the project compiles without the DOM lib, so name only what we use.
interface DomElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
}
const attribute = (element: XMLBuilder, name: string) => (element.node as unknown as DomElement).getAttribute(name);
const text = (element: XMLBuilder) => (element.node as unknown as DomElement).textContent;

describe("buildIdpMetadata", () => {
  const input = { tenantId: TENANT, signingCertificate: certificate.certificateBody };

  it("gives byte-identical output for identical input", () => {
    expect(buildIdpMetadata({ ...input })).toBe(buildIdpMetadata({ ...input }));
  });

  it("carries no timestamp, ID or validity that would change between runs", () => {
    const xml = buildIdpMetadata(input);
    expect(xml).not.toMatch(/\bID=|validUntil|cacheDuration|IssueInstant|Signature/);
  });

  it("is long enough for IAM, which wants 1,000 to 10,000,000 characters", () => {
    // A real 2048-bit certificate alone is over 1,000 base64 characters.
    expect(buildIdpMetadata(input).length).toBeGreaterThanOrEqual(1000);
    expect(buildIdpMetadata(input).length).toBeLessThanOrEqual(10_000_000);
  });

  it("defaults to the global cloud", () => {
    expect(buildIdpMetadata(input)).toBe(buildIdpMetadata({ ...input, cloud: entraCloud("global") }));
  });

  // IAM takes the document either way; a person comparing it with Entra's reads it more easily indented.
  it("opens with the XML declaration and puts each element on its own indented line", () => {
    const lines = buildIdpMetadata(input).split("\n");
    expect(lines[0]).toBe('<?xml version="1.0" encoding="UTF-8"?>');
    expect(lines[1]).toMatch(/^<EntityDescriptor /);
    expect(lines[2]).toMatch(/^ {2}<IDPSSODescriptor /);
  });

  it("carries the certificate exactly, as one base64 line", () => {
    const [x509] = elements(buildIdpMetadata(input), DS, "X509Certificate");
    expect(text(x509)).toBe(certificate.certificateBody);
  });

  it("carries the same certificate whether given as base64 or PEM", () => {
    expect(buildIdpMetadata({ ...input, signingCertificate: certificate.certificatePem })).toBe(buildIdpMetadata(input));
  });

  it("puts the certificate in a signing KeyDescriptor of the IDPSSODescriptor", () => {
    const xml = buildIdpMetadata(input);
    const [descriptor] = elements(xml, MD, "IDPSSODescriptor");
    expect(attribute(descriptor, "protocolSupportEnumeration")).toBe("urn:oasis:names:tc:SAML:2.0:protocol");
    const keyDescriptors = elements(xml, MD, "KeyDescriptor");
    expect(keyDescriptors.map((k) => attribute(k, "use"))).toEqual(["signing"]);
  });

  it.each(entraCloudNames)("uses the %s cloud's issuer and sign-in host", (name) => {
    const cloud = entraCloud(name);
    const xml = buildIdpMetadata({ ...input, cloud });
    const endpoint = `https://${cloud.loginHost}/${TENANT}/saml2`;

    const [entity] = elements(xml, MD, "EntityDescriptor");
    expect(attribute(entity, "entityID")).toBe(cloud.samlIssuer(TENANT));
    const signOn = elements(xml, MD, "SingleSignOnService").map((e) => [attribute(e, "Binding"), attribute(e, "Location")]);
    expect(signOn).toEqual([
      [HTTP_REDIRECT_BINDING, endpoint],
      [HTTP_POST_BINDING, endpoint],
    ]);
    const signOut = elements(xml, MD, "SingleLogoutService").map((e) => [attribute(e, "Binding"), attribute(e, "Location")]);
    expect(signOut).toEqual([[HTTP_REDIRECT_BINDING, endpoint]]);
  });

  it("uses the global issuer https://sts.windows.net/<tenant>/ and SSO at login.microsoftonline.com", () => {
    const xml = buildIdpMetadata(input);
    expect(xml).toContain(`entityID="https://sts.windows.net/${TENANT}/"`);
    expect(xml).toContain(`Location="https://login.microsoftonline.com/${TENANT}/saml2"`);
  });

  it.each([
    ["not a GUID", "contoso.onmicrosoft.com"],
    ["empty", ""],
    ["a GUID with a path after it", `${TENANT}/../common`],
  ])("refuses a tenant ID that is %s, naming azuread:tenantId", (_why, tenantId) => {
    expect(() => buildIdpMetadata({ ...input, tenantId })).toThrow(/^azuread:tenantId: /);
  });

  it("refuses a certificate that is not base64, naming signingCertificate", () => {
    expect(() => buildIdpMetadata({ ...input, signingCertificate: "<not a certificate>" })).toThrow(/^signingCertificate: .*not base64/);
  });
});

describe("buildIdpMetadata with several signing certificates (a rotation's overlap)", () => {
  const both = { tenantId: TENANT, signingCertificates: [certificate.certificateBody, nextCertificate.certificateBody] };

  it("puts one signing KeyDescriptor per certificate, in the order given", () => {
    const xml = buildIdpMetadata(both);
    expect(elements(xml, MD, "KeyDescriptor").map((k) => attribute(k, "use"))).toEqual(["signing", "signing"]);
    expect(elements(xml, DS, "X509Certificate").map(text)).toEqual([certificate.certificateBody, nextCertificate.certificateBody]);
  });

  it("builds the same document from a one-element list as from the single certificate", () => {
    expect(buildIdpMetadata({ tenantId: TENANT, signingCertificates: [certificate.certificatePem] })).toBe(
      buildIdpMetadata({ tenantId: TENANT, signingCertificate: certificate.certificateBody }),
    );
  });

  it("stays within IAM's 1,000 to 10,000,000 characters", () => {
    expect(buildIdpMetadata(both).length).toBeLessThanOrEqual(10_000_000);
  });

  it.each([
    ["no certificate", [], /^signingCertificates: no certificate given/],
    ["the same certificate twice (once as PEM)", [certificate.certificateBody, certificate.certificatePem], /^signingCertificates\[1\]: the same certificate as signingCertificates\[0\]/],
    ["an entry that is not base64", [certificate.certificateBody, "<not a certificate>"], /^signingCertificates\[1\]: the certificate is not base64/],
    [
      "more certificates than IAM's keys per SAML provider",
      Array.from({ length: maxSigningKeysPerSamlProvider + 1 }, () => certificate.certificateBody),
      /^signingCertificates: 11 certificates, but IAM takes at most 10 keys per SAML provider/,
    ],
  ])("refuses %s, naming the entry", (_why, signingCertificates, message) => {
    expect(() => buildIdpMetadata({ tenantId: TENANT, signingCertificates })).toThrow(message);
  });
});

describe("OASIS SAML 2.0 metadata schema", () => {
  // Aliases build the same document as the cloud they name; validate each distinct cloud once.
  const distinctClouds = [...new Set(entraCloudNames.map((name) => entraCloud(name).name))];
  const cloudFile = (name: string) => `metadata-${name}.xml`;

  // Proof that the validator can fail: each document breaks one rule of the schema, and the validity
  // error names that rule (parser warnings about the skipped URL imports are not counted).
  const valid = buildIdpMetadata({ tenantId: TENANT, signingCertificate: certificate.certificateBody });
  // A rotation's overlap: the certificate being replaced and the new one, both published.
  const overlap = buildIdpMetadata({ tenantId: TENANT, signingCertificates: [certificate.certificateBody, nextCertificate.certificateBody] });
  const overlapFile = "metadata-overlap.xml";
  const broken: [string, string, RegExp][] = [
    [
      "SingleSignOnService before SingleLogoutService",
      valid.replace(/(\s*<SingleLogoutService[^>]*\/>)((?:\s*<SingleSignOnService[^>]*\/>)+)/, "$2$1"),
      /SingleLogoutService': This element is not expected/,
    ],
    ["no protocolSupportEnumeration", valid.replace(/ protocolSupportEnumeration="[^"]*"/, ""), /'protocolSupportEnumeration' is required/],
    ["no SingleSignOnService", valid.replace(/\s*<SingleSignOnService[^>]*\/>/g, ""), /IDPSSODescriptor': Missing child element/],
    ["a KeyDescriptor use other than signing or encryption", valid.replace('use="signing"', 'use="verify"'), /'verify' is not an element of the set/],
    ["no entityID", valid.replace(/ entityID="[^"]*"/, ""), /'entityID' is required/],
    [
      "two certificates, the second KeyDescriptor after the services",
      overlap.replace(/(\s*<KeyDescriptor(?:(?!<\/KeyDescriptor>)[\s\S])*<\/KeyDescriptor>)(\s*<SingleLogoutService[^>]*\/>)/, "$2$1"),
      /KeyDescriptor': This element is not expected/,
    ],
  ];
  const brokenFile = (why: string) => `broken-${broken.findIndex(([name]) => name === why)}.xml`;

  // One libxml2 run validates every document: loading the schemas is most of a run's cost. xmllint says
  // "<file> validates" or "<file> fails to validate" for each, and each error names its file.
  let result: XMLValidationResult;
  beforeAll(async () => {
    result = await validateMetadata([
      ...distinctClouds.map((name) => ({
        fileName: cloudFile(name),
        contents: buildIdpMetadata({ tenantId: TENANT, signingCertificate: certificate.certificateBody, cloud: entraCloud(name) }),
      })),
      { fileName: overlapFile, contents: overlap },
      ...broken.map(([why, contents]) => ({ fileName: brokenFile(why), contents })),
    ]);
  });
  const errorsOf = (fileName: string) => result.errors.filter((e) => e.loc?.fileName === fileName).map((e) => e.message);

  it("reports nothing beyond the broken documents' errors and the schemas' warnings about the skipped URL imports", () => {
    const brokenFiles = broken.map(([why]) => brokenFile(why));
    const unexplained = result.errors.filter((e) =>
      e.loc
        ? !brokenFiles.includes(e.loc.fileName) && !/^element import: Schemas parser warning : .*Skipping import of schema located at 'http/.test(e.message)
        : !brokenFiles.some((file) => e.rawMessage === `${file} fails to validate`),
    );
    expect(unexplained.map((e) => e.rawMessage)).toEqual([]);
  });

  it.each(distinctClouds)("accepts the metadata built for the %s cloud", (name) => {
    expect(errorsOf(cloudFile(name))).toEqual([]);
    expect(result.rawOutput).toMatch(new RegExp(`^${cloudFile(name)} validates$`, "m"));
  });

  it("accepts the metadata of a rotation's overlap, with two signing certificates", () => {
    expect(errorsOf(overlapFile)).toEqual([]);
    expect(result.rawOutput).toMatch(new RegExp(`^${overlapFile} validates$`, "m"));
  });

  it.each(broken)("rejects metadata with %s", (why, xml, expected) => {
    expect(xml).not.toBe(valid);
    expect(xml).not.toBe(overlap);
    expect(result.rawOutput).toMatch(new RegExp(`^${brokenFile(why)} fails to validate$`, "m"));
    expect(errorsOf(brokenFile(why))).toEqual([expect.stringMatching(expected)]);
  });
});

describe("normalizeCertificateBody", () => {
  const body = certificate.certificateBody;
  const wrapped = body.match(/.{1,64}/g)!.join("\n");

  it.each([
    ["one base64 line", body],
    ["base64 wrapped at 64 columns", wrapped],
    ["PEM", certificate.certificatePem],
    ["PEM with CRLF line ends and surrounding blanks", `  \r\n${certificate.certificatePem.replace(/\n/g, "\r\n")}\r\n `],
  ])("reduces %s to one base64 line", (_form, value) => {
    expect(normalizeCertificateBody(value)).toBe(body);
  });

  it.each([
    ["empty", "", /empty/],
    ["only PEM armour", "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----", /empty/],
    ["characters outside base64", "MIIC$$==", /not base64/],
    ["a length that is not a multiple of four", "MIICa", /not base64/],
    ["padding in the middle", "MI==ICaa", /not base64/],
  ])("refuses %s, naming signingCertificate", (_why, value, message) => {
    expect(() => normalizeCertificateBody(value)).toThrow(/^signingCertificate: /);
    expect(() => normalizeCertificateBody(value)).toThrow(message);
  });
});

describe("federationMetadataUrl", () => {
  it.each(entraCloudNames)("points at the %s cloud's app federation metadata", (name) => {
    const cloud = entraCloud(name);
    expect(federationMetadataUrl(TENANT, CLIENT_ID, cloud)).toBe(
      `https://${cloud.loginHost}/${TENANT}/federationmetadata/2007-06/federationmetadata.xml?appid=${CLIENT_ID}`,
    );
  });

  it("defaults to the global cloud", () => {
    expect(federationMetadataUrl(TENANT, CLIENT_ID)).toBe(
      `https://login.microsoftonline.com/${TENANT}/federationmetadata/2007-06/federationmetadata.xml?appid=${CLIENT_ID}`,
    );
  });

  it.each([
    ["a word", "common"],
    ["a GUID with a character before it", `x${TENANT}`],
    ["a GUID with a character after it", `${TENANT}0`],
  ])("refuses a tenant ID that is %s", (_case, tenantId) => {
    expect(() => federationMetadataUrl(tenantId, CLIENT_ID)).toThrow(/^azuread:tenantId: /);
  });
});

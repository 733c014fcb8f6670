/**
 * Validates a SAML protocol message (AuthnRequest, Response) against the OASIS SAML 2.0 protocol schema with libxml2
 * (xmllint-wasm). The schema and its imports ship in @authenio/samlify-xmllint-wasm.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { validateXML } from "xmllint-wasm";

const schemas = join(dirname(require.resolve("@authenio/samlify-xmllint-wasm/package.json")), "build", "schemas");
const schemaFile = (fileName: string) => ({ fileName, contents: readFileSync(join(schemas, fileName), "utf8") });

export function validateSamlProtocolMessage(xml: string, fileName = "message.xml") {
  return validateXML({
    xml: [{ fileName, contents: xml }],
    schema: [schemaFile("saml-schema-protocol-2.0.xsd")],
    preload: ["saml-schema-assertion-2.0.xsd", "xmldsig-core-schema.xsd", "xenc-schema.xsd", "XMLSchema.dtd", "datatypes.dtd"].map(schemaFile),
  });
}

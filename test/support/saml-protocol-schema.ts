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
  return validateSamlProtocolMessages([{ fileName, contents: xml }]);
}

/**
 * Several messages in one run of xmllint, which starts a worker thread and compiles libxml2 and the schemas each
 * time (about 0.17 s of CPU). `valid` is then true only if every message is; each message's own verdict is its
 * line in `rawOutput` ("<file> validates" or "<file> fails to validate") and its errors carry its `loc.fileName`.
 */
export function validateSamlProtocolMessages(messages: { fileName: string; contents: string }[]) {
  return validateXML({
    xml: messages,
    schema: [schemaFile("saml-schema-protocol-2.0.xsd")],
    preload: ["saml-schema-assertion-2.0.xsd", "xmldsig-core-schema.xsd", "xenc-schema.xsd", "XMLSchema.dtd", "datatypes.dtd"].map(schemaFile),
  });
}

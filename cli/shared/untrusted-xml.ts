/**
 * Parsing XML that anyone could have sent (a SAML message posted to a local port, a file a user was handed).
 *
 * SAML protocol messages never need a document type declaration, and a DTD is where XML's known attacks live:
 * external entities that read local files or reach the network (XXE), and nested entity expansion ("billion
 * laughs"). OWASP's advice is to disable DTDs completely
 * (https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html), so any
 * `<!DOCTYPE` or `<!ENTITY` refuses the document before it is parsed. @xmldom/xmldom (the parser already in the
 * project) does not fetch external entities or expand declared ones; an undeclared entity reference is an error
 * here, where xmldom on its own would only warn and keep the text.
 */
import { DOMParser } from "@xmldom/xmldom";

export class UntrustedXmlError extends Error {
  override readonly name = "UntrustedXmlError";
}

export function parseUntrustedXml(xml: string): Document {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new UntrustedXmlError("it carries a document type declaration (DTD), which SAML never uses");
  const errors: string[] = [];
  const document = new DOMParser({
    errorHandler: {
      warning: () => undefined,
      error: (message) => void errors.push(message),
      fatalError: (message) => void errors.push(message),
    },
  }).parseFromString(xml, "text/xml");
  if (errors.length > 0 || !document.documentElement) {
    throw new UntrustedXmlError(`it is not well-formed XML (${errors[0]?.split("\n")[0].replace(/^\[xmldom \w+\]\s*/, "") ?? "no root element"})`);
  }
  return document as unknown as Document;
}

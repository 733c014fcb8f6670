/**
 * A captured SAMLResponse, in whichever form the user saved it: the XML itself, the base64 value of
 * the `SAMLResponse` form field (HTTP-POST binding, SAML bindings 3.5.4), or the whole URL-encoded
 * form body as a browser's network panel shows it.
 */
export type SamlInputForm = "xml" | "base64" | "form";

export interface DecodedSamlResponse {
  xml: string;
  form: SamlInputForm;
  /** Bytes of the decoded XML: what the 128 KB limit is measured on. */
  xmlBytes: number;
}

export class SamlInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SamlInputError";
  }
}

export function decodeSamlInput(text: string): DecodedSamlResponse {
  // trim() also drops a leading byte order mark: U+FEFF is WhiteSpace to ECMAScript (ECMA-262, 12.2 "White Space").
  const trimmed = text.trim();
  if (!trimmed) throw new SamlInputError("the file is empty; save the SAMLResponse value (or the XML) into it");
  if (trimmed.startsWith("<")) return { xml: trimmed, form: "xml", xmlBytes: Buffer.byteLength(trimmed, "utf8") };
  if (/(^|&)SAMLResponse=/.test(trimmed)) {
    const value = new URLSearchParams(trimmed).get("SAMLResponse") ?? "";
    return { ...fromBase64(value), form: "form" };
  }
  // A value copied out of a form body may still be percent-encoded (%2B, %3D).
  return { ...fromBase64(/%[0-9A-Fa-f]{2}/.test(trimmed) ? percentDecoded(trimmed) : trimmed), form: "base64" };
}

function percentDecoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new SamlInputError("the value is percent-encoded, but not completely (a % without two hex digits after it); copy the SAMLResponse field again");
  }
}

function fromBase64(value: string): { xml: string; xmlBytes: number } {
  const compact = value.replace(/\s/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new SamlInputError("the file is neither XML, nor base64, nor a form body with SAMLResponse=; save the SAMLResponse form field as captured");
  }
  const bytes = Buffer.from(compact, "base64");
  const xml = bytes.toString("utf8").trim();
  if (!xml.startsWith("<")) {
    throw new SamlInputError("the base64 does not decode to XML; the HTTP-POST binding carries the response uncompressed, so copy the SAMLResponse field of the POST to the reply URL");
  }
  return { xml, xmlBytes: bytes.length };
}

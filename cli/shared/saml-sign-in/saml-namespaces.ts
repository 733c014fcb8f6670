/** SAML 2.0 namespaces (SAML 2.0 Core, section 1.2: https://docs.oasis-open.org/security/saml/v2.0/saml-core-2.0-os.pdf). */
export const PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
export const ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";

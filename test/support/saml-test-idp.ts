/**
 * A test identity provider that issues SAML 2.0 Responses the way Entra ID does, signed with a test key.
 *
 * Shape of the response, as Entra documents it
 * (https://learn.microsoft.com/en-us/entra/identity-platform/single-sign-on-saml-protocol#response):
 * samlp:Response(Issuer, Signature?, Status, Assertion(Issuer, Signature?, Subject, Conditions,
 * AttributeStatement, AuthnStatement)), RSA-SHA256 over exclusive C14N, the signing certificate in KeyInfo.
 * Entra signs the assertion by default and can sign the response as well ("Sign SAML response and
 * assertion"), which AWS Client VPN needs; `signResponse` and `signAssertion` choose either or both.
 *
 * Used by the interoperability tests and meant for the `saml-check` CLI, which builds good and bad
 * responses (assertion-only signed, wrong audience, more than 150 groups) from the same options.
 */
import { createHash, createPrivateKey, createSign, type KeyObject, randomUUID } from "node:crypto";
import { DOMParser } from "@xmldom/xmldom";
import { ExclusiveCanonicalization, SignedXml } from "xml-crypto";
import { create } from "xmlbuilder2";
import { createTestCertificate, TestCertificate } from "./test-certificates";

const PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
const ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
const EMAIL_NAME_ID = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
const BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
const PASSWORD_PROTECTED = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";
const SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";

export interface SamlResponseOptions {
  /** IssueInstant and the reference point of the validity window; defaults to the current time. */
  now?: Date;
  /** Issuer of response and assertion, e.g. `https://sts.windows.net/<tenant>/`. */
  issuer: string;
  /** The SP entity the assertion is restricted to, e.g. `urn:amazon:webservices:clientvpn`; several give one Audience each. */
  audience: string | readonly string[];
  /** The ACS URL: SubjectConfirmationData Recipient, and Destination unless `destination` is given. */
  recipient: string;
  destination?: string;
  /** The AuthnRequest ID this answers; omitted for IdP-initiated responses. */
  inResponseTo?: string;
  nameId: string;
  /** The top-level StatusCode; default Success. */
  statusCode?: string;
  /** Defaults to the email-address format AWS expects. */
  nameIdFormat?: string;
  /** SAML attributes by name; an array gives one AttributeValue per element. */
  attributes?: Record<string, string | readonly string[]>;
  /** Start of the validity window in seconds relative to `now`; default -300 (5 minutes of clock skew). */
  notBefore?: number;
  /** End of the validity window in seconds relative to `now`; default 3600. */
  notOnOrAfter?: number;
  /** Sign the whole Response; default true. */
  signResponse?: boolean;
  /** Sign the Assertion; default true. */
  signAssertion?: boolean;
  responseId?: string;
  assertionId?: string;
}

const XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
const EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
const ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";

/** Exclusive C14N as xml-crypto applies it to a reference or SignedInfo (no inclusive prefixes; comments are none here). */
function exclusiveC14n(element: Element): string {
  return new ExclusiveCanonicalization().process(element as unknown as Parameters<ExclusiveCanonicalization["process"]>[0], { defaultNsForPrefix: SignedXml.defaultNsForPrefix, ancestorNamespaces: [], inclusiveNamespacesPrefixList: [] }) as string;
}

function childElement(parent: Element, localName: string): Element {
  return Array.from(parent.childNodes).find((node) => (node as Element).localName === localName) as Element;
}

/** A fresh XML ID: NCName, so it may not start with a digit. */
function newId(): string {
  return `_${randomUUID()}`;
}

function offset(now: Date, seconds: number): string {
  return new Date(now.getTime() + seconds * 1000).toISOString();
}

export class SamlTestIdp {
  readonly certificate: TestCertificate;
  /**
   * Read from PEM once: signing with the PEM text parses it again on every signature (about 0.7 ms of
   * 2 ms). RSA PKCS#1 v1.5 is deterministic, so the SignatureValue is the same either way.
   */
  private readonly signingKey: KeyObject;
  /** xml-crypto's own KeyInfo content for the certificate, built once instead of on every signature. */
  private readonly keyInfoContent: string | null;

  constructor(certificate: TestCertificate = createTestCertificate()) {
    this.certificate = certificate;
    this.signingKey = createPrivateKey(certificate.privateKeyPem);
    this.keyInfoContent = SignedXml.getKeyInfoContent({ publicCert: certificate.certificatePem });
  }

  /** The Response as XML text. */
  buildResponse(options: SamlResponseOptions): string {
    const now = options.now ?? new Date();
    const responseId = options.responseId ?? newId();
    const assertionId = options.assertionId ?? newId();
    const notBefore = offset(now, options.notBefore ?? -300);
    const notOnOrAfter = offset(now, options.notOnOrAfter ?? 3600);
    const inResponseTo = options.inResponseTo === undefined ? {} : { InResponseTo: options.inResponseTo };

    const response = create({ version: "1.0", encoding: "UTF-8" }).ele(PROTOCOL_NS, "samlp:Response", {
      ID: responseId,
      Version: "2.0",
      IssueInstant: now.toISOString(),
      Destination: options.destination ?? options.recipient,
      ...inResponseTo,
    });
    response.ele(ASSERTION_NS, "Issuer").txt(options.issuer);
    response.ele(PROTOCOL_NS, "samlp:Status").ele(PROTOCOL_NS, "samlp:StatusCode", { Value: options.statusCode ?? SUCCESS });

    const assertion = response.ele(ASSERTION_NS, "Assertion", { ID: assertionId, IssueInstant: now.toISOString(), Version: "2.0" });
    assertion.ele(ASSERTION_NS, "Issuer").txt(options.issuer);
    const subject = assertion.ele(ASSERTION_NS, "Subject");
    subject.ele(ASSERTION_NS, "NameID", { Format: options.nameIdFormat ?? EMAIL_NAME_ID }).txt(options.nameId);
    subject
      .ele(ASSERTION_NS, "SubjectConfirmation", { Method: BEARER })
      .ele(ASSERTION_NS, "SubjectConfirmationData", { ...inResponseTo, NotOnOrAfter: notOnOrAfter, Recipient: options.recipient });
    const restriction = assertion.ele(ASSERTION_NS, "Conditions", { NotBefore: notBefore, NotOnOrAfter: notOnOrAfter }).ele(ASSERTION_NS, "AudienceRestriction");
    for (const audience of typeof options.audience === "string" ? [options.audience] : options.audience) {
      restriction.ele(ASSERTION_NS, "Audience").txt(audience);
    }

    const attributes = Object.entries(options.attributes ?? {});
    if (attributes.length > 0) {
      const statement = assertion.ele(ASSERTION_NS, "AttributeStatement");
      for (const [name, value] of attributes) {
        const attribute = statement.ele(ASSERTION_NS, "Attribute", { Name: name });
        for (const item of typeof value === "string" ? [value] : value) {
          attribute.ele(ASSERTION_NS, "AttributeValue").txt(item);
        }
      }
    }
    assertion
      .ele(ASSERTION_NS, "AuthnStatement", { AuthnInstant: now.toISOString(), SessionIndex: assertionId })
      .ele(ASSERTION_NS, "AuthnContext")
      .ele(ASSERTION_NS, "AuthnContextClassRef")
      .txt(PASSWORD_PROTECTED);

    const xml = response.doc().end({ headless: true });
    const signAssertion = options.signAssertion ?? true;
    const signResponse = options.signResponse ?? true;
    if (!signAssertion && !signResponse) return xml;
    const doc = new DOMParser().parseFromString(xml, "text/xml");
    const root = doc.documentElement!;
    // Inner signature first: the response signature then covers the signed assertion, as Entra does it.
    if (signAssertion) this.signEnveloped(childElement(root, "Assertion"));
    if (signResponse) this.signEnveloped(root);
    // xml-crypto's getSignedXml(): the document's serialization with carriage returns escaped.
    return doc.toString().replace(/\r/g, "&#xD;");
  }

  /** The Response as the HTTP-POST binding carries it: the `SAMLResponse` form field, base64. */
  buildPostBinding(options: SamlResponseOptions): string {
    return Buffer.from(this.buildResponse(options), "utf8").toString("base64");
  }

  /**
   * An enveloped signature over `element` (by its ID), placed right after its Issuer as the schema demands:
   * what xml-crypto's computeSignature makes with the options of `signReferences`, byte for byte (a test
   * compares the two), without parsing and serializing the whole response and searching it by XPath for
   * each signature. The digest and the SignedInfo are canonicalized by xml-crypto's own exclusive C14N.
   */
  private signEnveloped(element: Element): void {
    // The element holds no signature yet, so the enveloped-signature transform leaves it as it is.
    const digest = createHash("sha256").update(exclusiveC14n(element)).digest("base64");
    const signedInfo =
      `<SignedInfo><CanonicalizationMethod Algorithm="${EXC_C14N}"/><SignatureMethod Algorithm="${RSA_SHA256}"/>` +
      `<Reference URI="#${element.getAttribute("ID")}"><Transforms><Transform Algorithm="${ENVELOPED}"/><Transform Algorithm="${EXC_C14N}"/></Transforms>` +
      `<DigestMethod Algorithm="${SHA256}"/><DigestValue>${digest}</DigestValue></Reference></SignedInfo>`;
    const unsigned = new DOMParser().parseFromString(`<Signature xmlns="${XMLDSIG_NS}">${signedInfo}</Signature>`, "text/xml").documentElement!;
    const signatureValue = createSign("RSA-SHA256").update(exclusiveC14n(childElement(unsigned, "SignedInfo"))).sign(this.signingKey, "base64");
    const keyInfo = this.keyInfoContent === null ? "" : `<KeyInfo>${this.keyInfoContent}</KeyInfo>`;
    const signature = new DOMParser().parseFromString(`<Signature xmlns="${XMLDSIG_NS}">${signedInfo}<SignatureValue>${signatureValue}</SignatureValue>${keyInfo}</Signature>`, "text/xml").documentElement!;
    element.insertBefore(signature, childElement(element, "Issuer").nextSibling);
  }

  /**
   * A signature placed after the Issuer of the element at `placedIn`, covering the given references, as
   * an attacker or a misconfigured IdP might make it: several references, or one with an empty URI (the
   * whole document).
   */
  signReferences(xml: string, placedIn: string, references: readonly { xpath: string; emptyUri?: boolean }[]): string {
    const signer = new SignedXml({
      privateKey: this.signingKey,
      // Called with no prefix, as computeSignature below passes none.
      getKeyInfoContent: () => this.keyInfoContent,
      signatureAlgorithm: RSA_SHA256,
      canonicalizationAlgorithm: EXC_C14N,
    });
    for (const reference of references) {
      signer.addReference({
        xpath: reference.xpath,
        transforms: [ENVELOPED, EXC_C14N],
        digestAlgorithm: SHA256,
        isEmptyUri: reference.emptyUri ?? false,
      });
    }
    signer.computeSignature(xml, {
      location: { reference: `${placedIn}/*[local-name()='Issuer']`, action: "after" },
    });
    return signer.getSignedXml();
  }
}

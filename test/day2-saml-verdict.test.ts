/**
 * The SAML verdict on its own: what `npm run saml-check` decides about a captured response, with no
 * CLI, AWS or stack around it. Kept apart from the command's tests so mutation testing reruns it fast.
 */
import { describe, expect, it } from "vitest";
import { decodeSamlInput } from "../cli/day2/saml/saml-input";
import { checkSamlResponse } from "../cli/day2/saml/saml-requirements";
import type { SamlResponseOptions } from "./support/saml-test-idp";
import { options, response, stranger } from "./support/saml-responses";
import { engineersGroup, opsGroup } from "./support/day2-aws-shapes";


function check(xml: string) {
  const results = checkSamlResponse(decodeSamlInput(xml), options);
  return Object.fromEntries(results.map((result) => [result.name, result]));
}

const failing = (xml: string) =>
  checkSamlResponse(decodeSamlInput(xml), options)
    .filter((result) => result.status === "fail")
    .map((result) => result.name);

describe("saml-check requirements", () => {
  it("a correct response passes every requirement", () => {
    const results = checkSamlResponse(decodeSamlInput(response()), options);
    expect(results.filter((result) => result.status !== "pass")).toEqual([]);
    expect(results.find((result) => result.name === "memberOf values match the endpoint's rules")?.detail).toBe(`opens payments, dns through ${engineersGroup}`);
  });

  it("an assertion-only signed response fails the response signature, with the signing-option fix", () => {
    const result = check(response({ signResponse: false }))["response is signed by the IAM provider's certificate"];
    expect(result).toMatchObject({ status: "fail", detail: "the Response is not signed" });
    expect(result.fix).toMatch(/ResponseAndToken/);
    expect(failing(response({ signResponse: false }))).toEqual(["response is signed by the IAM provider's certificate"]);
  });

  it("a wrong audience fails with the identifier fix", () => {
    const xml = response({ audience: "https://signin.aws.amazon.com/saml" });
    expect(failing(xml)).toEqual(["audience is urn:amazon:webservices:clientvpn"]);
    expect(check(xml)["audience is urn:amazon:webservices:clientvpn"].detail).toBe("audience is https://signin.aws.amazon.com/saml");
  });

  it("151 groups fail the 150-group limit", () => {
    const groups = Array.from({ length: 151 }, (_, index) => `3f2a9c1e-0000-4000-8000-${String(index).padStart(12, "0")}`);
    const xml = response({ attributes: { FirstName: "Ana", LastName: "Silva", memberOf: groups } });
    expect(check(xml)["memberOf is present, with at most 150 groups"]).toMatchObject({ status: "fail", detail: "151 groups, over Entra's 150 for SAML" });
  });

  it("the groups overage claim fails even with no memberOf", () => {
    const xml = response({ attributes: { FirstName: "Ana", LastName: "Silva", "http://schemas.microsoft.com/claims/groups.link": "https://graph.windows.net/t/users/u/getMemberObjects" } });
    expect(check(xml)["memberOf is present, with at most 150 groups"].detail).toContain("groups overage claim");
  });

  it.each([
    [{ attributes: { firstname: "Ana", LastName: "Silva", memberOf: [engineersGroup] } }, "FirstName and LastName are present", 'FirstName missing (found "firstname"; names are case-sensitive)'],
    [{ nameIdFormat: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent" }, "NameID is an email address", "NameID format is urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"],
    [{ issuer: "https://sts.windows.net/99999999-2222-4333-8444-555555555555/" }, "issuer is the IdP in the IAM provider's metadata", "issuer is https://sts.windows.net/99999999-2222-4333-8444-555555555555/, the metadata names https://sts.windows.net/11111111-2222-4333-8444-555555555555/"],
    [{ recipient: "https://portal.example.com/acs" }, "recipient is the AWS client (or the self-service portal)", "Recipient https://portal.example.com/acs, Destination https://portal.example.com/acs is not"],
    [{ attributes: { FirstName: "Ana", LastName: "Silva", memberOf: [opsGroup] } }, "memberOf values match the endpoint's rules", "none of the user's 1 group(s) is in a group rule; only dns (all groups) apply"],
  ] as const)("claim problem %#: %s", (overrides, name, detail) => {
    const result = check(response(overrides as Partial<SamlResponseOptions>))[name];
    expect(result.status).toBe("fail");
    expect(result.detail).toContain(detail);
    expect(result.fix).toBeTruthy();
  });

  it("refuses an assertion's signature moved under the Response: it signs the assertion, not the Response", () => {
    const xml = response({ signResponse: false });
    const signature = /<Signature[\s\S]*?<\/Signature>/.exec(xml)![0];
    const moved = xml.replace(signature, "").replace(/(<samlp:Response[^>]*>\s*<Issuer[^>]*>[^<]*<\/Issuer>)/, `$1${signature}`);
    expect(moved).not.toBe(xml.replace(signature, ""));
    const results = check(moved);
    expect(results["response is signed by the IAM provider's certificate"]).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/^the Response's signature refers to #_[0-9a-f-]{36}, not to the Response itself \(#_[0-9a-f-]{36}\): a wrapped or misplaced signature$/),
    });
    expect(results["assertion is signed by the IAM provider's certificate"]).toMatchObject({ status: "fail", detail: "the Assertion is not signed" });
    expect(Object.values(results).filter((result) => result.status === "pass").map((result) => result.name)).toEqual(["response is at most 128 KB", "Entra reports success"]);
  });

  it("refuses an element that carries two signatures, though each verifies", () => {
    const xml = response();
    const responseSignature = /(<\/Issuer>)(<Signature[\s\S]*?<\/Signature>)(<samlp:Status)/.exec(xml)!;
    const twice = xml.replace(responseSignature[0], `${responseSignature[1]}${responseSignature[2]}${responseSignature[2]}${responseSignature[3]}`);
    expect(check(twice)["response is signed by the IAM provider's certificate"]).toMatchObject({ status: "fail", detail: "the Response carries 2 signatures; Entra signs it once" });
  });

  it.each([
    ["a failed sign-in", "urn:oasis:names:tc:SAML:2.0:status:Requester", "status urn:oasis:names:tc:SAML:2.0:status:Requester"],
    ["a responder error", "urn:oasis:names:tc:SAML:2.0:status:Responder", "status urn:oasis:names:tc:SAML:2.0:status:Responder"],
  ])("reports %s as the failure it is, whatever else the response carries", (_case, statusCode, detail) => {
    const result = check(response({ statusCode }))["Entra reports success"];
    expect(result).toMatchObject({ status: "fail", detail });
    expect(result.fix).toMatch(/sign-in logs/);
  });

  it.each([
    ["no @", "ana.example.com"],
    ["no domain dot", "ana@example"],
    ["a space", "ana silva@example.com"],
    ["two @", "ana@silva@example.com"],
  ])("refuses an email-format NameID that is not an email address (%s)", (_case, nameId) => {
    expect(check(response({ nameId }))["NameID is an email address"]).toMatchObject({ status: "fail", detail: `NameID "${nameId}" is not an email address` });
  });

  it("refuses an audience beside Client VPN's: the assertion must be for Client VPN alone", () => {
    const xml = response({ audience: ["urn:amazon:webservices:clientvpn", "https://signin.aws.amazon.com/saml"] });
    expect(check(xml)["audience is urn:amazon:webservices:clientvpn"]).toMatchObject({
      status: "fail",
      detail: "audience is urn:amazon:webservices:clientvpn, https://signin.aws.amazon.com/saml",
    });
  });

  it.each([
    [128 * 1024, "pass", "128.0 KB"],
    [128 * 1024 + 1, "fail", "128.0 KB, over AWS's 128 KB"],
  ])("holds AWS's 128 KB limit to the byte: %i bytes %s", (xmlBytes, status, detail) => {
    const [size] = checkSamlResponse({ xml: response(), form: "xml", xmlBytes }, options);
    expect(size).toMatchObject({ name: "response is at most 128 KB", status, detail });
  });

  it("a response over 128 KB fails the size limit", () => {
    const xml = response({ attributes: { FirstName: "Ana", LastName: "Silva", memberOf: [engineersGroup], padding: "x".repeat(130 * 1024) } });
    expect(check(xml)["response is at most 128 KB"].status).toBe("fail");
  });

  it("a response signed by a certificate IAM does not hold names both thumbprints", () => {
    const result = check(response({}, stranger))["assertion is signed by the IAM provider's certificate"];
    expect(result.status).toBe("fail");
    expect(result.detail).toMatch(/^the Assertion is signed by [0-9A-F]{40}, which the IAM provider does not hold \(it holds [0-9A-F]{40}\)$/);
  });

  it("a tampered response fails both signatures and no claim passes", () => {
    const xml = response().replace(engineersGroup, opsGroup);
    const results = checkSamlResponse(decodeSamlInput(xml), options);
    const byName = Object.fromEntries(results.map((result) => [result.name, result]));
    expect(byName["response is signed by the IAM provider's certificate"].status).toBe("fail");
    expect(byName["assertion is signed by the IAM provider's certificate"].status).toBe("fail");
    expect(byName["audience is urn:amazon:webservices:clientvpn"]).toMatchObject({ status: "not-checkable", detail: expect.stringContaining("unverified") });
  });

  it("a forged assertion wrapped beside the signed one is refused", () => {
    const xml = response({ signResponse: false });
    const signed = /<Assertion[\s\S]*<\/Assertion>/.exec(xml)![0];
    const forged = signed
      .replace(/<Signature[\s\S]*<\/Signature>/, "")
      .replace(/ID="[^"]+"/, 'ID="_forged"')
      .replace(engineersGroup, opsGroup);
    expect(forged).not.toContain("Signature");
    const wrapped = xml.replace(signed, `${forged}<samlp:Extensions>${signed}</samlp:Extensions>`);
    const results = checkSamlResponse(decodeSamlInput(wrapped), options);
    expect(results.find((result) => result.name === "response carries exactly one assertion")).toMatchObject({ status: "fail" });
    expect(results.some((result) => result.name.startsWith("memberOf") && result.status === "pass")).toBe(false);
  });

  it("a forged assertion carrying the original signature is not read as signed", () => {
    const xml = response();
    const forged = xml.replace(engineersGroup, opsGroup).replace(/(<Assertion[^>]*ID=")[^"]+"/, '$1_forged"');
    const results = Object.fromEntries(checkSamlResponse(decodeSamlInput(forged), options).map((result) => [result.name, result]));
    expect(results["assertion is signed by the IAM provider's certificate"].status).toBe("fail");
    expect(results["memberOf values match the endpoint's rules"].status).not.toBe("pass");
  });
});

describe("saml-check input", () => {
  const xml = response();
  const base64 = Buffer.from(xml).toString("base64");
  it.each([
    ["XML", xml, "xml"],
    ["base64 SAMLResponse value", base64, "base64"],
    ["URL-encoded form body", new URLSearchParams({ SAMLResponse: base64, RelayState: "state" }).toString(), "form"],
    ["percent-encoded value", encodeURIComponent(base64), "base64"],
  ])("reads a %s", (_label, text, form) => {
    const decoded = decodeSamlInput(text);
    expect(decoded.form).toBe(form);
    expect(decoded.xml).toBe(xml);
  });

  it.each([["", /empty/], ["not base64 at all!", /neither XML, nor base64/], [Buffer.from("hello").toString("base64"), /does not decode to XML/]])("refuses %j", (text, message) => {
    expect(() => decodeSamlInput(text)).toThrow(message);
  });
});

/**
 * The SAML verdict on its own: what `npm run saml-check` decides about a captured response, with no
 * CLI, AWS or stack around it. Kept apart from the command's tests so mutation testing reruns it fast.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { decodeSamlInput } from "../cli/day2/saml/saml-input";
import { checkSamlResponse, judgeSamlResponse } from "../cli/day2/saml/saml-requirements";
import type { SamlResponseOptions } from "./support/saml-test-idp";
import { idp, options, response, stranger, tenantId } from "./support/saml-responses";
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
    [
      { recipient: "https://portal.example.com/acs" },
      "recipient is the AWS client (or the self-service portal)",
      "Recipient https://portal.example.com/acs, Destination https://portal.example.com/acs is not http://127.0.0.1:35001 or https://self-service.clientvpn.amazonaws.com/api/auth/sso/saml",
    ],
    [{ attributes: { FirstName: "Ana", LastName: "Silva", memberOf: [opsGroup] } }, "memberOf values match the endpoint's rules", "none of the user's 1 group(s) is in a group rule; only dns (all groups) apply"],
    [{ attributes: { LastName: "Silva", memberOf: [engineersGroup] } }, "FirstName and LastName are present", "FirstName missing"],
    // Present but empty is missing too, and is no near miss of itself.
    [{ attributes: { FirstName: "", LastName: "Silva", memberOf: [engineersGroup] } }, "FirstName and LastName are present", "FirstName missing"],
    [{ attributes: { FirstName: "Ana", memberOf: [engineersGroup], lastname: "Silva" } }, "FirstName and LastName are present", 'LastName missing (found "lastname"; names are case-sensitive)'],
  ] as const)("claim problem %#: %s", (overrides, name, detail) => {
    const result = check(response(overrides as Partial<SamlResponseOptions>))[name];
    expect(result.status).toBe("fail");
    expect(result.detail).toBe(detail);
    expect(result.fix).toBeTruthy();
  });

  // Damaged responses: their signatures fail, so each problem is read from an unverified response and must stay a failure.
  const unverified = " (read from an unverified response)";
  it.each([
    ["no Issuer in the assertion", (xml: string) => xml.replace(/(<Assertion[^>]*>)<Issuer>[^<]*<\/Issuer>/, "$1"), "issuer is the IdP in the IAM provider's metadata", `issuer is missing, the metadata names https://sts.windows.net/11111111-2222-4333-8444-555555555555/${unverified}`],
    ["no SubjectConfirmation", (xml: string) => xml.replace(/<SubjectConfirmation [\s\S]*?<\/SubjectConfirmation>/, ""), "recipient is the AWS client (or the self-service portal)", `no SubjectConfirmationData Recipient${unverified}`],
    ["no NameID", (xml: string) => xml.replace(/<NameID [^>]*>[^<]*<\/NameID>/, ""), "NameID is an email address", `no NameID${unverified}`],
    ["a wrong audience", (xml: string) => xml.replace(">urn:amazon:webservices:clientvpn<", ">https://signin.aws.amazon.com/saml<"), "audience is urn:amazon:webservices:clientvpn", `audience is https://signin.aws.amazon.com/saml${unverified}`],
  ])("keeps a problem a failure when the response is unverified: %s", (_case, damage, name, detail) => {
    const result = check(damage(response()))[name];
    expect(result).toMatchObject({ status: "fail", detail });
  });

  it("shows what would pass in an unverified response as not checkable, pointing at the signatures", () => {
    const result = check(response().replace(engineersGroup, opsGroup))["NameID is an email address"];
    expect(result).toMatchObject({ status: "not-checkable", detail: `ana@example.com${unverified}`, fix: "no signature by the IAM provider's certificate covers this claim; fix the signatures first" });
  });

  it.each([
    ["missing", (xml: string) => xml.replace(/<samlp:Status>[\s\S]*?<\/samlp:Status>/, ""), "status missing"],
    ["one nested only under another element", (xml: string) => xml.replace(/<samlp:Status>[\s\S]*?<\/samlp:Status>/, '<samlp:Extensions><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:Extensions>'), "status missing"],
  ])("does not take a %s status for success", (_case, damage, detail) => {
    expect(check(damage(response({ signResponse: false })))["Entra reports success"]).toMatchObject({ status: "fail", detail });
  });

  it.each([
    ["the signing option missing", response({ signResponse: false }), /ResponseAndToken/],
    ["a certificate IAM does not hold", response({}, stranger), /^make IAM hold Entra's active certificate/],
    ["tampering", response().replace(engineersGroup, opsGroup), /^do not trust this response: it was changed after Entra signed it/],
  ])("gives the fix for %s", (_case, xml, fix) => {
    expect(check(xml)["response is signed by the IAM provider's certificate"].fix).toMatch(fix);
  });

  it.each([
    ["encrypted", (xml: string) => xml.replace(/<Assertion[\s\S]*<\/Assertion>/, '<EncryptedAssertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion"><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"/></EncryptedAssertion>'), "the assertion is encrypted", /^turn off token encryption/],
    ["missing", (xml: string) => xml.replace(/<Assertion[\s\S]*<\/Assertion>/, ""), "it carries 0 assertion(s), 0 in place: Entra sends exactly one, so this response was altered (signature wrapping?)", /^do not trust this response/],
  ])("refuses a response whose assertion is %s, and checks nothing after", (_case, damage, detail, fix) => {
    const results = checkSamlResponse(decodeSamlInput(damage(response())), options);
    expect(results.map((result) => result.name)).toEqual(["response is at most 128 KB", "Entra reports success", "response carries exactly one assertion"]);
    expect(results[2]).toMatchObject({ status: "fail", detail, fix: expect.stringMatching(fix) });
  });

  it("reads the issuer without the whitespace around it", () => {
    const xml = response({ issuer: "\n    https://sts.windows.net/11111111-2222-4333-8444-555555555555/\n  " });
    expect(check(xml)["issuer is the IdP in the IAM provider's metadata"]).toMatchObject({ status: "pass", detail: "https://sts.windows.net/11111111-2222-4333-8444-555555555555/" });
  });

  it("judges a response without Destination by its Recipient alone", () => {
    expect(check(response({ destination: "" }))["recipient is the AWS client (or the self-service portal)"]).toMatchObject({ status: "pass", detail: "http://127.0.0.1:35001" });
  });

  it("passes exactly 150 groups, Entra's most for SAML", () => {
    const groups = Array.from({ length: 150 }, (_, index) => `3f2a9c1e-0000-4000-8000-${String(index).padStart(12, "0")}`);
    expect(check(response({ attributes: { FirstName: "Ana", LastName: "Silva", memberOf: groups } }))["memberOf is present, with at most 150 groups"]).toMatchObject({ status: "pass", detail: "150 group(s)" });
  });

  it("cannot compare with the rules when no stack was given", () => {
    const result = checkSamlResponse(decodeSamlInput(response()), { ...options, rules: undefined }).find((r) => r.name === "memberOf values match the endpoint's rules");
    expect(result).toMatchObject({ status: "not-checkable", detail: "no stack given, so the rules are unknown", fix: expect.stringContaining("--stack") });
  });

  it.each([
    ["display names", ["Engineers"], true],
    ["an object ID inside other text", [`engineers ${opsGroup}`], true],
    ["an object ID followed by other text", [`${opsGroup} (ops)`], true],
    ["one name among object IDs", [opsGroup, "Engineers"], true],
    ["object IDs only, upper case", [opsGroup.toUpperCase()], false],
  ])("tells memberOf with %s from object IDs no rule names", (_case, memberOf, names) => {
    const result = check(response({ attributes: { FirstName: "Ana", LastName: "Silva", memberOf } }))["memberOf values match the endpoint's rules"];
    expect(result.status).toBe("fail");
    expect(result.detail.endsWith("; memberOf carries names, not object IDs")).toBe(names);
    expect(result.fix).toMatch(names ? /^emit group object IDs in memberOf/ : /^add the user to a group in `access`/);
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

  it("refuses a signature whose copy stands elsewhere in the document, as xml-crypto does, rather than guess which one was signed", () => {
    const xml = response({ signResponse: false });
    const signature = /<Signature[\s\S]*?<\/Signature>/.exec(xml)![0];
    const copied = xml.replace(/(<samlp:Response[^>]*>\s*<Issuer[^>]*>[^<]*<\/Issuer>)/, `$1<samlp:Extensions>${signature}</samlp:Extensions>`);
    expect(copied).not.toBe(xml);
    expect(check(copied)["assertion is signed by the IAM provider's certificate"]).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/: Cannot validate a document which contains multiple Signature elements with the same SignatureValue, in order to prevent signature wrapping attack\.$/),
    });
  });

  it.each([
    ["a Signature without a SignatureValue", () => `<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"/>`],
    ["a copy with another SignatureValue", (signature: string) => signature.replace(/<SignatureValue>[^<]+</, "<SignatureValue>AAAA<")],
  ])("takes %s elsewhere in the document for no copy of the assertion's signature", (_case, stray) => {
    const xml = response({ signResponse: false });
    const signature = /<Signature[\s\S]*?<\/Signature>/.exec(xml)![0];
    const withStray = xml.replace(/(<samlp:Response[^>]*>\s*<Issuer[^>]*>[^<]*<\/Issuer>)/, `$1<samlp:Extensions>${stray(signature)}</samlp:Extensions>`);
    expect(withStray).not.toBe(xml);
    expect(check(withStray)["assertion is signed by the IAM provider's certificate"].status).toBe("pass");
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

  it("verifies only the Signature's own SignatureValue, not one nested elsewhere in it", () => {
    // xml-crypto's loadSignature takes the first SignatureValue anywhere in the Signature.
    const xml = response();
    const signature = /<Signature[\s\S]*?<\/Signature>/.exec(xml)![0];
    const value = /<SignatureValue>([^<]*)<\/SignatureValue>/.exec(signature)![1];
    const nested = xml.replace(signature, signature.replace(/<SignatureValue>[^<]*<\/SignatureValue>/, `<Object><SignatureValue>${value}</SignatureValue></Object><SignatureValue></SignatureValue>`));
    expect(check(nested)["response is signed by the IAM provider's certificate"].status).toBe("fail");
  });

  it("accepts a SignatureValue whose base64 is wrapped over lines, as xml-crypto reads it", () => {
    const xml = response();
    const signature = /<Signature[\s\S]*?<\/Signature>/.exec(xml)![0];
    const value = /<SignatureValue>([^<]*)<\/SignatureValue>/.exec(signature)![1];
    const wrapped = xml.replace(signature, signature.replace(value, value.replace(/.{64}/g, "$&\n")));
    expect(wrapped).not.toBe(xml);
    expect(check(wrapped)["response is signed by the IAM provider's certificate"].status).toBe("pass");
  });

  it("runs xml-crypto's private checkSignature steps only on the release they were read from", () => {
    // saml-signatures.ts calls steps xml-crypto keeps private: an upgrade must re-read them first.
    expect(createRequire(__filename)("xml-crypto/package.json").version).toBe("6.3.2");
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

  const defaultGroupsClaim = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups";
  const withDefaultClaim = { attributes: { FirstName: "Ana", LastName: "Silva", [defaultGroupsClaim]: [engineersGroup] } };
  const withNoGroups = { attributes: { FirstName: "Ana", LastName: "Silva" } };
  it.each([
    [withDefaultClaim, undefined, "under its default claim name", /switch azure\.groupClaim on the identity stack to the route it does not use now \(claims-mapping-policy or gallery-app/],
    [withDefaultClaim, "claims-mapping-policy", "the claims-mapping policy did not copy the groups into memberOf", /set azure\.groupClaim to gallery-app on the identity stack \(pulumi config set --path 'clientvpn-federation:azure\.groupClaim' gallery-app\)/],
    [withDefaultClaim, "gallery-app", "the AWS ClientVPN gallery app did not emit its preset memberOf claim", /set azure\.groupClaim to claims-mapping-policy on the identity stack/],
    [withNoGroups, "claims-mapping-policy", "memberOf missing, and no group claim at all", /direct member of a group in azure\.groups .*set azure\.groupClaim to gallery-app/],
    [withNoGroups, undefined, "memberOf missing, and no group claim at all", /direct member .*switch azure\.groupClaim/],
  ] as const)("a missing memberOf (case %#) names the group-claim route to switch to", (overrides, route, detail, fix) => {
    const results = checkSamlResponse(decodeSamlInput(response(overrides)), { ...options, groupClaimRoute: route });
    const groups = results.find((result) => result.name === "memberOf is present, with at most 150 groups")!;
    expect(groups.status).toBe("fail");
    expect(groups.detail).toContain(detail);
    expect(groups.fix).toMatch(fix);
    // One mistake, one failure: the rules cannot be compared without memberOf, and say so.
    expect(results.find((result) => result.name === "memberOf values match the endpoint's rules")).toMatchObject({ status: "not-checkable", fix: "fix memberOf first (see its line)" });
  });

  it("counts the groups Entra sent under its default claim name", () => {
    const results = checkSamlResponse(decodeSamlInput(response(withDefaultClaim)), options);
    expect(results.find((result) => result.name.startsWith("memberOf is present"))?.detail).toBe(
      `memberOf missing; Entra sent 1 group(s) under its default claim name ${defaultGroupsClaim}, which AWS does not read`,
    );
  });

  it("names the identity stack, not IAM, when the trusted certificate comes from the identity stack", () => {
    const results = checkSamlResponse(decodeSamlInput(response({}, stranger)), { ...options, trustSource: "identity-stack" });
    const assertion = results.find((result) => result.name === "assertion is signed by the identity stack's certificate")!;
    expect(assertion.detail).toMatch(/which the identity stack does not hold/);
    expect(assertion.fix).toMatch(/^Entra signs with a key the identity stack did not make active.*run `pulumi up` on the identity stack/);
    expect(results.some((result) => result.name.includes("IAM"))).toBe(false);
  });

  it("hands out the claims only when a trusted signature covers them", () => {
    expect(judgeSamlResponse(decodeSamlInput(response()), options).claims).toEqual({
      nameId: "ana@example.com",
      attributes: new Map([["FirstName", ["Ana"]], ["LastName", ["Silva"]], ["memberOf", [engineersGroup]]]),
    });
    expect(judgeSamlResponse(decodeSamlInput(response({ signResponse: false })), options).claims?.attributes.get("memberOf")).toEqual([engineersGroup]);
    expect(judgeSamlResponse(decodeSamlInput(response({}, stranger)), options).claims).toBeUndefined();
    expect(judgeSamlResponse(decodeSamlInput(response().replace(engineersGroup, opsGroup)), options).claims).toBeUndefined();
  });

  it("says why the rules are unknown when the caller knows", () => {
    const results = checkSamlResponse(decodeSamlInput(response()), { ...options, rules: undefined, rulesUnknown: { detail: "an identity stack has no rules", fix: "point it at an endpoint stack" } });
    expect(results.find((result) => result.name === "memberOf values match the endpoint's rules")).toMatchObject({
      status: "not-checkable",
      detail: "an identity stack has no rules",
      fix: "point it at an endpoint stack",
    });
  });

  // Entra's failed sign-in, shaped like the sample in single-sign-on-saml-protocol ("Status"): no assertion, a
  // non-success StatusCode and the AADSTS code at the start of StatusMessage.
  const failedSignIn = (message: string | undefined) =>
    `<samlp:Response ID="_f0961a83" Version="2.0" IssueInstant="2026-11-21T08:49:24.405Z" InResponseTo="id1" xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">` +
    `<Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">https://sts.windows.net/${tenantId}/</Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Requester"/>` +
    `${message === undefined ? "" : `<samlp:StatusMessage>${message}</samlp:StatusMessage>`}</samlp:Status></samlp:Response>`;
  it.each([
    [
      "AADSTS50105: Your administrator has configured the application to block users unless they are specifically granted access.\nTrace ID: x",
      "status urn:oasis:names:tc:SAML:2.0:status:Requester; AADSTS50105 (EntitlementGrantsNotFound): the user is in no group assigned to the application",
      /^add the user directly to a group in azure\.groups/,
    ],
    [
      "AADSTS50124: Claims Transformation contains invalid input parameter.",
      "status urn:oasis:names:tc:SAML:2.0:status:Requester; AADSTS50124 (ClaimsTransformationInvalidInputParameter): Entra refuses the claims-mapping policy's transformation",
      /^set azure\.groupClaim to gallery-app on the identity stack/,
    ],
    ["AADSTS90011: The SAML authentication request property is not supported.", "status urn:oasis:names:tc:SAML:2.0:status:Requester; AADSTS90011", /https:\/\/login\.microsoftonline\.com\/error\?code=90011/],
    [undefined, "status urn:oasis:names:tc:SAML:2.0:status:Requester", /Entra sign-in logs/],
  ])("a failed sign-in (%s) is judged by its status alone, with the fix for its AADSTS code", (message, detail, fix) => {
    const results = checkSamlResponse(decodeSamlInput(failedSignIn(message)), options);
    expect(results.map((result) => [result.name, result.status])).toEqual([
      ["response is at most 128 KB", "pass"],
      ["Entra reports success", "fail"],
    ]);
    expect(results[1].detail).toBe(detail);
    expect(results[1].fix).toMatch(fix);
  });

  it("refuses a response that carries a DTD (entity expansion, external entities) without parsing it", () => {
    const hostile = `<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>${response()}`;
    const result = checkSamlResponse(decodeSamlInput(hostile), options).find((entry) => entry.name === "response is a SAML Response");
    expect(result).toMatchObject({ status: "fail", detail: "the XML is refused: it carries a document type declaration (DTD), which SAML never uses" });
  });
});

describe("saml-check signatures", () => {
  const responseXPath = "/*[local-name()='Response']";
  const assertionXPath = "/*[local-name()='Response']/*[local-name()='Assertion']";
  const responseSignatureOf = (xml: string) => check(xml)["response is signed by the IAM provider's certificate"];

  it.each([
    ["an undefined entity", "<samlp:Response>&bogus;</samlp:Response>", /^the XML is refused: it is not well-formed XML \(entity not found:&bogus;\)$/],
    ["a repeated attribute", '<Response ID="a" ID="b"/>', /^the XML is refused: it is not well-formed XML \(Attribute ID redefined\)$/],
    ["no element at all", "<!-- only a comment -->", /^the XML is refused: it is not well-formed XML \(no root element\)$/],
  ])("refuses XML with %s, saying why in one line", (_case, xml, detail) => {
    const results = checkSamlResponse(decodeSamlInput(xml), options);
    expect(results.map((result) => result.name)).toEqual(["response is at most 128 KB", "response is a SAML Response"]);
    expect(results[1]).toMatchObject({ status: "fail", detail: expect.stringMatching(detail) });
  });

  it("refuses a message that is not a samlp:Response, naming its root", () => {
    const request = '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r"/>';
    const results = checkSamlResponse(decodeSamlInput(request), options);
    expect(results[1]).toMatchObject({ name: "response is a SAML Response", status: "fail", detail: "the root element is samlp:AuthnRequest" });
    const wrongNamespace = '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol" ID="_r"/>';
    expect(checkSamlResponse(decodeSamlInput(wrongNamespace), options)[1]).toMatchObject({ status: "fail", detail: "the root element is samlp:Response" });
  });

  it("counts only XML-DSig signatures: a Signature element of another namespace is no signature", () => {
    const xml = response({ signResponse: false }).replace(/(<samlp:Status)/, '<x:Signature xmlns:x="urn:example:not-xmldsig"/>$1');
    expect(responseSignatureOf(xml)).toMatchObject({ status: "fail", detail: "the Response is not signed" });
  });

  it("refuses a signed element without an ID, which its signature cannot have referred to", () => {
    const xml = response().replace(/(<samlp:Response[^>]*?) ID="[^"]+"/, "$1");
    expect(responseSignatureOf(xml)).toMatchObject({ status: "fail", detail: "the Response has no ID, so its signature cannot refer to it" });
  });

  it("refuses a signature that covers another element besides its own, though it verifies", () => {
    const assertionSigned = response({ signResponse: false });
    const xml = idp.signReferences(assertionSigned, responseXPath, [{ xpath: responseXPath }, { xpath: assertionXPath }]);
    const [responseId, assertionId] = [/<samlp:Response[^>]*ID="([^"]+)"/.exec(xml)![1], /<Assertion[^>]*ID="([^"]+)"/.exec(xml)![1]];
    expect(responseSignatureOf(xml)).toMatchObject({
      status: "fail",
      detail: `the Response's signature refers to #${responseId}, #${assertionId}, not to the Response itself (#${responseId}): a wrapped or misplaced signature`,
    });
  });

  it("refuses a signature over the whole document (an empty reference URI) in place of the Response's own", () => {
    const xml = idp.signReferences(response({ signResponse: false }), responseXPath, [{ xpath: "/*", emptyUri: true }]);
    const responseId = /<samlp:Response[^>]*ID="([^"]+)"/.exec(xml)![1];
    expect(responseSignatureOf(xml)).toMatchObject({
      status: "fail",
      detail: `the Response's signature refers to "", not to the Response itself (#${responseId}): a wrapped or misplaced signature`,
    });
  });

  it.each([
    ["by the IAM provider's certificate", idp],
    ["by a certificate IAM does not hold", stranger],
  ])("calls a response signed %s and changed afterwards tampered, not foreign", (_case, signer) => {
    const xml = response({}, signer).replace(engineersGroup, opsGroup);
    expect(responseSignatureOf(xml)).toMatchObject({
      status: "fail",
      detail: "the Response's signature does not verify with the IAM provider's certificate: the digest does not match: the content was changed after signing",
    });
  });

  it("says why a trusted certificate that is no certificate cannot verify the signature", () => {
    // The Response signature's own KeyInfo (the first) is covered by no digest; without it no embedded certificate names the signer.
    const xml = response().replace(/<KeyInfo>[\s\S]*?<\/KeyInfo>/, "");
    const detail = checkSamlResponse(decodeSamlInput(xml), { ...options, trustedCertificates: ["bm90IGEgY2VydGlmaWNhdGU="] }).find((result) => result.name === "response is signed by the IAM provider's certificate")?.detail;
    expect(detail).toMatch(/^the Response's signature does not verify with the IAM provider's certificate: \S/);
    expect(detail).not.toMatch(/: (undefined|invalid signature.*)$/);
  });

  it("calls a changed response tampered when its signature carries no certificate to name the signer by", () => {
    const xml = response().replace(/<KeyInfo>[\s\S]*?<\/KeyInfo>/g, "").replace(engineersGroup, opsGroup);
    expect(xml).not.toContain("X509Certificate");
    expect(responseSignatureOf(xml)).toMatchObject({ status: "fail", detail: expect.stringMatching(/^the Response's signature does not verify with the IAM provider's certificate: /) });
  });

  it("names a certificate IAM does not hold even when the response carries it wrapped over several lines", () => {
    // The first certificate is the Response signature's own, which that signature does not cover.
    const xml = response({}, stranger).replace(/(<X509Certificate>)([^<]+)(<\/X509Certificate>)/, (_all, open: string, body: string, close: string) => `${open}\n${body.match(/.{1,64}/g)!.join("\n")}\n${close}`);
    expect(responseSignatureOf(xml)).toMatchObject({ status: "fail", detail: expect.stringMatching(/^the Response is signed by [0-9A-F]{40}, which the IAM provider does not hold/) });
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

  const encoded = (text: string) => Buffer.from(text).toString("base64");
  it.each([
    ["a byte order mark before the XML", `\uFEFF${xml}`, xml, "xml"],
    ["base64 without padding", encoded("<abc/>"), "<abc/>", "base64"],
    ["base64 with one padding character", encoded("<ab/>"), "<ab/>", "base64"],
    ["base64 with two padding characters", encoded("<a/>"), "<a/>", "base64"],
    ["base64 of XML with blank lines around it", encoded("\n  <a/>\n"), "<a/>", "base64"],
    ["base64 wrapped over lines", `${encoded("<abc/>").slice(0, 4)}\r\n${encoded("<abc/>").slice(4)}`, "<abc/>", "base64"],
  ])("reads %s", (_label, text, expected, form) => {
    expect(decodeSamlInput(text)).toMatchObject({ xml: expected, form });
  });

  it.each([
    ["", /empty/],
    ["not base64 at all!", /neither XML, nor base64/],
    [`#${encoded("<abc/>")}`, /neither XML, nor base64/],
    [`${encoded("<abc/>")}#`, /neither XML, nor base64/],
    [`${encoded("<abc/>")}===`, /neither XML, nor base64/],
    [`${encoded("<abc/>")}%2`, /neither XML, nor base64/],
    [`${encoded("<abc/>")}%2B%E0%A4%A`, /percent-encoded, but not completely/],
    [encoded("hello"), /does not decode to XML/],
  ])("refuses %j", (text, message) => {
    expect(() => decodeSamlInput(text)).toThrow(message);
  });
});

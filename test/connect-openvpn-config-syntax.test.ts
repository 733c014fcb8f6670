import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closesInlineBlock, configLines, directiveName, formatDirective, inlineBlockName, tokenizeLine } from "../cli/connect/openvpn-config-syntax";

// Each case is what OpenVPN 2.6's parse_line makes of the line (src/openvpn/options.c); the tricky ones were
// checked against the real binary (openvpn 2.6.14 --config), e.g. `"scr"ipt-security 2` fails as option "scr".
describe("tokenizeLine reads a line as OpenVPN does", () => {
  it.each([
    ["plain words", "remote vpn.example 443 udp", ["remote", "vpn.example", "443", "udp"]],
    ["tabs, CR and vertical tab are blanks", "verb\t3\r", ["verb", "3"]],
    ["a comment after the words", "verb 3 # loud", ["verb", "3"]],
    ["a ; comment after the words", "verb 3 ; loud", ["verb", "3"]],
    ["a # inside a word is kept", "pull-filter ignore a#b", ["pull-filter", "ignore", "a#b"]],
    ["a comment after a backslash", "\\# not a word", []],
    ["double quotes keep blanks", 'verify-x509-name "server name" name', ["verify-x509-name", "server name", "name"]],
    ["a closing quote ends the word", '"scr"ipt-security 2', ["scr", "ipt-security", "2"]],
    ["escaped quote and backslash inside quotes", '"a\\"b\\\\c"', ['a"b\\c']],
    ["single quotes take backslashes literally", "'a\\b c'", ["a\\b c"]],
    ["an escaped blank joins words", "up\\ down x", ["up down", "x"]],
    ["an empty quoted word", 'setenv ""', ["setenv", ""]],
    ["only blanks", "   \t ", []],
  ])("%s", (_name, line, words) => {
    expect(tokenizeLine(line)).toEqual({ ok: true, words });
  });

  it.each([
    ["an unclosed double quote", 'remote "vpn', /closing quotation mark/],
    ["an unclosed single quote", "remote 'vpn", /closing single quotation mark/],
    ["a backslash before a letter", "up c:\\temp", /backslash may only escape/],
  ])("refuses %s, as OpenVPN does", (_name, line, problem) => {
    const result = tokenizeLine(line);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(problem);
  });

  it("reads back exactly the words formatDirective wrote, whatever they hold", () => {
    const word = fc.string({ unit: fc.constantFrom("a", "-", " ", "\t", '"', "'", "\\", "#", ";", "<", ">", "é", "x"), maxLength: 8 });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
        expect(tokenizeLine(formatDirective(words))).toEqual({ ok: true, words });
      }),
    );
  });
});

describe("directive names and inline blocks", () => {
  it.each([
    ["--verb", "verb"],
    ["--x", "x"],
    ["--", "--"],
    ["verb", "verb"],
  ])("the first word %s names directive %s", (word, name) => {
    expect(directiveName(word)).toBe(name);
  });

  it.each([
    [["<ca>"], "ca"],
    [["--<up>"], "up"],
    [["<tls-auth>"], "tls-auth"],
    [["<ca>", "x"], undefined],
    [["ca"], undefined],
  ])("%j opens block %s", (words, name) => {
    expect(inlineBlockName(words)).toBe(name);
  });

  it.each([
    ["</ca>", true],
    ["  \t</ca>", true],
    ["</ca>junk", true],
    ["x</ca>", false],
    ["</cert>", false],
    ["\u00a0</ca>", false],
  ])("%j closes <ca>: %s", (line, closes) => {
    expect(closesInlineBlock(line, "ca")).toBe(closes);
  });

  it("splits lines at LF only and drops a UTF-8 byte order mark", () => {
    expect(configLines("\uFEFFclient\r\ndev tun\rx\n")).toEqual(["client\r", "dev tun\rx", ""]);
  });
});

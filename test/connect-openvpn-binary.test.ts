import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  classifyProbeOutput,
  maxPasswordLength,
  OpenvpnBinaryError,
  probeOpenvpnBinary,
} from "../cli/connect/openvpn-binary";

const DEBIAN_BANNER =
  "OpenVPN 2.6.14 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] [DCO]\n" +
  "library versions: OpenSSL 3.0.19 27 Jan 2026, LZO 2.10\n";
const NO_PKCS11_BANNER = "OpenVPN 2.6.12 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [MH/PKTINFO] [AEAD]\n";
// What stock OpenVPN 2.6 prints for the probe's long comment line.
const STOCK_PROBE =
  "Options error: In /tmp/cvpn-probe-x/probe.conf:1: Maximum option line length (256) exceeded, line starts with # xxxx\n" +
  "Use --help for more information.\n";

describe("classifyProbeOutput", () => {
  it.each([
    ["stock Debian build", DEBIAN_BANNER, STOCK_PROBE, { kind: "limited", version: "2.6.14", optionLineLimit: 256, pkcs11: true }],
    ["stock build without PKCS#11", NO_PKCS11_BANNER, STOCK_PROBE, { kind: "limited", version: "2.6.12", optionLineLimit: 256, pkcs11: false }],
    ["patched build: reads the long line and prints its banner", DEBIAN_BANNER, DEBIAN_BANNER, { kind: "raised", version: "2.6.14" }],
  ])("%s", (_name, banner, probe, expected) => {
    expect(classifyProbeOutput(banner, probe)).toEqual(expected);
  });

  it.each([
    ["a program that is not OpenVPN", "usage: something else\n", "", /did not print an OpenVPN version banner/],
    ["an OpenVPN that neither accepts nor refuses the line", DEBIAN_BANNER, "Segmentation fault\n", /cannot tell/],
  ])("refuses %s", (_name, banner, probe, message) => {
    expect(() => classifyProbeOutput(banner, probe)).toThrow(OpenvpnBinaryError);
    expect(() => classifyProbeOutput(banner, probe)).toThrow(message);
  });
});

describe("maxPasswordLength", () => {
  it.each([
    ["patched: AWS's 128 KB", { kind: "raised", version: "2.6.12" } as const, 131072],
    ["stock with PKCS#11: the 256-byte option size", { kind: "limited", version: "2.6.14", optionLineLimit: 256, pkcs11: true } as const, 255],
    ["stock without PKCS#11: USER_PASS_LEN 128", { kind: "limited", version: "2.6.14", optionLineLimit: 256, pkcs11: false } as const, 127],
    ["a build that raised only the option size", { kind: "limited", version: "2.6.14", optionLineLimit: 8192, pkcs11: true } as const, 4095],
  ])("%s", (_name, capability, expected) => {
    expect(maxPasswordLength(capability)).toBe(expected);
  });
});

describe("probeOpenvpnBinary", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "probe-test-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("finds Debian's /usr/sbin/openvpn to be a stock build with a 256-character limit", async () => {
    // scripts/setup.sh installs openvpn; without it this test fails rather than skips.
    expect(existsSync("/usr/sbin/openvpn"), "/usr/sbin/openvpn is missing: run scripts/setup.sh").toBe(true);
    const capability = await probeOpenvpnBinary("/usr/sbin/openvpn");
    expect(capability).toMatchObject({ kind: "limited", optionLineLimit: 256 });
    expect(maxPasswordLength(capability)).toBeLessThan(10_000);
  });

  it("finds a binary that reads the long line to be patched", async () => {
    // Stands in for AWS's build, which we cannot ship: it answers every run with a banner, as a patched binary does.
    const fake = join(dir, "acvc-openvpn");
    await writeFile(fake, `#!/bin/sh\necho 'OpenVPN 2.6.12 x86_64-apple-darwin [SSL (OpenSSL)] [PKCS11] [AEAD]'\n`);
    await chmod(fake, 0o755);
    expect(await probeOpenvpnBinary(fake)).toEqual({ kind: "raised", version: "2.6.12" });
  });

  it("says clearly when the binary does not exist", async () => {
    await expect(probeOpenvpnBinary(join(dir, "missing-openvpn"))).rejects.toThrow(/cannot run .*missing-openvpn \(ENOENT\); pass the patched OpenVPN with --openvpn/);
  });
});

/**
 * A throwaway PKI for the loopback OpenVPN server, made with the openssl command at test time: a CA and a server
 * certificate with the serverAuth extended key usage that `remote-cert-tls server` in the client profile checks.
 * P-256 keys keep generation fast.
 */
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface TestPki {
  caCertPath: string;
  caPem: string;
  serverCertPath: string;
  serverKeyPath: string;
}

const KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

export async function generateTestPki(dir: string): Promise<TestPki> {
  const path = (name: string) => join(dir, name);
  await run("openssl", [
    "req", "-x509", ...KEY, "-keyout", path("ca.key"), "-out", path("ca.crt"), "-days", "1",
    "-subj", "/CN=clientvpn-connect test CA",
    "-addext", "basicConstraints=critical,CA:TRUE",
    "-addext", "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  await run("openssl", ["req", ...KEY, "-keyout", path("server.key"), "-out", path("server.csr"), "-subj", "/CN=server"]);
  await writeFile(
    path("server.ext"),
    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
  );
  await run("openssl", [
    "x509", "-req", "-in", path("server.csr"), "-CA", path("ca.crt"), "-CAkey", path("ca.key"),
    "-CAcreateserial", "-out", path("server.crt"), "-days", "1", "-extfile", path("server.ext"),
  ]);
  return {
    caCertPath: path("ca.crt"),
    caPem: (await readFile(path("ca.crt"), "utf8")).trim(),
    serverCertPath: path("server.crt"),
    serverKeyPath: path("server.key"),
  };
}
